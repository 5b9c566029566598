/**
 * Stateful components: `LiveComponent`, a piece of a view with its own state, lifecycle and event handlers.
 * Mirrors Phoenix's `LiveComponent` (`mount`, `update`, `render`, `handle_event`, `send_update`, `@myself`) and
 * djust's `LiveComponent`; unlike djust, only the component re-renders after its events, and only its patches
 * travel.
 * @module
 */
import { CLASS_COMPONENT } from "../template/class-component.ts";
import type { VNode } from "../vdom/vnode.ts";
import { queuePush } from "./context.ts";

/** What every component takes besides its own props: its id, unique among the components of its view. */
export interface ComponentIdentity {
  /** Identity of the component in its view (with its class): events name it, and a moved component keeps it. */
  readonly id: string;
}

/** The props of a component as it receives them: its own, plus its id. */
export type ComponentProps<P> = Readonly<P & ComponentIdentity>;

/** A component class, as JSX and `sendUpdate` take it. */
export type ComponentClass<C extends LiveComponent<object> = LiveComponent<object>> = (new () => C) & {
  transient?: readonly string[];
};

/** The props type of component instance type `C`. */
export type PropsOf<C> = C extends { readonly props: infer Q } ? Omit<Q, "id"> : never;

/**
 * What a component instance needs from the registry of its view (live/component-registry.ts), which implements
 * it: kept here so that this module does not import the registry.
 */
export interface ComponentHost {
  /** Queues `handleInfo(event, payload)` on the component's parent (the view, or the component that renders it). */
  sendParent(from: LiveComponent<object>, event: string, payload: unknown): void;
  /** Calls `update(props)` on component `id` of class `cls` and renders it again; see {@link LiveComponent.sendUpdate}. */
  sendUpdate(cls: Function, id: string, props: Record<string, unknown>): void;
  /** Marks the component as changed and asks for an update frame. */
  requestUpdate(from: LiveComponent<object>): void;
}

/** What the registry attaches to each instance: never state. */
export interface ComponentRuntime {
  readonly id: string;
  /** The last props its parent rendered it with (or `sendUpdate` gave). */
  props: Record<string, unknown>;
  readonly host: ComponentHost;
}

/** Runtime data of component instances, written by the registry. */
export const runtimes = new WeakMap<object, ComponentRuntime>();

function runtimeOf(c: object): ComponentRuntime {
  const rt = runtimes.get(c);
  if (!rt) throw new Error(`${c.constructor.name} is not rendered by a view (components are created by JSX or {% component %})`);
  return rt;
}

/**
 * Base class of stateful components. Fields are the component's state: serialized with its view's state, restored
 * with it after a reconnect, a restart or on another process, rolled back with it when a change fails. Props are
 * not state: they are what the parent renders it with, available as {@link props}.
 *
 * Lifecycle (all synchronous: they run inside the parent's render):
 * - `mount(props)` once, when the parent first renders it (not after a restore, where the state comes back);
 * - `update(props)` when the parent renders it again with props that differ by value from the last ones
 *   (props holding functions or JSX children never compare equal), and on `sendUpdate`;
 * - `render()` returns ONE root element; it runs when the component is new, after its own events, after
 *   `update`, and after `requestUpdate()`; otherwise the parent's render reuses its last tree untouched.
 *
 * Events: elements inside the component's root send their events to it (the nearest component root), unless
 * a closer `rein-target` names another. Its `@event()` handlers take every decorator of the event pipeline; gates,
 * rate limits, caches and `waitForEvent` waiters are its own (target = its id).
 *
 * A component changes through its own handlers, `update`, `sendUpdate` and `requestUpdate`; it must not change
 * objects it received as props (they belong to the parent, whose render would not run): it tells the parent with
 * {@link sendParent} instead.
 *
 * @example
 * ```tsx
 * class Counter extends LiveComponent<{ start: number }> {
 *   count = 0;
 *   override mount({ start }: ComponentProps<{ start: number }>) { this.count = start; }
 *   @event() inc() { this.count += 1; if (this.count === 10) this.sendParent("reachedTen", { id: this.id }); }
 *   render() { return <div><button rein-click="inc">+</button> {this.count}</div>; }
 * }
 * // in a LiveView's render:  <Counter id="left" start={5} />
 * ```
 */
export abstract class LiveComponent<P extends object = Record<never, never>> {
  /** Marks the class for the JSX runtime. */
  static readonly [CLASS_COMPONENT] = true;
  /** Field names that are not state (as for views). */
  static transient?: readonly string[];

  /** The component's id (from its `id` prop). */
  get id(): string {
    return runtimeOf(this).id;
  }

  /** The props of the last render by the parent (or of the last `sendUpdate`). Not state. */
  get props(): ComponentProps<P> {
    return runtimeOf(this).props as ComponentProps<P>;
  }

  /** Called once, when the component first appears; not after a restore (its state comes back instead). */
  mount?(props: ComponentProps<P>): void;

  /** Called when the parent renders the component with props that changed, and on `sendUpdate`. */
  update?(props: ComponentProps<P>): void;

  /** Receives what a child component sent with `sendParent`. Mirrors Phoenix's `handle_info/2`. */
  handleInfo?(event: string, payload: unknown): void | Promise<void>;

  /** The component's tree: one root element (it gets the `rein-component` attribute). */
  abstract render(): VNode;

  /**
   * Sends `event` with `payload` to the parent (the view, or the component that renders this one): its
   * `handleInfo(event, payload)` runs after this handler, in the same change (a throw there rolls both back),
   * and the parent renders again.
   * @param payload - any value (it is not serialized).
   */
  sendParent(event: string, payload: unknown = null): void {
    runtimeOf(this).host.sendParent(this, event, payload);
  }

  /**
   * Calls `update(props)` on the component `id` of class `cls` of the same view (merged over its last props) and
   * renders it again. Mirrors Phoenix's `send_update/3`.
   * @throws Error when the view has no such component.
   */
  sendUpdate<C extends LiveComponent<object>>(cls: ComponentClass<C>, id: string, props: Partial<PropsOf<C>>): void {
    runtimeOf(this).host.sendUpdate(cls, id, props as Record<string, unknown>);
  }

  /** Sends the changes made outside a handler (a timer): only this component renders again. Lit's name. */
  requestUpdate(): void {
    runtimeOf(this).host.requestUpdate(this);
  }

  /**
   * Sends a push event to the browser (see `LiveView.pushEvent`).
   * @throws TypeError when `name` is empty or `payload` is not JSON-serializable.
   */
  pushEvent(name: string, payload: unknown = null): void {
    queuePush(this, name, payload);
  }
}
