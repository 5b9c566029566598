/**
 * Walking the keys of a prefix with SCAN, for `rein stats` and `rein cleanup`: what kind each key is (a view's
 * state `v:`, a browser session `s:`, anything else Rein keeps under the prefix, such as presence), its remaining
 * TTL (PTTL), its stored size and its format marker (the first byte, see `FORMAT` in src/state/redis.ts).
 * Reading a key's TTL, length or first byte never changes it.
 * @module
 */
import type { Redis } from "ioredis";
import { FORMAT } from "../state/redis.ts";
import { globEscape } from "./common.ts";

/** The sub-prefix of a view's state (`viewKey` in src/session/lifecycle.ts). */
export const VIEW = "v:";
/** The sub-prefix of a browser session (`sessionKey` in src/session/sessions.ts). */
export const SESSION = "s:";
/** Keys per SCAN call. */
export const SCAN_COUNT = 500;

/** What a key under the prefix holds. */
export type KeyKind = "view" | "session" | "other";

/** One key, as the CLI sees it. */
export interface KeyInfo {
  /** The full key, prefix included. */
  key: string;
  kind: KeyKind;
  /** Remaining time to live in ms; -1 without expiry, -2 when the key vanished meanwhile. */
  pttl: number;
  /** Stored bytes (marker byte included); 0 for an `other` key (not necessarily a string). */
  bytes: number;
  /** The first stored byte ({@link FORMAT}) of a view or session; `undefined` for `other` keys or an empty value. */
  marker: number | undefined;
}

/** The kind of `key` under `prefix`. */
export function kindOf(key: string, prefix: string): KeyKind {
  const rest = key.slice(prefix.length);
  return rest.startsWith(VIEW) ? "view" : rest.startsWith(SESSION) ? "session" : "other";
}

/**
 * The keys under `prefix + sub`, batch by batch (each key once, even when SCAN repeats it), with their TTL, size
 * and marker. Keys that vanish between SCAN and the look-up come with `pttl` -2 and are best skipped.
 * @throws Error when Redis fails.
 */
export async function* scanKeys(redis: Redis, prefix: string, sub = ""): AsyncGenerator<KeyInfo[]> {
  const seen = new Set<string>();
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", globEscape(prefix + sub) + "*", "COUNT", SCAN_COUNT);
    cursor = next;
    const batch = found.filter((k) => !seen.has(k) && (seen.add(k), true));
    if (batch.length === 0) continue;
    const kinds = batch.map((k) => kindOf(k, prefix));
    const pipe = redis.pipeline();
    batch.forEach((k, i) => {
      pipe.pttl(k);
      if (kinds[i] !== "other") pipe.strlen(k).getrangeBuffer(k, 0, 0);
    });
    const results = (await pipe.exec()) ?? [];
    let r = 0;
    const next_ = () => {
      const [err, value] = results[r++] ?? [null, undefined];
      return err ? undefined : value;
    };
    yield batch.map((key, i) => {
      const pttl = Number(next_() ?? -2);
      if (kinds[i] === "other") return { key, kind: "other", pttl, bytes: 0, marker: undefined };
      const bytes = Number(next_() ?? 0);
      const first = next_() as Buffer | undefined;
      return { key, kind: kinds[i]!, pttl, bytes, marker: first && first.length > 0 ? first[0] : undefined };
    });
  } while (cursor !== "0");
}

/** Whether a stored value's marker says it is compressed. */
export const isCompressed = (info: KeyInfo): boolean => info.marker === FORMAT.deflate;
/** Whether a stored value's marker is one Rein writes. */
export const isKnownFormat = (info: KeyInfo): boolean => info.marker === FORMAT.plain || info.marker === FORMAT.deflate;
