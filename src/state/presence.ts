/**
 * Presence: who is on a topic right now (the users in a chat room, the editors of a document), across every
 * process of the app. Mirrors Phoenix Presence: `track(topic, key, meta)`, `untrack`, `list(topic)`, and joins and
 * leaves broadcast to the topic's subscribers as a `presence_diff` message. Phoenix replicates a CRDT between
 * nodes; Rein keeps presence in Redis when the app runs on several processes (Redis is the distributed engine), in
 * memory otherwise.
 * @module
 */

/** A tracked entry's metadata: JSON-serializable plain data (`{ name: "ada", typing: false }`). */
export type PresenceMeta = Record<string, unknown>;

/** One presence of a key, as listed: its meta plus the `ref` of the track that made it. */
export type PresenceEntry = PresenceMeta & { readonly ref: string };

/** Who is on a topic: per key (a user id), the metas of each of its presences (one per tab). */
export type PresenceList = Record<string, { metas: PresenceEntry[] }>;

/** What the topic's subscribers receive as `handleInfo("presence_diff", diff)`. */
export interface PresenceDiff {
  joins: PresenceList;
  leaves: PresenceList;
}

/** The event name of presence diffs on a topic. */
export const PRESENCE_DIFF = "presence_diff";

/**
 * A presence store. Implementations: {@link MemoryPresence} (one process), `RedisPresence` (every process on the
 * same Redis; the entries of a process that dies are removed within a bounded time).
 */
export interface Presence {
  /**
   * Tracks `key` on `topic` with `meta`; publishes a join diff on the topic.
   * @returns the track's ref (for {@link untrack} and {@link update}).
   * @throws TypeError for an empty topic or key, or a meta that is not a JSON-serializable plain object.
   */
  track(topic: string, key: string, meta: PresenceMeta): Promise<string>;
  /** Replaces the meta of a track (a leave and a join of that presence, as in Phoenix). Unknown ref: no-op. */
  update(ref: string, meta: PresenceMeta): Promise<void>;
  /** Ends a track; publishes a leave diff. Unknown ref: no-op. */
  untrack(ref: string): Promise<void>;
  /** Who is on `topic` now. */
  list(topic: string): Promise<PresenceList>;
  /** Ends this process's tracks (publishing their leaves) and its timers. */
  close(): Promise<void>;
}

/**
 * Checks and copies a meta: a plain object that survives JSON.
 * @throws TypeError otherwise.
 */
export function checkMeta(meta: unknown): PresenceMeta {
  if (typeof meta !== "object" || meta === null || Array.isArray(meta) || Object.getPrototypeOf(meta) !== Object.prototype) {
    throw new TypeError("presence meta must be a plain object");
  }
  try {
    return JSON.parse(JSON.stringify(meta)) as PresenceMeta;
  } catch (err) {
    throw new TypeError(`presence meta is not JSON-serializable (${(err as Error).message})`);
  }
}

/** @throws TypeError unless `value` is a non-empty string named `what`. */
export function checkName(what: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value === "") throw new TypeError(`presence ${what} must be a non-empty string`);
}

/** A diff of one presence joining or leaving. */
export function diffOf(kind: "joins" | "leaves", key: string, entry: PresenceEntry): PresenceDiff {
  const one: PresenceList = { [key]: { metas: [entry] } };
  return kind === "joins" ? { joins: one, leaves: {} } : { joins: {}, leaves: one };
}

/** Adds one presence to a list (mutating it). */
export function addTo(list: PresenceList, key: string, entry: PresenceEntry): void {
  (list[key] ??= { metas: [] }).metas.push(entry);
}
