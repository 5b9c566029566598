/**
 * The store behind `@cache`: per connected view, handler name + key params -> the fields the handler changed,
 * serialized. See `src/live/decorators/cache.ts` for the contract.
 * @module
 */
import { deserialize, serialize } from "../state/serialize.ts";

interface Entry {
  expires: number;
  fields: Record<string, string>;
}

/** Field-level snapshots of a view, for finding what a handler changed. */
export type FieldSnapshot = Map<string, string>;

/** Serializes each field on its own. */
export function snapshotFields(fields: Record<string, unknown>, label: string): FieldSnapshot {
  const out: FieldSnapshot = new Map();
  for (const [k, v] of Object.entries(fields)) out.set(k, serialize(v, `${label}.${k}`));
  return out;
}

/** One view's handler cache. */
export class HandlerCache {
  readonly #entries = new Map<string, Entry>();

  /**
   * The cache key of a call: event target (none: the view), handler name, and the chosen params (all when
   * `keyParams` is undefined).
   */
  static key(name: string, params: Record<string, unknown>, keyParams: string[] | undefined, target?: string): string {
    const picked = keyParams ? keyParams.map((k) => params[k]) : params;
    return `${target ?? ""}\u0000${name}\u0000${JSON.stringify(picked)}`;
  }

  /** The cached field values of a key, deserialized fresh (no sharing with the cache), or `undefined`. */
  get(key: string, now = Date.now()): Record<string, unknown> | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.fields)) out[k] = deserialize(v);
    return out;
  }

  /** Stores the fields that differ between `before` and `after`. */
  set(key: string, before: FieldSnapshot, after: FieldSnapshot, ttl: number, now = Date.now()): void {
    const fields: Record<string, string> = {};
    for (const [k, v] of after) if (before.get(k) !== v) fields[k] = v;
    this.#entries.set(key, { expires: now + ttl, fields });
  }
}
