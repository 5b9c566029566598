/**
 * The Redis {@link PubSub} (on `ioredis`): topics shared by every process connected to the same Redis, so a
 * broadcast in one process reaches the subscribed views of all. Mirrors Phoenix.PubSub's Redis adapter. Two
 * connections, as Redis requires: one in subscriber mode, one for PUBLISH.
 *
 * The contract of {@link PubSub} holds: delivery is asynchronous (a message comes back from Redis, so always after
 * `publish` returns, also to this process's own listeners); one connection publishes, so one publisher's payloads
 * to a topic arrive in order; a throwing listener is reported and the others still get the payload.
 *
 * During a Redis outage, `publish` rejects at once (commands never queue behind a dead connection) and
 * subscriptions are renewed by ioredis when Redis is back; payloads published meanwhile are lost, as in Phoenix:
 * PubSub carries notifications, the state backend carries state.
 * @module
 */
import { Redis, type RedisOptions } from "ioredis";
import { assertTopic, describe, type PubSub, type PubSubListener } from "./pubsub.ts";
import { KEY_PREFIX } from "./redis.ts";

/** Options of {@link RedisPubSub}. */
export interface RedisPubSubOptions {
  /** `redis://...`; default `REIN_REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prefix of the Redis channels (so one Redis can serve several apps). Default `"rein:"`. */
  prefix?: string;
  /** More ioredis options. */
  redis?: RedisOptions;
  /** Where throwing listeners and connection trouble are reported. Default `console.error`. */
  log?: (message: string, err?: unknown) => void;
}

/** The Redis {@link PubSub}. */
export class RedisPubSub implements PubSub {
  /** The PUBLISH connection. */
  readonly pub: Redis;
  /** The subscriber connection. */
  readonly sub: Redis;
  readonly #prefix: string;
  readonly #topics = new Map<string, Set<PubSubListener>>();
  readonly #log: (message: string, err?: unknown) => void;
  #closed = false;

  constructor(options: RedisPubSubOptions = {}) {
    const url = options.url ?? process.env["REIN_REDIS_URL"] ?? "redis://127.0.0.1:6379";
    this.#prefix = (options.prefix ?? KEY_PREFIX) + "topic:";
    this.#log = options.log ?? ((m, e) => console.error(`rein: ${m}`, e ?? ""));
    const opts: RedisOptions = { ...options.redis, maxRetriesPerRequest: 1 };
    // (cast: ioredis's own option types do not hold under exactOptionalPropertyTypes)
    this.pub = new Redis(url, { ...opts, enableOfflineQueue: false } as never);
    // The subscriber queues its SUBSCRIBEs until connected; ioredis renews them after a reconnect.
    this.sub = new Redis(url, opts as never);
    let down = false;
    const lost = (err?: Error) => {
      if (!down && !this.#closed) this.#log(`Redis pubsub at ${url} unreachable: broadcasts are lost until it is back`, err);
      down = true;
    };
    for (const c of [this.pub, this.sub]) {
      c.on("error", lost);
      c.on("ready", () => (down = false));
    }
    this.sub.on("messageBuffer", (channel: Buffer, message: Buffer) => this.#deliver(channel.toString(), message.toString()));
  }

  async subscribe(topic: string, listener: PubSubListener): Promise<void> {
    assertTopic(topic);
    if (typeof listener !== "function") throw new TypeError(`pubsub listener must be a function, got ${describe(listener)}`);
    this.#open();
    let set = this.#topics.get(topic);
    if (!set) {
      this.#topics.set(topic, (set = new Set()));
      set.add(listener);
      try {
        await this.sub.subscribe(this.#prefix + topic);
      } catch (err) {
        set.delete(listener);
        if (set.size === 0 && this.#topics.get(topic) === set) this.#topics.delete(topic);
        throw err;
      }
      return;
    }
    set.add(listener);
  }

  async unsubscribe(topic: string, listener: PubSubListener): Promise<void> {
    const set = this.#topics.get(topic);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.#topics.delete(topic);
    if (!this.#closed) await this.sub.unsubscribe(this.#prefix + topic).catch(() => {});
  }

  async publish(topic: string, payload: string): Promise<void> {
    assertTopic(topic);
    if (typeof payload !== "string") throw new TypeError(`pubsub payload must be a string (serialize it), got ${describe(payload)}`);
    this.#open();
    await this.pub.publish(this.#prefix + topic, payload);
  }

  stats(): { topics: number; subscriptions: number } {
    let subscriptions = 0;
    for (const s of this.#topics.values()) subscriptions += s.size;
    return { topics: this.#topics.size, subscriptions };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#topics.clear();
    await Promise.all([this.pub, this.sub].map((c) => c.quit().catch(() => c.disconnect())));
  }

  #deliver(channel: string, payload: string): void {
    if (!channel.startsWith(this.#prefix)) return;
    const topic = channel.slice(this.#prefix.length);
    const set = this.#topics.get(topic);
    if (!set) return;
    for (const l of [...set]) {
      if (!set.has(l)) continue;
      try {
        l(payload, topic);
      } catch (err) {
        this.#log(`pubsub listener of "${topic}" threw`, err);
      }
    }
  }

  #open(): void {
    if (this.#closed) throw new Error("pubsub is closed");
  }
}
