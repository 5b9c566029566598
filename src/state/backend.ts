/**
 * Where serialized view state and sessions live between events, reconnects and restarts. Mirrors djust's state
 * backends (`InMemoryStateBackend`, `RedisStateBackend`).
 * @module
 */

/**
 * A key-value store of serialized strings with expiry. Implementations: {@link MemoryBackend} (one process),
 * a Redis backend (several processes, survives restarts).
 *
 * Keys used by Rein: `v:<viewId>` for a view's state, `s:<sessionId>` for a browser session.
 */
export interface StateBackend {
  /**
   * `true` when the values live only in this process's memory and die with it ({@link MemoryBackend}). A
   * connected view is in the same memory, so writing each change would protect nothing: a view on a local
   * backend writes its state when it leaves (disconnect, close), which is when a reconnect needs it. A shared or
   * durable backend (Redis) gets every committed change. Default `false`.
   */
  readonly local?: boolean;
  /** Reads a value; `undefined` when missing or expired. */
  get(key: string): Promise<string | undefined>;
  /**
   * Writes a value that expires after `ttlMs` milliseconds (refreshed by each write).
   */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes a value; no error when missing. */
  delete(key: string): Promise<void>;
  /**
   * Takes the lease `key` for `owner` for `ttlMs` unless another owner holds it (synced objects: one process owns
   * a key, see docs/sync.md). Optional: a {@link local} backend needs no leases.
   * @returns the owner holding the lease now: `owner` when it got it (or already held it).
   */
  claim?(key: string, owner: string, ttlMs: number): Promise<string>;
  /** Extends the lease `key` by `ttlMs` when `owner` holds it; whether it does. */
  renew?(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Ends the lease `key` when `owner` holds it (else nothing). */
  release?(key: string, owner: string): Promise<void>;
  /** Number of live keys and bytes held, for `rein stats`. */
  stats(): Promise<{ keys: number; bytes: number }>;
  /** Releases timers and connections. */
  close(): Promise<void>;
}

/** A {@link StateBackend} with leases (`claim`, `renew`, `release`): what objects shared by processes need. */
export type LeaseBackend = StateBackend & Required<Pick<StateBackend, "claim" | "renew" | "release">>;

/** Whether `backend` is shared by processes and has leases. */
export function hasLeases(backend: StateBackend): backend is LeaseBackend {
  return !backend.local && typeof backend.claim === "function" && typeof backend.renew === "function" && typeof backend.release === "function";
}
