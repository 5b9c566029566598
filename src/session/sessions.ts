/**
 * Browser sessions shared by the views of one process, and kept in step across processes. Every tab of a browser
 * that is connected to this process works on the same session object, so a change made in one tab is seen by the
 * next handler of another, and no tab overwrites another's change with a stale copy (last-writer-wins on copies
 * lost TodoMVC items between tabs). The other tabs render again at once.
 *
 * Across processes (tabs of one browser served by different processes, through Redis): a process that commits a
 * change publishes it on the PubSub topic `session:<id>` (the top-level keys it changed, and the whole session it
 * wrote); every other process holding that session applies those keys to its own object (in place) and its tabs
 * render again. Changes to different keys made at the same moment in two processes both survive: a process whose
 * merged session differs from what the other wrote writes the merge back. Changes to one key at the same moment:
 * the last writer wins.
 * @module
 */
import type { Session } from "../live/context.ts";
import { randomUUID } from "node:crypto";
import type { StateBackend } from "../state/backend.ts";
import type { PubSub } from "../state/pubsub.ts";
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
  /** What to call when it changed elsewhere (another tab, another process): the holders render again. */
  readonly listeners: Set<SessionListener>;
  /** Receives the changes other processes publish (set while subscribed). */
  remote?: (payload: string) => void;
}

/** Told that a session changed elsewhere (another tab of this process, or another process). */
export type SessionListener = () => void;

/** What a process publishes after committing a session change. */
interface SessionChange {
  /** The publishing process. */
  p: string;
  /** Top-level keys it changed (set or deleted). */
  k: string[];
  /** The whole session it wrote (devalue). */
  s: string;
}

/** PubSub topic of a browser session's changes. */
export const sessionTopic = (id: string): string => `session:${id}`;

/** Backend key of a browser session. */
export const sessionKey = (id: string): string => `s:${id}`;

/** The live sessions of one server. */
export class SessionRegistry {
  readonly #live = new Map<string, SharedSession>();
  readonly #loading = new Map<string, Promise<SharedSession>>();
  readonly #backend: StateBackend;
  readonly #ttlMs: number;
  readonly #log: (message: string, err?: unknown) => void;
  readonly #pubsub: PubSub | undefined;
  /** This process among those sharing the PubSub. */
  readonly #process = randomUUID();

  /**
   * @param ttlMs - how long a stored session lives after its last change.
   * @param pubsub - where changes are published to (and heard from) other processes; without it, this process only.
   */
  constructor(backend: StateBackend, ttlMs: number, log: (message: string, err?: unknown) => void, pubsub?: PubSub) {
    this.#backend = backend;
    this.#ttlMs = ttlMs;
    this.#log = log;
    this.#pubsub = pubsub;
  }

  /** Number of sessions held live (for tests and tooling). */
  get size(): number {
    return this.#live.size;
  }

  /**
   * Takes a reference to the session `id`, loading it once even when several tabs join at the same time.
   * @param listener - called when the session changes elsewhere (another holder, another process).
   */
  async acquire(id: string, listener?: SessionListener): Promise<SharedSession> {
    const live = this.#live.get(id);
    if (live) {
      live.refs++;
      if (listener) live.listeners.add(listener);
      return live;
    }
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = this.#load(id).finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    const entry = await loading;
    entry.refs++;
    if (listener) entry.listeners.add(listener);
    return entry;
  }

  /** Gives a reference back; the session leaves memory with its last holder (it stays in the backend). */
  release(entry: SharedSession, listener?: SessionListener): void {
    if (listener) entry.listeners.delete(listener);
    if (--entry.refs <= 0 && this.#live.get(entry.id) === entry) {
      this.#live.delete(entry.id);
      if (entry.remote) void this.#pubsub?.unsubscribe(sessionTopic(entry.id), entry.remote);
    }
  }

  /**
   * Commits the session: stores it when it changed. An empty session is never stored (it equals a missing one),
   * so visitors who store nothing cost nothing. A change is told to the session's other holders (they render
   * again) and published to the other processes.
   * @param by - the holder that made the change (not told).
   * @throws StateError when the session holds an unsupported value.
   */
  async save(entry: SharedSession, by?: SessionListener): Promise<void> {
    // Never stored and still empty (equal to a missing session): the usual visitor costs nothing.
    if (entry.saved === "" && isEmpty(entry.data)) return;
    const check = takeSnapshot(entry.data, "session");
    if (entry.check !== undefined && sameSnapshot(check, entry.check)) return;
    const now = serialize(entry.data, "session");
    entry.check = check;
    if (now === entry.saved) return;
    const before = entry.saved;
    entry.saved = now;
    await this.#backend.set(sessionKey(entry.id), now, this.#ttlMs);
    this.#tell(entry, by);
    if (this.#pubsub) {
      const change: SessionChange = { p: this.#process, k: changedKeys(before, entry.data), s: now };
      this.#pubsub.publish(sessionTopic(entry.id), JSON.stringify(change)).catch((err: unknown) => {
        this.#log(`session ${entry.id}: change not published to the other processes`, err);
      });
    }
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
    const entry: SharedSession = { id, data, saved, refs: 0, listeners: new Set() };
    this.#live.set(id, entry);
    if (this.#pubsub) {
      const remote = (payload: string) => this.#remote(entry, payload);
      entry.remote = remote;
      await this.#pubsub.subscribe(sessionTopic(id), remote).catch((err: unknown) => {
        this.#log(`session ${id}: not subscribed to the other processes' changes`, err);
      });
    }
    return entry;
  }

  /** Tells the holders of `entry` (but `by`) that it changed. */
  #tell(entry: SharedSession, by?: SessionListener): void {
    for (const l of entry.listeners) {
      if (l === by) continue;
      try {
        l();
      } catch (err) {
        this.#log(`session ${entry.id}: a holder failed to hear a change`, err);
      }
    }
  }

  /** Another process committed a change of `entry`: apply its keys, tell the holders, heal a lost merge. */
  #remote(entry: SharedSession, payload: string): void {
    let change: SessionChange;
    let theirs: Session;
    try {
      change = JSON.parse(payload) as SessionChange;
      if (change.p === this.#process || !Array.isArray(change.k) || typeof change.s !== "string") return;
      theirs = deserialize<Session>(change.s);
    } catch (err) {
      return this.#log(`session ${entry.id}: a change from another process could not be read`, err);
    }
    const data = entry.data;
    for (const k of change.k) {
      if (typeof k !== "string") continue;
      if (k in theirs) data[k] = theirs[k];
      else delete data[k];
    }
    const merged = serialize(data, "session");
    entry.saved = merged;
    entry.check = takeSnapshot(data, "session");
    // They wrote without a key this process changed meanwhile: write the merge back so that nothing is lost.
    if (merged !== change.s) {
      this.#backend.set(sessionKey(entry.id), merged, this.#ttlMs).catch((err: unknown) => {
        this.#log(`session ${entry.id}: merged session not stored`, err);
      });
    }
    this.#tell(entry);
  }
}

/** Top-level keys whose value differs between the stored form `before` (devalue, or `""`) and `now`. */
function changedKeys(before: string, now: Session): string[] {
  const was: Session = before === "" ? {} : deserialize<Session>(before);
  const keys: string[] = [];
  for (const k of Object.keys(now)) if (!(k in was) || serialize(was[k], k) !== serialize(now[k], k)) keys.push(k);
  for (const k of Object.keys(was)) if (!(k in now)) keys.push(k);
  return keys;
}

function isEmpty(data: Session): boolean {
  for (const _ in data) return false;
  return true;
}
