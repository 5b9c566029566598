/**
 * Browser sessions shared by the views of one process. Every tab of a browser that is connected to this process
 * works on the same session object, so a change made in one tab is seen by the next handler of another, and no
 * tab overwrites another's change with a stale copy (last-writer-wins on copies lost TodoMVC items between tabs).
 * Across processes the backend still holds the last write; cross-process merging needs PubSub.
 * @module
 */
import type { Session } from "../live/context.ts";
import type { StateBackend } from "../state/backend.ts";
import { deserialize, serialize } from "../state/serialize.ts";
import { sameSnapshot, type Snapshot, takeSnapshot } from "../state/snapshot.ts";

/** One browser's live session and what was last committed of it. */
export interface SharedSession {
  readonly id: string;
  /** The object handlers read and write (`this.session`). Its identity never changes. */
  readonly data: Session;
  /** The serialized form last committed (stored, or known equal to the stored one); `""` when none. */
  saved: string;
  /**
   * A snapshot of what `saved` holds (src/state/snapshot.ts), compared first on every commit: most commits do not
   * touch the session, and V8's form is far cheaper to take than devalue's. `undefined` until the first commit.
   */
  check?: Snapshot;
  /** Views holding it. */
  refs: number;
}

/** Backend key of a browser session. */
export const sessionKey = (id: string): string => `s:${id}`;

/** The live sessions of one server. */
export class SessionRegistry {
  readonly #live = new Map<string, SharedSession>();
  readonly #loading = new Map<string, Promise<SharedSession>>();
  readonly #backend: StateBackend;
  readonly #ttlMs: number;
  readonly #log: (message: string, err?: unknown) => void;

  /** @param ttlMs - how long a stored session lives after its last change. */
  constructor(backend: StateBackend, ttlMs: number, log: (message: string, err?: unknown) => void) {
    this.#backend = backend;
    this.#ttlMs = ttlMs;
    this.#log = log;
  }

  /** Number of sessions held live (for tests and tooling). */
  get size(): number {
    return this.#live.size;
  }

  /** Takes a reference to the session `id`, loading it once even when several tabs join at the same time. */
  async acquire(id: string): Promise<SharedSession> {
    const live = this.#live.get(id);
    if (live) {
      live.refs++;
      return live;
    }
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = this.#load(id).finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    const entry = await loading;
    entry.refs++;
    return entry;
  }

  /** Gives a reference back; the session leaves memory with its last holder (it stays in the backend). */
  release(entry: SharedSession): void {
    if (--entry.refs <= 0 && this.#live.get(entry.id) === entry) this.#live.delete(entry.id);
  }

  /**
   * Commits the session: stores it when it changed. An empty session is never stored (it equals a missing one),
   * so visitors who store nothing cost nothing.
   * @throws StateError when the session holds an unsupported value.
   */
  async save(entry: SharedSession): Promise<void> {
    // Never stored and still empty (equal to a missing session): the usual visitor costs nothing.
    if (entry.saved === "" && isEmpty(entry.data)) return;
    const check = takeSnapshot(entry.data, "session");
    if (entry.check !== undefined && sameSnapshot(check, entry.check)) return;
    const now = serialize(entry.data, "session");
    entry.check = check;
    if (now === entry.saved) return;
    entry.saved = now;
    await this.#backend.set(sessionKey(entry.id), now, this.#ttlMs);
  }

  /** Puts the session back to what was last committed (by any tab). Its object identity stays. */
  rollback(entry: SharedSession): void {
    const s = entry.data;
    for (const key of Object.keys(s)) delete s[key];
    if (entry.saved) Object.assign(s, deserialize<Session>(entry.saved));
  }

  async #load(id: string): Promise<SharedSession> {
    let data: Session = {};
    let saved = "";
    const raw = await this.#backend.get(sessionKey(id));
    if (raw !== undefined) {
      try {
        data = deserialize<Session>(raw);
        saved = raw;
      } catch (err) {
        this.#log(`session ${id} could not be read; starting a new one`, err);
      }
    }
    const entry: SharedSession = { id, data, saved, refs: 0 };
    this.#live.set(id, entry);
    return entry;
  }
}

function isEmpty(data: Session): boolean {
  for (const _ in data) return false;
  return true;
}
