/**
 * The per-view runtime context: what the session engine attaches to a view instance besides its state.
 * @module
 */
import { STATE_PUSH, type Push } from "../protocol/frames.ts";
import type { Waiters } from "./waiters.ts";

/**
 * The browser's session: one object per browser (a signed cookie names it), shared by all tabs, kept in the
 * state backend. Put per-user data here (a cart, preferences, the todos of TodoMVC). Changes made by a handler
 * are saved after the handler returns. Values must be of the types listed in `docs/state.md`.
 */
export type Session = Record<string, unknown>;

/** Per-view runtime the engine attaches to a view instance; never serialized. */
export interface ViewContext {
  /** The browser session, see {@link Session}. */
  session: Session;
  /** Whether the view runs on a socket (`false` during the first HTTP paint). */
  connected: boolean;
  /** Non-zero while `render()` runs; `@computed` caches per value. */
  renderEpoch: number;
  /** Pushes queued since the last frame. */
  pushes: Push[];
  /** Asks for an update frame: state or pushes changed outside a handler. */
  changed(): void;
  /** Where errors go. */
  log(message: string, err?: unknown): void;
  /** Pending `waitForEvent` calls (created on first use). */
  waiters?: Waiters | undefined;
  /** Running `@background` tasks. */
  tasks?: Set<AbortController> | undefined;
  /**
   * The event targets inside the view besides the view itself, by id: what an event frame's `target` names.
   * Components register here; an event whose target is not in it is refused with `unknown_target`.
   */
  targets?: Map<string, object> | undefined;
  /**
   * The topics shared by the views of this process and, with a shared implementation (Redis), of every process:
   * the engine's PubSub. Absent outside the engine (the first HTTP paint has no socket to deliver to).
   */
  pubsub?: ViewTopics | undefined;
  /**
   * Runs `task` in the view's ordered queue as a change (a PubSub message arriving): a throw rolls the view back
   * and sends a `handler_error` frame; otherwise what changed goes out in an update frame. `what` names it in logs.
   */
  run?(what: string, task: () => unknown): void;
  /** Who is on which topic, across the app's processes: the engine's presence store. Absent outside the engine. */
  presence?: ViewPresence | undefined;
}

/** What a view needs of a presence store (`state/presence.ts`'s `Presence` is one). */
export interface ViewPresence {
  track(topic: string, key: string, meta: Record<string, unknown>): Promise<string>;
  update(ref: string, meta: Record<string, unknown>): Promise<void>;
  untrack(ref: string): Promise<void>;
  list(topic: string): Promise<Record<string, { metas: Array<Record<string, unknown> & { readonly ref: string }> }>>;
}

/** What a view needs of a PubSub (`state/pubsub.ts`'s `PubSub` is one): topics and string payloads. */
export interface ViewTopics {
  subscribe(topic: string, listener: (payload: string, topic: string) => void): Promise<void>;
  unsubscribe(topic: string, listener: (payload: string, topic: string) => void): Promise<void>;
  publish(topic: string, payload: string): Promise<void>;
}

const contexts = new WeakMap<object, ViewContext>();

/** Used by the session engine to attach a {@link ViewContext}. Not for applications. */
export function attachContext(view: object, ctx: ViewContext): void {
  contexts.set(view, ctx);
}

/** The context of a view, if attached. Not for applications. */
export function contextOf(view: object): ViewContext | undefined {
  return contexts.get(view);
}

/**
 * The context of a view, attaching a detached one (not connected, no session, logs nowhere) when it has none:
 * for views used outside the engine, e.g. in unit tests of a view class.
 */
export function contextOrDetached(view: object): ViewContext {
  let ctx = contexts.get(view);
  if (!ctx) {
    ctx = { session: {}, connected: false, renderEpoch: 0, pushes: [], changed() {}, log() {} };
    contexts.set(view, ctx);
  }
  return ctx;
}


/**
 * Queues push event `[name, payload]` of `owner` (a view, or a component sharing its view's context) and asks
 * for an update frame (a handler's reply carries it instead when one is running).
 * @throws TypeError when `name` is empty or reserved (`"state"`, `"rein:state"`: the client state bus's), or
 * `payload` is not JSON-serializable.
 */
export function queuePush(owner: object, name: string, payload: unknown): void {
  if (typeof name !== "string" || name === "") throw new TypeError("pushEvent: name must be a non-empty string");
  // Both reach the browser as the window event "rein:state", which the client state bus listens to.
  if (name === "state" || name === STATE_PUSH) {
    throw new TypeError(`pushEvent("${name}"): the name is reserved for the client state bus (@clientState)`);
  }
  try {
    JSON.stringify(payload);
  } catch (err) {
    throw new TypeError(`pushEvent("${name}"): payload is not JSON-serializable (${(err as Error).message})`);
  }
  const ctx = contextOrDetached(owner);
  ctx.pushes.push([name, payload]);
  ctx.changed();
}
