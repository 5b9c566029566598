/**
 * The Redis state backend (on `ioredis`): view states and browser sessions shared by every process that uses the
 * same Redis, kept across restarts. Mirrors djust's `RedisStateBackend` (key prefix, TTLs, compression of large
 * values, `stats`, `health`); djust compresses with zstd, Rein with node's built-in zlib (deflate), so nothing
 * native is needed.
 *
 * Stored format: one marker byte, then the value: {@link FORMAT.plain} + UTF-8 text, or {@link FORMAT.deflate} +
 * raw deflate of the UTF-8 text (values of at least `compressAbove` bytes, and only when deflate makes them
 * smaller).
 *
 * A Redis outage is survivable: the engine serves from memory and this backend flushes later. While Redis is
 * unreachable, a write is kept in this process (the latest value per key, with its expiry) and the call resolves;
 * a read of such a key is answered from there; a read of any other key rejects (a join then gets a `join_failed`
 * error frame, never a crash). When Redis is back, the kept writes go out (a key deleted meanwhile stays deleted).
 * Commands never queue behind a dead connection: they fail at once, so events are never held up by Redis.
 * @module
 */
import { Redis, type RedisOptions } from "ioredis";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { StateBackend } from "./backend.ts";

/** The marker byte at the start of every stored value. */
export enum FORMAT {
  /** UTF-8 text as it is. */
  plain = 0,
  /** Raw deflate of the UTF-8 text. */
  deflate = 1,
}

/** Options of {@link RedisBackend}. */
export interface RedisBackendOptions {
  /** `redis://[user:password@]host:port[/db]`; default `REIN_REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prefix of every key Rein writes (so one Redis can hold several apps). Default `"rein:"`. */
  prefix?: string;
  /** Values of at least this many bytes are compressed. Default 10,240 (djust's threshold). */
  compressAbove?: number;
  /** More ioredis options (TLS, sentinels...). Rein sets `enableOfflineQueue: false`, `lazyConnect: false`. */
  redis?: RedisOptions;
  /** Where connection trouble is reported. Default `console.error`. */
  log?: (message: string, err?: unknown) => void;
  /**
   * How long the first commands wait for the first connection, in ms (after it, an outage fails commands at
   * once). Default 5,000.
   */
  connectTimeoutMs?: number;
}

/** What {@link RedisBackend.stats} reports. */
export interface RedisBackendStats {
  /** Keys under the prefix. */
  keys: number;
  /** Bytes stored under the prefix (values as stored, compressed or not). */
  bytes: number;
  /** Writes compressed since this backend started, and bytes those writes saved. */
  compressedWrites: number;
  compressedBytesSaved: number;
  /** Writes not compressed since start. */
  plainWrites: number;
  /** Writes kept in this process because Redis was unreachable, not yet flushed. */
  unflushed: number;
}

/** What {@link RedisBackend.health} reports. */
export interface RedisHealth {
  ok: boolean;
  /** PING round trip in ms (when ok). */
  pingMs?: number;
  /** `redis_version` of the server. */
  version?: string;
  /** `used_memory` of the server, in bytes. */
  usedMemory?: number;
  /** Why not ok. */
  error?: string;
}

/** Default of {@link RedisBackendOptions.compressAbove}: 10 KB. */
export const COMPRESS_ABOVE = 10_240;
/** Default of {@link RedisBackendOptions.prefix}. */
export const KEY_PREFIX = "rein:";
/** Default of {@link RedisBackendOptions.connectTimeoutMs}. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Keys per SCAN call of `stats()` and `clear()`. */
const SCAN_COUNT = 500;

/** A write kept while Redis is unreachable. */
interface Kept {
  value: string;
  /** Absolute expiry, ms since the epoch. */
  expires: number;
}

/** The Redis {@link StateBackend}. */
export class RedisBackend implements StateBackend {
  readonly local = false;
  /** The connection (for tools; the backend owns it and closes it). */
  readonly redis: Redis;
  readonly prefix: string;
  readonly #compressAbove: number;
  readonly #log: (message: string, err?: unknown) => void;
  /** Writes kept while Redis was unreachable; `undefined` marks a delete kept the same way. */
  readonly #kept = new Map<string, Kept | undefined>();
  #compressed = 0;
  #saved = 0;
  #plain = 0;
  #closed = false;
  /** Resolves at the first connection (or after `connectTimeoutMs`); `undefined` once connected. */
  #connecting: Promise<void> | undefined;

