import type { StateBackend } from "./backend.ts";

/** One entry of a {@link MemoryBackend}: its key, its value, and when it expires (`Date.now()` time, ms). */
export type MemoryEntry = [key: string, value: string, expiresAt: number];

/**
 * The default {@link StateBackend}: a `Map` in this process. State survives dropped sockets and reconnects, but
 * not a restart; use the Redis backend for that. Expired entries are swept every `sweepMs` milliseconds.
 */
export class MemoryBackend implements StateBackend {
  /** Values live in this process only (see {@link StateBackend.local}). */
  readonly local: boolean = true;
  readonly #data = new Map<string, { value: string; expires: number }>();
  readonly #timer: NodeJS.Timeout;

  /** @param sweepMs - how often expired entries are dropped, in ms (default 60,000). */
  constructor(sweepMs = 60_000) {
    this.#timer = setInterval(() => this.#sweep(), sweepMs);
    this.#timer.unref();
  }

  async get(key: string): Promise<string | undefined> {
    const e = this.#data.get(key);
    if (!e) return undefined;
    if (e.expires <= Date.now()) {
      this.#data.delete(key);
      return undefined;
    }
    return e.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#data.set(key, { value, expires: Date.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.#data.delete(key);
  }

  async stats(): Promise<{ keys: number; bytes: number }> {
    this.#sweep();
    let bytes = 0;
    for (const [k, e] of this.#data) bytes += (k.length + e.value.length) * 2;
    return { keys: this.#data.size, bytes };
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
  }

  /**
   * Every entry that has not expired, with its expiry time: what the development state file keeps across a
   * restart (src/server/dev/dev-state.ts, docs/hot-reload.md). Still works after {@link close}.
   */
  dump(): MemoryEntry[] {
    this.#sweep();
    return [...this.#data].map(([key, e]) => [key, e.value, e.expires]);
  }

  /** Puts back entries taken by {@link dump} (replacing those with the same key); expired ones are skipped. */
  load(entries: Iterable<MemoryEntry>): void {
    const now = Date.now();
    for (const [key, value, expires] of entries) if (expires > now) this.#data.set(key, { value, expires });
  }

  #sweep(): void {
    const now = Date.now();
    for (const [k, e] of this.#data) if (e.expires <= now) this.#data.delete(k);
  }
}
