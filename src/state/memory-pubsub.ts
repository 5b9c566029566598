/**
 * The in-process {@link PubSub}: the default, for a single process (the embedded gallery, tests).
 * @module
 */
import { assertTopic, describe, type PubSub, type PubSubListener } from "./pubsub.ts";

/**
 * Topics in a `Map` of this process. Each delivery runs in a later macrotask (`setImmediate`), as a message from
 * another process would arrive: after the publishing handler's own work, in publish order, to the listeners
 * subscribed when it was published and still subscribed when it runs.
 */
export class MemoryPubSub implements PubSub {
  readonly #topics = new Map<string, Set<PubSubListener>>();
  readonly #log: (message: string, err?: unknown) => void;
  #closed = false;

  /** @param log - where a throwing listener is reported. Default: `console.error`. */
  constructor(log: (message: string, err?: unknown) => void = (m, e) => console.error(`[rein] ${m}`, e ?? "")) {
    this.#log = log;
  }

  async subscribe(topic: string, listener: PubSubListener): Promise<void> {
    assertTopic(topic);
    if (typeof listener !== "function") throw new TypeError(`pubsub listener must be a function, got ${describe(listener)}`);
    this.#open();
    let set = this.#topics.get(topic);
    if (!set) this.#topics.set(topic, (set = new Set()));
    set.add(listener);
  }

  async unsubscribe(topic: string, listener: PubSubListener): Promise<void> {
    const set = this.#topics.get(topic);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.#topics.delete(topic);
  }

  async publish(topic: string, payload: string): Promise<void> {
    assertTopic(topic);
    if (typeof payload !== "string") throw new TypeError(`pubsub payload must be a string (serialize it), got ${describe(payload)}`);
    this.#open();
    const set = this.#topics.get(topic);
    if (!set) return;
    const listeners = [...set];
    setImmediate(() => {
      for (const l of listeners) {
        if (!this.#topics.get(topic)?.has(l)) continue;
        try {
          l(payload, topic);
        } catch (err) {
          this.#log(`pubsub listener of "${topic}" threw`, err);
        }
      }
    });
  }

  stats(): { topics: number; subscriptions: number } {
    let subscriptions = 0;
    for (const s of this.#topics.values()) subscriptions += s.size;
    return { topics: this.#topics.size, subscriptions };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#topics.clear();
  }

  #open(): void {
    if (this.#closed) throw new Error("pubsub is closed");
  }
}