  /** @throws TypeError for a bad option. */
  constructor(options: RedisBackendOptions = {}) {
    const url = options.url ?? process.env["REIN_REDIS_URL"] ?? "redis://127.0.0.1:6379";
    this.prefix = options.prefix ?? KEY_PREFIX;
    this.#compressAbove = options.compressAbove ?? COMPRESS_ABOVE;
    if (!Number.isInteger(this.#compressAbove) || this.#compressAbove < 0) {
      throw new TypeError(`RedisBackend: compressAbove must be a whole number of bytes >= 0, got ${String(options.compressAbove)}`);
    }
    this.#log = options.log ?? ((m, e) => console.error(`rein: ${m}`, e ?? ""));
    // (cast: ioredis's own option types do not hold under exactOptionalPropertyTypes)
    const redisOptions = { ...options.redis, enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 } as never;
    this.redis = new Redis(url, redisOptions);
    const wait = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    this.#connecting = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      timer.unref();
      this.redis.once("ready", () => (clearTimeout(timer), resolve()));
    }).then(() => {
      this.#connecting = undefined;
    });
    let down = false;
    const lost = (err?: Error) => {
      if (!down && !this.#closed) this.#log(`Redis at ${url} unreachable: serving from memory until it is back`, err);
      down = true;
    };
    this.redis.on("error", lost);
    this.redis.on("close", () => lost());
    this.redis.on("ready", () => {
      down = false;
      void this.#flush();
    });
  }

