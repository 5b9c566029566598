/**
 * Presence in Redis, for an app on several processes: every process sees every presence, and the presences of a
 * process that dies (SIGKILL, a lost machine) are removed within a bounded time.
 *
 * Layout (under the key prefix): a hash per topic, `presence:<topic>`, field = the track's ref, value = JSON
 * `{ key, meta, p }` (`p`: the id of the process that tracked it); the set `presence:topics` of topics with
 * presences; per process an `alive:<p>` key, renewed every `heartbeatMs` with a TTL of `3 x heartbeatMs`. Every
 * process checks the topics every `heartbeatMs`: an entry whose process's `alive` key is gone is deleted, and the
 * process whose HDEL removed it publishes its leave diff (exactly one does). So a dead process's presences leave
 * within 4 x `heartbeatMs` (20 s with the default 5 s): its `alive` key expires after at most 3, and the next check
 * comes within 1 more. `list` never shows them meanwhile: it filters out entries of processes not alive.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import {
  addTo,
  checkMeta,
  checkName,
  diffOf,
  PRESENCE_DIFF,
  type Presence,
  type PresenceDiff,
  type PresenceList,
  type PresenceMeta,
} from "./presence.ts";
import type { PubSub } from "./pubsub.ts";
import { KEY_PREFIX } from "./redis.ts";

/** Options of {@link RedisPresence}. */
export interface RedisPresenceOptions {
  /** The connection (the Redis backend's: `backend.redis`). Not closed by the presence. */
  redis: Redis;
  /** Where diffs are published (the app's PubSub: Redis's, so every process hears them). */
  pubsub: PubSub;
  /** Key prefix. Default `"rein:"`. */
  prefix?: string;
  /** Heartbeat and check interval, in ms (see the module comment for the bound it gives). Default 5,000. */
  heartbeatMs?: number;
  log?: (message: string, err?: unknown) => void;
}

/** Default of {@link RedisPresenceOptions.heartbeatMs}. */
export const PRESENCE_HEARTBEAT_MS = 5_000;
/** A process's `alive` key lives this many heartbeats. */
const ALIVE_HEARTBEATS = 3;

interface Stored {
  key: string;
  meta: PresenceMeta;
  /** The tracking process. */
  p: string;
}

/** {@link Presence} in Redis. */
export class RedisPresence implements Presence {
  /** This process's id among the app's processes. */
  readonly processId = randomUUID();
  readonly #redis: Redis;
  readonly #pubsub: PubSub;
  readonly #prefix: string;
  readonly #heartbeatMs: number;
  readonly #log: (message: string, err?: unknown) => void;
  /** This process's tracks: ref -> topic. */
  readonly #mine = new Map<string, string>();
  readonly #timer: NodeJS.Timeout;
  #closed = false;

  /** @throws TypeError for a bad `heartbeatMs`. */
  constructor(options: RedisPresenceOptions) {
    this.#redis = options.redis;
    this.#pubsub = options.pubsub;
    this.#prefix = (options.prefix ?? KEY_PREFIX) + "presence:";
    this.#heartbeatMs = options.heartbeatMs ?? PRESENCE_HEARTBEAT_MS;
    if (!Number.isInteger(this.#heartbeatMs) || this.#heartbeatMs < 10) {
      throw new TypeError(`RedisPresence: heartbeatMs must be a whole number of ms >= 10, got ${String(options.heartbeatMs)}`);
    }
    this.#log = options.log ?? (() => {});
    // The first heartbeat as soon as the connection is up (commands do not queue while it is not).
    if (this.#redis.status === "ready") void this.#beat();
    else this.#redis.once("ready", () => void this.#beat());
    this.#timer = setInterval(() => void this.#beat().then(() => this.#reap()), this.#heartbeatMs);
    this.#timer.unref();
  }

  async track(topic: string, key: string, meta: PresenceMeta): Promise<string> {
    checkName("topic", topic);
    checkName("key", key);
    const m = checkMeta(meta);
    const ref = randomUUID();
    await this.#beat();
    const stored: Stored = { key, meta: m, p: this.processId };
    await this.#redis.multi().hset(this.#topicKey(topic), ref, JSON.stringify(stored)).sadd(this.#prefix + "topics", topic).exec();
    this.#mine.set(ref, topic);
    await this.#publish(topic, diffOf("joins", key, { ...m, ref }));
    return ref;
  }

  async update(ref: string, meta: PresenceMeta): Promise<void> {
    const topic = this.#mine.get(ref);
    if (topic === undefined) return;
    const m = checkMeta(meta);
    const raw = await this.#redis.hget(this.#topicKey(topic), ref);
    if (raw === null) return;
    const before = JSON.parse(raw) as Stored;
    await this.#redis.hset(this.#topicKey(topic), ref, JSON.stringify({ ...before, meta: m }));
    await this.#publish(topic, {
      joins: { [before.key]: { metas: [{ ...m, ref }] } },
      leaves: { [before.key]: { metas: [{ ...before.meta, ref }] } },
    });
  }

