/**
 * The LiveView base class: state on the server, rendered to HTML for the first paint, re-rendered after every
 * event, diffed, and sent to the browser as minimal DOM patches. Mirrors Phoenix LiveView and djust's `LiveView`.
 * @module
 */
import { EXEC_PUSH, type EventParams } from "../protocol/frames.ts";
import type { VNode } from "../vdom/vnode.ts";
import { attachContext, contextOf, queuePush, type Session, type ViewContext } from "./context.ts";
import type { ComponentClass, LiveComponent, PropsOf } from "./component.ts";
import { sendUpdateIn } from "./component-registry.ts";
import { JSChain } from "./js.ts";
import { broadcastCommandsFrom, broadcastFrom, Subscriptions } from "./subscriptions.ts";
import { PresenceTracker } from "./presence-tracker.ts";
import { CancelledError, type WaitOptions, Waiters } from "./waiters.ts";

export { attachContext, contextOf, type Session, type ViewContext };

/** Route and query parameters: `/users/:id?tab=posts` gives `{ id: "7", tab: "posts" }`. */
export type Params = Record<string, string>;

/**
 * Base class of every LiveView.
 *
 * State is the instance's own fields (plus `@state` accessors). They are serialized after every change and
 * restored on reconnect, so they must be of the supported types (`docs/state.md`); anything else fails loudly
 * with a `StateError` naming the field. List fields to skip in `static transient`.
 *
 * Features that are not part of every view attach through view controllers (`addController`), not as members
 * of this class: tutorials are one.
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
  /** Field names that are not state: not serialized, back to their defaults after a restore. */
  static transient?: readonly string[];
  /**
   * The stateful component classes its Nunjucks template renders by name: `static components = { Counter }` makes
   * `{% component "Counter", id="left", start=5 %}` work. JSX uses the classes directly.
   */
  static components?: Readonly<Record<string, ComponentClass>>;

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

  /**
   * Receives messages: what is broadcast on a topic the view subscribed to (`subscribe`), and what a stateful
   * component sent with `sendParent(event, payload)` (in the same change as the component's handler). The view
   * renders again after it. Mirrors Phoenix's `handle_info/2`.
   */
  handleInfo?(event: string, payload: unknown): void | Promise<void>;

  /**
   * Calls `update(props)` on the stateful component `id` of class `cls` in this view (the props merged over its
   * last ones) and renders it again. Mirrors Phoenix's `send_update/3`.
   * @throws Error when the view has no such component.
   */
  sendUpdate<C extends LiveComponent<object>>(cls: ComponentClass<C>, id: string, props: Partial<PropsOf<C>>): void {
    sendUpdateIn(this, cls, id, props as Record<string, unknown>);
  }

  /** The browser session (see {@link Session}). Not serialized with the view's state. */
  protected get session(): Session {
    return contextOf(this)?.session ?? {};
  }

  /** `true` once the view runs on a WebSocket, `false` during the first HTTP render. */
  protected get connected(): boolean {
    return contextOf(this)?.connected ?? false;
  }

  /**
   * Sends a push event to the browser: `[name, payload]`, dispatched there as `CustomEvent("rein:" + name)` on
   * `window` and to hooks' `handleEvent(name)`. Pushes of one handler arrive in order, after the patches of the
   * same frame. Called outside a handler (timer, background task), they go out in an update frame at once.
   * Mirrors Phoenix's `push_event/3` and djust's `push_event`.
   * @param payload - JSON-serializable.
   * @throws TypeError when `name` is empty or reserved (`"state"`, `"rein:state"`: the client state bus's), or
   * `payload` is not JSON-serializable.
   */
  pushEvent(name: string, payload: unknown = null): void {
    queuePush(this, name, payload);
  }

  /**
   * Sends a JS command chain for the browser to run, after the patches of the same frame. The chain must be built
   * with `JS.*`, so no arbitrary op list can be smuggled through. Mirrors djust's `push_commands`.
   * @throws TypeError when `chain` is not a JS chain.
   */
  pushCommands(chain: JSChain): void {
    if (!(chain instanceof JSChain)) {
      const got = chain === null ? "null" : Array.isArray(chain) ? "an array" : typeof chain;
      throw new TypeError(`pushCommands expects a JS chain (JS.show(...)), got ${got}`);
    }
    this.pushEvent(EXEC_PUSH, chain.ops);
  }

  /**
   * Resolves with the params of the next call of handler `name` that passes `predicate` (every matching waiter
   * resolves; waiters of other names are untouched). Rejects with `TimeoutError` after `timeout` ms (the waiter
   * is removed) and with `CancelledError` when the view disconnects. The handler must really run: a call refused
   * for bad params does not resolve it. Mirrors djust's `wait_for_event`.
   */
  waitForEvent(name: string, options: WaitOptions = {}): Promise<EventParams> {
    const ctx = contextOf(this);
    if (!ctx?.connected) return Promise.reject(new CancelledError("waitForEvent needs a connected view"));
    ctx.waiters ??= new Waiters(ctx.log);
    return ctx.waiters.wait(name, options);
  }

  /**
   * Listens to PubSub `topic`: what is broadcast on it (from any view, in any process sharing the PubSub) arrives
   * as `handleInfo(event, payload)`, in the view's queue, and the view renders again. The topics are part of the
   * view's stored state, so a restored view (reconnect, restart, another process) listens again. Call it in
   * `mount` or a handler. Mirrors Phoenix's `PubSub.subscribe/2`.
   * @throws TypeError for an empty topic.
   */
  subscribe(topic: string): void {
    Subscriptions.of(this, true).add(topic);
  }

  /** Stops listening to `topic`. */
  unsubscribe(topic: string): void {
    Subscriptions.of(this)?.remove(topic);
  }

  /**
   * Broadcasts `event` with `payload` on `topic`: every subscribed view, in every process sharing the PubSub (this
   * one too, when subscribed), gets `handleInfo(event, payload)`. Mirrors Phoenix's `Endpoint.broadcast/3`.
   * @param payload - JSON-serializable.
   * @returns resolves once handed to the PubSub.
   * @throws TypeError for an empty topic or event, or a payload that is not JSON-serializable; Error when the
   *   view is not connected.
   */
  broadcast(topic: string, event: string, payload: unknown = null): Promise<void> {
    return broadcastFrom(this, topic, event, payload);
  }

  /**
   * Runs a JS command chain in every browser whose view is subscribed to `topic` (djust's multi-user
   * server-driven UI). The chain must be built with `JS.*`.
   * @throws TypeError when `chain` is not a JS chain; Error when the view is not connected.
   */
  broadcastCommands(topic: string, chain: JSChain): Promise<void> {
    return broadcastCommandsFrom(this, topic, chain);
  }

  /**
   * Marks `key` (a user id, say) as present on `topic` with `meta` (`{ name, typing }`), for as long as this view is
   * connected; every subscriber of the topic gets `handleInfo("presence_diff", { joins, leaves })`, in every
   * process. Tracking the same key again replaces its meta. Kept with the view's state: a restored view is
   * present again. Mirrors Phoenix's `Presence.track/4`.
   * @throws TypeError for an empty topic or key, or a meta that is not a JSON-serializable plain object.
   */
  track(topic: string, key: string, meta: Record<string, unknown> = {}): void {
    PresenceTracker.of(this, true).track(topic, key, meta);
  }

  /** Ends this view's presence of `key` on `topic` (a leave diff goes out). */
  untrack(topic: string, key: string): void {
    PresenceTracker.of(this)?.untrack(topic, key);
  }

  /**
   * Who is on `topic` now, across every process: `{ [key]: { metas: [{ ...meta, ref }] } }` (one meta per
   * presence: a user with two tabs has two). Mirrors Phoenix's `Presence.list/1`.
   * @throws Error when the view is not connected (the first HTTP paint has no presence store).
   */
  listPresence(topic: string): Promise<Record<string, { metas: Array<Record<string, unknown> & { readonly ref: string }> }>> {
    const presence = contextOf(this)?.presence;
    if (!presence) return Promise.reject(new Error("listPresence needs a connected view"));
    return presence.list(topic);
  }

  /** Aborts every running `@background` task of this view (their `signal` fires). */
  cancelTasks(): void {
    const tasks = contextOf(this)?.tasks;
    if (tasks) for (const t of tasks) t.abort(new CancelledError("cancelled by the view"));
  }

  /**
   * Sends the changes made outside a handler now (from a timer, a PubSub message, another object). Changes of
   * `@state` fields and changes made inside `@background` tasks are sent without it.
   */
  update(): void {
    contextOf(this)?.changed();
  }
}

/** A LiveView class that the router can construct. */
export type LiveViewClass = (new () => LiveView) & {
  title?: string;
  template?: string;
  templateString?: string;
  transient?: readonly string[];
  components?: Readonly<Record<string, ComponentClass>>;
};