  async get(key: string): Promise<string | undefined> {
    if (this.#connecting) await this.#connecting;
    if (this.#kept.has(key)) {
      const k = this.#kept.get(key);
      return k && k.expires > Date.now() ? k.value : undefined;
    }
    const raw = await this.redis.getBuffer(this.prefix + key);
    return raw === null ? undefined : decode(raw);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.#connecting) await this.#connecting;
    const stored = this.#encode(value);
    try {
      await this.redis.set(this.prefix + key, stored, "PX", Math.max(1, Math.round(ttlMs)));
      this.#kept.delete(key);
    } catch (err) {
      if (this.#closed) throw err;
      this.#kept.set(key, { value, expires: Date.now() + ttlMs });
    }
  }

  async delete(key: string): Promise<void> {
    if (this.#connecting) await this.#connecting;
    try {
      await this.redis.del(this.prefix + key);
      this.#kept.delete(key);
    } catch (err) {
      if (this.#closed) throw err;
      this.#kept.set(key, undefined);
    }
  }

  /**
   * Takes the lease `key` (`SET NX PX`, under the prefix; a lease is not a stored value, never compressed nor kept
   * during an outage).
   * @throws Error when Redis is unreachable.
   */
  async claim(key: string, owner: string, ttlMs: number): Promise<string> {
    if (this.#connecting) await this.#connecting;
    const full = this.prefix + key;
    for (let i = 0; i < 3; i++) {
      if ((await this.redis.set(full, owner, "PX", Math.max(1, Math.round(ttlMs)), "NX")) === "OK") return owner;
      const holder = await this.redis.get(full);
      if (holder !== null) return holder; // (it expired in between: try again)
    }
    throw new Error(`lease ${key}: could not be read or taken`);
  }

  /** Extends the lease `key` when `owner` holds it (compare and `PEXPIRE`, atomically). @throws Error when Redis is unreachable. */
  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.#connecting) await this.#connecting;
    return (await this.redis.eval(RENEW_SCRIPT, 1, this.prefix + key, owner, String(Math.max(1, Math.round(ttlMs))))) === 1;
  }

  /** Ends the lease `key` when `owner` holds it (compare and `DEL`, atomically). @throws Error when Redis is unreachable. */
  async release(key: string, owner: string): Promise<void> {
    if (this.#connecting) await this.#connecting;
    await this.redis.eval(RELEASE_SCRIPT, 1, this.prefix + key, owner);
  }

  /**
   * Keys and bytes under the prefix (a SCAN: for tools, not for hot paths), and this process's write counters.
   * @throws Error when Redis is unreachable.
   */
  async stats(): Promise<RedisBackendStats> {
    if (this.#connecting) await this.#connecting;
    let keys = 0;
    let bytes = 0;
    let cursor = "0";
    do {
      const [next, batch] = await this.redis.scan(cursor, "MATCH", globEscape(this.prefix) + "*", "COUNT", SCAN_COUNT);
      cursor = next;
      if (batch.length === 0) continue;
      const pipe = this.redis.pipeline();
      for (const k of batch) pipe.strlen(k);
      for (const [, n] of (await pipe.exec()) ?? []) bytes += typeof n === "number" ? n : 0;
      keys += batch.length;
    } while (cursor !== "0");
    return {
      keys,
      bytes,
      compressedWrites: this.#compressed,
      compressedBytesSaved: this.#saved,
      plainWrites: this.#plain,
      unflushed: this.#kept.size,
    };
  }

  /** PING round trip, server version and memory. Never throws: an unreachable Redis is `{ ok: false, error }`. */
  async health(): Promise<RedisHealth> {
    if (this.#connecting) await this.#connecting;
    try {
      const t0 = performance.now();
      await this.redis.ping();
      const pingMs = Math.round((performance.now() - t0) * 1000) / 1000;
      const info = await this.redis.info("server");
      const memory = await this.redis.info("memory");
      const version = /redis_version:(\S+)/.exec(info)?.[1];
      const used = /used_memory:(\d+)/.exec(memory)?.[1];
      return { ok: true, pingMs, ...(version ? { version } : {}), ...(used ? { usedMemory: Number(used) } : {}) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  /**
   * Deletes every key under the prefix (`rein clear`), or only those starting with `prefix + sub`.
   * @returns how many were deleted.
   * @throws Error when Redis is unreachable.
   */
  async clear(sub = ""): Promise<number> {
    if (this.#connecting) await this.#connecting;
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, batch] = await this.redis.scan(cursor, "MATCH", globEscape(this.prefix + sub) + "*", "COUNT", SCAN_COUNT);
      cursor = next;
      if (batch.length > 0) deleted += await this.redis.del(...batch);
    } while (cursor !== "0");
    return deleted;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#flush();
    this.#closed = true;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  /** Sends the writes kept while Redis was unreachable; what still fails stays kept. */
  async #flush(): Promise<void> {
    const now = Date.now();
    for (const [key, k] of [...this.#kept]) {
      try {
        if (k === undefined) await this.redis.del(this.prefix + key);
        else if (k.expires > now) await this.redis.set(this.prefix + key, this.#encode(k.value), "PX", k.expires - now);
        if (this.#kept.get(key) === k) this.#kept.delete(key);
      } catch {
        return; // down again: the rest waits for the next "ready"
      }
    }
  }

  #encode(value: string): Buffer {
    const text = Buffer.from(value, "utf8");
    if (text.length >= this.#compressAbove) {
      const packed = deflateRawSync(text);
      if (packed.length < text.length) {
        this.#compressed++;
        this.#saved += text.length - packed.length;
        return Buffer.concat([MARK_DEFLATE, packed]);
      }
    }
    this.#plain++;
    return Buffer.concat([MARK_PLAIN, text]);
  }
}

/** Extends a lease held by ARGV[1] by ARGV[2] ms: 1 when held, else 0. */
const RENEW_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes a lease held by ARGV[1]. */
const RELEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

const MARK_PLAIN = Buffer.from([FORMAT.plain]);
const MARK_DEFLATE = Buffer.from([FORMAT.deflate]);

/**
 * Reads a stored value (see the module comment for the format).
 * @throws Error for an unknown marker byte (a value Rein did not write).
 */
export function decode(raw: Buffer): string {
  if (raw.length === 0) throw new Error("stored value is empty (no format marker)");
  const body = raw.subarray(1);
  switch (raw[0]) {
    case FORMAT.plain:
      return body.toString("utf8");
    case FORMAT.deflate:
      return inflateRawSync(body).toString("utf8");
    default:
      throw new Error(`stored value has an unknown format marker ${raw[0]}`);
  }
}

/** Escapes SCAN/KEYS glob characters, so that a prefix matches only itself (`app[1]:` stays literal). */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
