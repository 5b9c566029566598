/**
 * PubSub for views: `this.subscribe(topic)`, `this.broadcast(topic, event, payload)` and the view's
 * `handleInfo(event, payload)`; `this.broadcastCommands(topic, chain)` runs a JS command chain in every browser
 * subscribed to the topic. Mirrors Phoenix's `PubSub.subscribe` / `Endpoint.broadcast` + `handle_info/2`; the
 * command broadcast is the multi-user step of djust's server-driven UI roadmap, which djust never built.
 *
 * A view controller: the topics a view subscribed to are part of its stored state (slot `"~topics"`), so after a
 * reconnect, a restart or a move to another process the restored view listens again, without a second `mount`.
 * Subscriptions are live while the view is connected (made in `hostConnected`, ended in `hostDisconnected`).
 * @module
 */
import { EXEC_PUSH } from "../protocol/frames.ts";
import { contextOf, type ViewTopics } from "./context.ts";
import { addController, findController, registerStateSlot, type ViewController } from "./controller.ts";
import { JSChain } from "./js.ts";

/** Where a view's topics are stored among its fields (`"~topics"`). */
export const TOPICS_SLOT = "topics";

/** The event name under which a broadcast JS chain travels: subscribed views push it to their browser. */
const COMMANDS_EVENT = EXEC_PUSH;

/** What a view that receives messages has. */
interface InfoReceiver {
  handleInfo?(event: string, payload: unknown): unknown;
  constructor: { name: string };
}

/** The topics one view listens to. */
export class Subscriptions implements ViewController {
  readonly stateKey = TOPICS_SLOT;
  readonly #view: object;
  readonly #topics = new Set<string>();
  /** The PubSub the subscriptions are live on (set while connected). */
  #live: ViewTopics | undefined;
  readonly #listener = (payload: string, topic: string) => this.#receive(payload, topic);

  constructor(view: object) {
    this.#view = view;
    addController(view, this);
  }

  /** The subscriptions of `view`, created when `create` and it has none. */
  static of(view: object, create: true): Subscriptions;
  static of(view: object, create?: boolean): Subscriptions | undefined;
  static of(view: object, create = false): Subscriptions | undefined {
    return findController(view, Subscriptions) ?? (create ? new Subscriptions(view) : undefined);
  }

  /** The topics, in subscription order. */
  get topics(): string[] {
    return [...this.#topics];
  }

  /** Listens to `topic` (now when connected, else from the join on). Subscribing twice is one subscription. */
  add(topic: string): void {
    assertTopic(topic);
    if (this.#topics.has(topic)) return;
    this.#topics.add(topic);
    if (this.#live) this.#subscribe(this.#live, topic);
  }

  /** Stops listening to `topic`. */
  remove(topic: string): void {
    if (!this.#topics.delete(topic)) return;
    void this.#live?.unsubscribe(topic, this.#listener);
  }

  hostConnected(): void {
    const pubsub = contextOf(this.#view)?.pubsub;
    if (!pubsub || this.#live) return;
    this.#live = pubsub;
    for (const t of this.#topics) this.#subscribe(pubsub, t);
  }

  hostDisconnected(): void {
    const live = this.#live;
    this.#live = undefined;
    if (live) for (const t of this.#topics) void live.unsubscribe(t, this.#listener);
  }

  saveState(): string[] {
    return this.topics;
  }

  restoreState(saved: unknown): void {
    const wanted = new Set(Array.isArray(saved) ? saved.filter((t): t is string => typeof t === "string" && t !== "") : []);
    for (const t of this.#topics) if (!wanted.has(t)) this.remove(t);
    for (const t of wanted) this.add(t);
  }

  #subscribe(pubsub: ViewTopics, topic: string): void {
    pubsub.subscribe(topic, this.#listener).catch((err: unknown) => {
      contextOf(this.#view)?.log(`${this.#view.constructor.name}: subscribing to "${topic}" failed`, err);
    });
  }

  /** A message: `[event, payload]` as JSON; runs in the view's queue. */
  #receive(raw: string, topic: string): void {
    const ctx = contextOf(this.#view);
    if (!ctx?.run || !this.#topics.has(topic)) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return ctx.log(`${this.#view.constructor.name}: a message on "${topic}" is not JSON; dropped`);
    }
    if (!Array.isArray(message) || typeof message[0] !== "string") {
      return ctx.log(`${this.#view.constructor.name}: a message on "${topic}" is not [event, payload]; dropped`);
    }
    const [event, payload] = message as [string, unknown];
    const view = this.#view as InfoReceiver;
    if (event === COMMANDS_EVENT) {
      // A broadcast JS chain: only ops built by JS.* were published (see broadcastCommands), and the browser
      // checks each op again before it runs.
      ctx.run(`commands on "${topic}"`, () => {
        ctx.pushes.push([EXEC_PUSH, payload]);
      });
      return;
    }
    if (typeof view.handleInfo !== "function") {
      return ctx.log(`${view.constructor.name} subscribed to "${topic}" but has no handleInfo for "${event}"`);
    }
    ctx.run(`handleInfo("${event}")`, () => view.handleInfo!(event, payload));
  }
}

registerStateSlot(TOPICS_SLOT, (view) => Subscriptions.of(view, true));

/**
 * Publishes `[event, payload]` on `topic` through the view's PubSub: every view subscribed to it, in every process
 * sharing the PubSub (the sender too, when subscribed), gets `handleInfo(event, payload)`.
 * @throws TypeError for an empty topic or event, or a payload that is not JSON-serializable; Error when the view
 *   is not connected (the first HTTP paint has no PubSub).
 */
export function broadcastFrom(view: object, topic: string, event: string, payload: unknown): Promise<void> {
  assertTopic(topic);
  if (typeof event !== "string" || event === "") throw new TypeError("broadcast: event must be a non-empty string");
  if (event === COMMANDS_EVENT) throw new TypeError(`broadcast: "${COMMANDS_EVENT}" is reserved (use broadcastCommands)`);
  return publish(view, topic, encode(event, payload));
}

/**
 * Publishes a JS command chain on `topic`: every subscribed view pushes it to its browser, which runs it.
 * @throws TypeError when `chain` is not built with `JS.*`; Error when the view is not connected.
 */
export function broadcastCommandsFrom(view: object, topic: string, chain: JSChain): Promise<void> {
  assertTopic(topic);
  if (!(chain instanceof JSChain)) throw new TypeError("broadcastCommands expects a JS chain (JS.show(...))");
  return publish(view, topic, encode(COMMANDS_EVENT, chain.ops));
}

function publish(view: object, topic: string, message: string): Promise<void> {
  const pubsub = contextOf(view)?.pubsub;
  if (!pubsub) throw new Error("broadcast needs a connected view (there is no PubSub during the first HTTP paint)");
  return pubsub.publish(topic, message);
}

function encode(event: string, payload: unknown): string {
  try {
    return JSON.stringify([event, payload ?? null]);
  } catch (err) {
    throw new TypeError(`broadcast("${event}"): payload is not JSON-serializable (${(err as Error).message})`);
  }
}

function assertTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== "string" || topic === "") throw new TypeError("topic must be a non-empty string");
}
