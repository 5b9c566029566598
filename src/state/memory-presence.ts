/**
 * Presence in this process's memory: the default, for a single process.
 * @module
 */
import { randomUUID } from "node:crypto";
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

interface Tracked {
  topic: string;
  key: string;
  meta: PresenceMeta;
}

/** {@link Presence} in a `Map`; diffs go out on the given PubSub. */
export class MemoryPresence implements Presence {
  readonly #pubsub: PubSub;
  readonly #log: (message: string, err?: unknown) => void;
  readonly #tracks = new Map<string, Tracked>();

  constructor(pubsub: PubSub, log: (message: string, err?: unknown) => void = () => {}) {
    this.#pubsub = pubsub;
    this.#log = log;
  }

  async track(topic: string, key: string, meta: PresenceMeta): Promise<string> {
    checkName("topic", topic);
    checkName("key", key);
    const m = checkMeta(meta);
    const ref = randomUUID();
    this.#tracks.set(ref, { topic, key, meta: m });
    this.#publish(topic, diffOf("joins", key, { ...m, ref }));
    return ref;
  }

  async update(ref: string, meta: PresenceMeta): Promise<void> {
    const t = this.#tracks.get(ref);
    if (!t) return;
    const m = checkMeta(meta);
    const before = t.meta;
    t.meta = m;
    this.#publish(t.topic, { joins: { [t.key]: { metas: [{ ...m, ref }] } }, leaves: { [t.key]: { metas: [{ ...before, ref }] } } });
  }

  async untrack(ref: string): Promise<void> {
    const t = this.#tracks.get(ref);
    if (!t) return;
    this.#tracks.delete(ref);
    this.#publish(t.topic, diffOf("leaves", t.key, { ...t.meta, ref }));
  }

  async list(topic: string): Promise<PresenceList> {
    const out: PresenceList = {};
    for (const [ref, t] of this.#tracks) if (t.topic === topic) addTo(out, t.key, { ...t.meta, ref });
    return out;
  }

  async close(): Promise<void> {
    for (const ref of [...this.#tracks.keys()]) await this.untrack(ref);
  }

  #publish(topic: string, diff: PresenceDiff): void {
    this.#pubsub.publish(topic, JSON.stringify([PRESENCE_DIFF, diff])).catch((err: unknown) => this.#log(`presence diff on "${topic}" not published`, err));
  }
}
