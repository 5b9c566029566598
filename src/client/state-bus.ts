/**
 * The client state bus of the page: keys with JSON values, shared by the page's views and scripts. djust
 * documents `window.djust.updateState/getState/broadcastState/subscribeToState` and `@client_state` but never
 * wired them. Here a view's `@clientState` handler publishes with the push `rein:state`
 * (`[key, value, scope, channel]`, heard as the window event `view.ts` dispatches for every push), and the bus
 * calls the `@clientState` handler of every other view that listens to the key (the tree frame's `ViewMeta.s`)
 * as an ordinary event with params `{ [key]: value }`.
 *
 * No loops: a key is delivered only when its value changes (compared as JSON), never to the view that published
 * it, and what a view publishes while a delivery of that key to it is unanswered (its echo, or a value the
 * delivery is about to overwrite) is dropped. Publications of scope `"browser"` also go to the other tabs of the
 * origin over a `BroadcastChannel` named `rein:state`; what arrives from there is published on this page.
 * Keys are names: one named like a member of `Object.prototype` (`constructor`) cannot reach a view.
 * @module
 */
import { STATE_PUSH, type ParamValue, type StatePayload, type StateScope } from "../protocol/frames.ts";
import { push, views } from "./view.ts";

/** A subscriber of {@link StateBus.subscribeToState}: called with each subscribed key whose value changed. */
export type StateCallback = (key: string, value: unknown) => void;

/** The client state bus functions that `window.rein` exposes (see the module's comment). */
export interface StateBus {
  /**
   * Sets `key` to the JSON value `value` on the bus. When it changed, calls the `@clientState` handler of every
   * view listening to `key` (an event with params `{ [key]: value }`, through the server's whole event
   * pipeline) and, right after (a `setTimeout` of 0), the {@link subscribeToState} callbacks; with `scope`
   * `"browser"`, the pages of this origin in the other tabs get it too (`BroadcastChannel`). djust's
   * `window.djust.updateState`.
   * @throws TypeError when `value` cannot be turned into JSON (a cycle, a `BigInt`).
   */
  updateState(key: string, value: unknown, scope?: StateScope): void;
  /**
   * The value of `key` on the bus (a copy), or `undefined` when nothing set it on this page yet (a page starts
   * with an empty bus). djust's `window.djust.getState`.
   */
  getState(key: string): unknown;
  /**
   * {@link updateState} of several keys at once: `keys[i]` gets `values[i]`. djust's
   * `window.djust.broadcastState(keys, values)`.
   * @throws TypeError when a value cannot be turned into JSON.
   */
  broadcastState(keys: readonly string[], values: readonly unknown[], scope?: StateScope): void;
  /**
   * Calls `callback(key, value)` (in a task of its own: a throwing callback is reported and stops nothing)
   * whenever one of `keys` changes on the bus, set by a view, a script or another tab; returns the function that
   * unsubscribes. djust's `window.djust.subscribeToState`.
   */
  subscribeToState(keys: readonly string[], callback: StateCallback): () => void;
}

/** Each key's value, as JSON: what the bus holds is never an object a caller still has. */
const bus = new Map<string, string>();
/** The subscribers and their keys. */
const subscribers = new Set<[keys: readonly string[], callback: StateCallback]>();
/** Deliveries sent and not answered yet, by `channel + " " + key`. */
const unanswered: Record<string, number> = {};
/** The other tabs of the origin; a stand-in without `postMessage` where the browser lacks `BroadcastChannel`. */
const tabs: Partial<BroadcastChannel> = new (self.BroadcastChannel || Object)(STATE_PUSH);

/**
 * Sets `key` to `value` when its JSON changed (and the view on channel `from` that published it has no delivery
 * of `key` unanswered: then it is an echo, or stale), delivers it to the views that listen to it (but `from`) and
 * to the subscribers, and posts it to the other tabs when `scope` is `"browser"`.
 */
function publish(key: string, value: unknown, scope?: StateScope, from?: number): void {
  const json = JSON.stringify(value);
  if (json == bus.get(key) || unanswered[from + " " + key]) return;
  bus.set(key, json);
  for (const view of views) {
    const handler = view.meta_?.s?.[key];
    if (handler && view.channel_ != from) {
      const id = view.channel_ + " " + key;
      const answered = () => unanswered[id]--;
      unanswered[id] = (unanswered[id] || 0) + 1;
      push(view, handler, { [key]: value as ParamValue }).then(answered, answered);
    }
  }
  for (const [keys, callback] of subscribers) keys.includes(key) && setTimeout(callback, 0, key, value);
  scope == "browser" && tabs.postMessage?.([key, value]);
}

addEventListener(STATE_PUSH, (event) => publish(...((event as CustomEvent).detail as StatePayload)));
tabs.onmessage = (event) => publish(...(event.data as [string, unknown]));

/** The bus's API, assigned to `window.rein` by `index.ts`. */
export const stateBus: StateBus = {
  updateState: publish,
  getState(key) {
    const json = bus.get(key);
    return json && JSON.parse(json);
  },
  broadcastState(keys, values, scope) {
    keys.forEach((key, i) => publish(key, values[i], scope));
  },
  subscribeToState(keys, callback) {
    const entry: [readonly string[], StateCallback] = [keys, callback];
    subscribers.add(entry);
    return () => subscribers.delete(entry);
  },
};
