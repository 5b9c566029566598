/**
 * Publish/subscribe between the views of one process or, with a shared implementation, of many: the transport
 * of broadcasts and presence. Beside the {@link StateBackend}, it is the other half of what processes share.
 * Mirrors Phoenix.PubSub (topics, string payloads, fan-out to every subscriber of every node).
 * @module
 */

/** Receives the payloads published to a topic it subscribed to. */
export type PubSubListener = (payload: string, topic: string) => void;

/**
 * Topics and string payloads (serialize before publishing: what crosses processes is text). Implementations:
 * {@link MemoryPubSub} (one process, the default); a Redis one for several processes.
 *
 * Contract, the same for every implementation:
 * - delivery is asynchronous: `publish` never calls a listener before it returns;
 * - payloads of one topic from one publisher arrive in the order they were published;
 * - a listener that throws is reported and does not keep the payload from the other listeners;
 * - subscribing the same listener twice to one topic is one subscription; unsubscribing an unknown one is a no-op;
 * - a listener unsubscribed before a delivery does not receive it.
 */
export interface PubSub {
  /**
   * Subscribes `listener` to `topic`; resolves once payloads published afterwards will reach it.
   * @throws TypeError (as a rejection) when `topic` is not a non-empty string or `listener` is not a function;
   * Error when the pubsub is closed.
   */
  subscribe(topic: string, listener: PubSubListener): Promise<void>;
  /** Ends the subscription of `listener` to `topic`. */
  unsubscribe(topic: string, listener: PubSubListener): Promise<void>;
  /**
   * Publishes `payload` to every subscriber of `topic` (in every process that shares this pubsub). Resolves when
   * handed over, not when delivered.
   * @throws TypeError (as a rejection) when `topic` is not a non-empty string or `payload` is not a string;
   * Error when the pubsub is closed.
   */
  publish(topic: string, payload: string): Promise<void>;
  /** Topics with at least one subscriber in this process, and the number of subscriptions, for tooling. */
  stats(): { topics: number; subscriptions: number };
  /** Drops every subscription and refuses further use. */
  close(): Promise<void>;
}

/** @throws TypeError unless `topic` is a non-empty string. */
export function assertTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== "string" || topic === "") throw new TypeError(`pubsub topic must be a non-empty string, got ${describe(topic)}`);
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeof v;
}
