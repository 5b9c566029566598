/**
 * The LiveView base class: state on the server, rendered to HTML for the first paint, re-rendered after every
 * event, diffed, and sent to the browser as minimal DOM patches. Mirrors Phoenix LiveView and djust's `LiveView`.
 * @module
 */
import type { VNode } from "../vdom/vnode.ts";

/** Route and query parameters: `/users/:id?tab=posts` gives `{ id: "7", tab: "posts" }`. */
export type Params = Record<string, string>;

/**
 * The browser's session: one object per browser (a signed cookie names it), shared by all tabs, kept in the
 * state backend. Put per-user data here (a cart, preferences, the todos of TodoMVC). Changes made by a handler
 * are saved after the handler returns. Values must be of the types listed in `docs/state.md`.
 */
export type Session = Record<string, unknown>;

/** Per-view facts the engine attaches to a view instance; not part of its serialized state. */
export interface ViewContext {
  /** The browser session, see {@link Session}. */
  session: Session;
  /** Whether the view is rendering for a connected socket (`false` during the first HTTP paint). */
  connected: boolean;
}

const contexts = new WeakMap<LiveView, ViewContext>();

/** Used by the session engine to attach a {@link ViewContext}. Not for applications. */
export function attachContext(view: LiveView, ctx: ViewContext): void {
  contexts.set(view, ctx);
}

/**
 * Base class of every LiveView.
 *
 * State is the instance's own public fields (names not starting with `_`). They are serialized between events
 * and across reconnects, so they must be of the supported types (`docs/state.md`); anything else fails loudly
 * with a {@link StateError} naming the field.
 *
 * Render with JSX in {@link LiveView.render}, or with a Nunjucks template: `static template = "counter.njk"`
 * (a file in one of the server's `templateDirs`) or `static templateString = "<div>{{ count }}</div>"`. Template
 * context: the view's fields and getters. Autoescaped.
 *
 * @example
 * ```tsx
 * export class CounterView extends LiveView {
 *   count = 0;
 *   @event() increment() { this.count += 1; }
 *   render() { return <div><h1>Count: {this.count}</h1><button rein-click="increment">+</button></div>; }
 * }
 * ```
 */
export abstract class LiveView {
  /** Page title for the first paint (`<title>`). */
  static title?: string;
  /** Nunjucks template file, resolved against the server's `templateDirs`. */
  static template?: string;
  /** Inline Nunjucks template source. */
  static templateString?: string;

  /**
   * Called once when the view is created (first HTTP request); not called again on reconnect, where the state is
   * restored from the state backend instead. `params` are the route and query parameters.
   */
  mount?(params: Params, session: Session): void | Promise<void>;

  /**
   * Called after `mount` and whenever the page URL changes (hash routes, back button). Mirrors Phoenix's
   * `handle_params/3`. `url.hash` holds the hash route (`"#/active"`).
   */
  handleParams?(params: Params, url: URL): void | Promise<void>;

  /** Returns the view's tree; with JSX, a root element or a fragment. Omit it to use a template. */
  render?(): VNode;

  /** The browser session (see {@link Session}). Not serialized with the view's state. */
  protected get session(): Session {
    return contexts.get(this)?.session ?? {};
  }

  /** `true` once the view runs on a WebSocket, `false` during the first HTTP render. */
  protected get connected(): boolean {
    return contexts.get(this)?.connected ?? false;
  }
}

/** A LiveView class that the router can construct. */
export type LiveViewClass = (new () => LiveView) & {
  title?: string;
  template?: string;
  templateString?: string;
};