  async untrack(ref: string): Promise<void> {
    const topic = this.#mine.get(ref);
    if (topic === undefined) return;
    this.#mine.delete(ref);
    const raw = await this.#redis.hget(this.#topicKey(topic), ref);
    if (raw === null) return;
    if ((await this.#redis.hdel(this.#topicKey(topic), ref)) === 1) {
      const s = JSON.parse(raw) as Stored;
      await this.#publish(topic, diffOf("leaves", s.key, { ...s.meta, ref }));
    }
  }

  async list(topic: string): Promise<PresenceList> {
    const all = await this.#redis.hgetall(this.#topicKey(topic));
    const entries = Object.entries(all).map(([ref, raw]) => [ref, JSON.parse(raw) as Stored] as const);
    const alive = await this.#aliveOf(entries.map(([, s]) => s.p));
    const out: PresenceList = {};
    for (const [ref, s] of entries) if (alive.has(s.p)) addTo(out, s.key, { ...s.meta, ref });
    return out;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    try {
      for (const ref of [...this.#mine.keys()]) await this.untrack(ref);
      await this.#redis.del(this.#prefix + "alive:" + this.processId);
    } catch (err) {
      this.#log("presence: leaving on close failed (Redis unreachable?); other processes will reap", err);
    }
  }

  /** Renews this process's `alive` key. */
  async #beat(): Promise<void> {
    if (this.#closed || this.#redis.status !== "ready") return; // down: the backend has said so already
    try {
      await this.#redis.set(this.#prefix + "alive:" + this.processId, "1", "PX", this.#heartbeatMs * ALIVE_HEARTBEATS);
    } catch (err) {
      this.#log("presence heartbeat failed (Redis unreachable?)", err);
    }
  }

  /** Removes the presences of processes that are no longer alive, publishing their leaves. */
  async #reap(): Promise<void> {
    if (this.#closed || this.#redis.status !== "ready") return;
    try {
      for (const topic of await this.#redis.smembers(this.#prefix + "topics")) {
        const all = await this.#redis.hgetall(this.#topicKey(topic));
        const entries = Object.entries(all);
        if (entries.length === 0) {
          await this.#redis.srem(this.#prefix + "topics", topic);
          continue;
        }
        const parsed = entries.map(([ref, raw]) => [ref, JSON.parse(raw) as Stored] as const);
        const alive = await this.#aliveOf(parsed.map(([, s]) => s.p));
        for (const [ref, s] of parsed) {
          if (alive.has(s.p)) continue;
          // Exactly one process's HDEL removes it: that one tells the topic.
          if ((await this.#redis.hdel(this.#topicKey(topic), ref)) === 1) await this.#publish(topic, diffOf("leaves", s.key, { ...s.meta, ref }));
        }
      }
    } catch (err) {
      this.#log("presence check failed (Redis unreachable?)", err);
    }
  }

  async #aliveOf(processes: string[]): Promise<Set<string>> {
    const distinct = [...new Set(processes)];
    if (distinct.length === 0) return new Set();
    const flags = await this.#redis.mget(...distinct.map((p) => this.#prefix + "alive:" + p));
    return new Set(distinct.filter((_, i) => flags[i] !== null));
  }

  #topicKey(topic: string): string {
    return this.#prefix + "topic:" + topic;
  }

  async #publish(topic: string, diff: PresenceDiff): Promise<void> {
    try {
      await this.#pubsub.publish(topic, JSON.stringify([PRESENCE_DIFF, diff]));
    } catch (err) {
      this.#log(`presence diff on "${topic}" not published`, err);
    }
  }
}
