/**
 * Presence for views: `this.track(topic, key, meta)`, `this.untrack(topic, key)`, `this.updatePresence(...)`,
 * `this.listPresence(topic)`. Mirrors Phoenix's `Presence.track/4` from a LiveView: a view's presences are live
 * while it is connected (tracked at the join, untracked when it leaves), and what it tracks is part of its stored
 * state (slot `"~presence"`), so a view restored after a reconnect, a restart or on another process is present
 * again without a second `mount`. Joins and leaves reach the topic's subscribers as
 * `handleInfo("presence_diff", { joins, leaves })`.
 * @module
 */
import { contextOf, type ViewPresence } from "./context.ts";
import { addController, findController, registerStateSlot, type ViewController } from "./controller.ts";

/** Where a view's presences are stored among its fields (`"~presence"`). */
export const PRESENCE_SLOT = "presence";

/** One presence a view asked for. */
interface Wanted {
  topic: string;
  key: string;
  meta: Record<string, unknown>;
}

/** The presences one view tracks. */
export class PresenceTracker implements ViewController {
  readonly stateKey = PRESENCE_SLOT;
  readonly #view: object;
  /** By `topic + "\n" + key`. */
  readonly #wanted = new Map<string, Wanted>();
  /** The live tracks' refs (resolving), by the same key, while connected. */
  readonly #refs = new Map<string, Promise<string | undefined>>();
  #live: ViewPresence | undefined;

  constructor(view: object) {
    this.#view = view;
    addController(view, this);
  }

  /** The tracker of `view`, created when `create` and it has none. */
  static of(view: object, create: true): PresenceTracker;
  static of(view: object, create?: boolean): PresenceTracker | undefined;
  static of(view: object, create = false): PresenceTracker | undefined {
    return findController(view, PresenceTracker) ?? (create ? new PresenceTracker(view) : undefined);
  }

  /**
   * Tracks `key` on `topic` (now when connected, else from the join on); tracking it again replaces the meta.
   * @throws TypeError for an empty topic or key, or a meta that is not a JSON-serializable plain object.
   */
  track(topic: string, key: string, meta: Record<string, unknown>): void {
    if (typeof topic !== "string" || topic === "") throw new TypeError("track: topic must be a non-empty string");
    if (typeof key !== "string" || key === "") throw new TypeError("track: key must be a non-empty string");
    const id = idOf(topic, key);
    const copy = checkedMeta(meta);
    const had = this.#wanted.has(id);
    this.#wanted.set(id, { topic, key, meta: copy });
    if (!this.#live) return;
    if (had) void this.#after(id, (live, ref) => live.update(ref, copy));
    else this.#start(this.#live, id);
  }

  /** Stops tracking `key` on `topic`. */
  untrack(topic: string, key: string): void {
    const id = idOf(topic, key);
    if (!this.#wanted.delete(id)) return;
    void this.#after(id, (live, ref) => live.untrack(ref));
    this.#refs.delete(id);
  }

  hostConnected(): void {
    const presence = contextOf(this.#view)?.presence;
    if (!presence || this.#live) return;
    this.#live = presence;
    for (const id of this.#wanted.keys()) this.#start(presence, id);
  }

  hostDisconnected(): void {
    const live = this.#live;
    if (!live) return;
    for (const id of [...this.#refs.keys()]) void this.#after(id, (l, ref) => l.untrack(ref));
    this.#refs.clear();
    this.#live = undefined;
  }

  saveState(): Wanted[] {
    return [...this.#wanted.values()];
  }

  restoreState(saved: unknown): void {
    const list = Array.isArray(saved) ? (saved as Wanted[]) : [];
    const next = new Map(list.filter(valid).map((w) => [idOf(w.topic, w.key), w] as const));
    for (const [id, w] of this.#wanted) if (!next.has(id)) this.untrack(w.topic, w.key);
    for (const w of next.values()) {
      const had = this.#wanted.get(idOf(w.topic, w.key));
      if (!had || JSON.stringify(had.meta) !== JSON.stringify(w.meta)) this.track(w.topic, w.key, w.meta);
    }
  }

  #start(live: ViewPresence, id: string): void {
    const w = this.#wanted.get(id)!;
    const ref = live.track(w.topic, w.key, w.meta).catch((err: unknown) => {
      contextOf(this.#view)?.log(`${this.#view.constructor.name}: tracking "${w.key}" on "${w.topic}" failed`, err);
      return undefined;
    });
    this.#refs.set(id, ref);
  }

  /** Runs `f` with the ref of track `id` once it is known. */
  async #after(id: string, f: (live: ViewPresence, ref: string) => Promise<void>): Promise<void> {
    const live = this.#live;
    const ref = await this.#refs.get(id);
    if (!live || ref === undefined) return;
    try {
      await f(live, ref);
    } catch (err) {
      contextOf(this.#view)?.log(`${this.#view.constructor.name}: presence update failed`, err);
    }
  }
}

registerStateSlot(PRESENCE_SLOT, (view) => PresenceTracker.of(view, true));

const idOf = (topic: string, key: string) => `${topic}\n${key}`;

function valid(w: unknown): w is Wanted {
  const x = w as Wanted;
  return typeof x?.topic === "string" && x.topic !== "" && typeof x.key === "string" && x.key !== "" && typeof x.meta === "object" && x.meta !== null;
}

/**
 * @throws TypeError unless `meta` is a JSON-serializable plain object.
 */
function checkedMeta(meta: unknown): Record<string, unknown> {
  if (typeof meta !== "object" || meta === null || Array.isArray(meta) || Object.getPrototypeOf(meta) !== Object.prototype) {
    throw new TypeError("track: meta must be a plain object");
  }
  const bad = notJson(meta, "meta");
  if (bad) throw new TypeError(`track: ${bad} is not JSON data (strings, finite numbers, booleans, null, arrays, plain objects)`);
  return JSON.parse(JSON.stringify(meta)) as Record<string, unknown>;
}

/** The path of the first value JSON would drop or change (a function, `undefined`, `NaN`, a `Date`...), if any. */
function notJson(v: unknown, path: string, depth = 0): string | undefined {
  if (depth > 32) return path;
  if (v === null || typeof v === "string" || typeof v === "boolean") return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? undefined : path;
  if (typeof v !== "object") return path;
  const proto = Object.getPrototypeOf(v);
  if (proto === Array.prototype) {
    const list = v as unknown[];
    for (let i = 0; i < list.length; i++) {
      const bad = notJson(list[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (proto !== Object.prototype) return path;
  for (const [k, x] of Object.entries(v)) {
    const bad = notJson(x, `${path}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}
