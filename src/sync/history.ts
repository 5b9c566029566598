/**
 * The recent changes of a synced object, by version: what a reconnecting browser missed (sent as deltas instead
 * of the whole state), and what a patch made on an older version must not conflict with.
 * @module
 */
import { parsePointer } from "../protocol/json-patch.ts";
import type { JsonPatchOp } from "../protocol/sync.ts";

/** Changes kept per object. Older ones are forgotten: a browser further behind gets the whole state. */
export const MAX_HISTORY = 256;

/** One version's change. */
export interface Change {
  /** The version it made. */
  readonly version: number;
  /** Its ops, as sent. */
  readonly ops: JsonPatchOp[];
  /** The origin id of the client whose patch it was, and that patch's ref. */
  readonly origin?: string;
  readonly ref?: number;
}

/** A bounded list of the latest changes. */
export class History {
  #changes: Change[] = [];
  /** The version before the first change kept: versions after it (up to the latest) are all here. */
  #start: number;

  /** @param version - the object's version when the history starts. */
  constructor(version: number) {
    this.#start = version;
  }

  /** Adds the change that made `change.version` (the version after the last one added). */
  push(change: Change): void {
    this.#changes.push(change);
    if (this.#changes.length > MAX_HISTORY) {
      const dropped = this.#changes.splice(0, this.#changes.length - MAX_HISTORY);
      this.#start = dropped[dropped.length - 1]!.version;
    }
  }

  /**
   * The changes after `version`, oldest first: `[]` when `version` is the latest, `undefined` when some are no
   * longer kept (or `version` was never one of this history's: another process, an earlier run).
   */
  since(version: number, latest: number): Change[] | undefined {
    if (version < this.#start || version > latest) return undefined;
    return this.#changes.slice(this.#changes.length - (latest - version));
  }
}

/** Whether a pointer segment is an array index (`0`, `12`; not `-`, not `01`). */
const isIndex = (segment: string): boolean => /^(0|[1-9]\d*)$/.test(segment);

/**
 * What a change made on the server did to the places a browser's older patch may address:
 * - a `replace` (or an object member's `add`/`remove`) changed the value at `path`: any client path equal to it, under
 *   it or above it addresses something else now;
 * - an array `add` or `remove` at index `i` of the array at `path` shifted the elements from `i` on: a client path
 *   through that array at an index `>= i` names another element now (an append, `-`, still appends; an element
 *   before `i` is where it was), and a client path at or above the array sees another array.
 */
interface Place {
  path: string[];
  shiftFrom?: number;
}

function placesOf(op: JsonPatchOp): Place[] {
  const segments = parsePointer(op.path);
  if (!segments) return [];
  const last = segments[segments.length - 1];
  if ((op.op === "add" || op.op === "remove") && last !== undefined && isIndex(last)) {
    return [{ path: segments.slice(0, -1), shiftFrom: Number(last) }];
  }
  return [{ path: segments }];
}

/** The paths a browser's op addresses. */
function addressed(op: JsonPatchOp): string[][] {
  const pointers = op.op === "move" || op.op === "copy" ? [op.path, op.from] : [op.path];
  return pointers.map(parsePointer).filter((p): p is string[] => p !== undefined);
}

/** Whether `prefix` is a prefix of `path` (or equal). */
function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

function hits(path: string[], place: Place): boolean {
  if (startsWith(place.path, path)) return true; // the client addresses the changed place or something above it
  if (!startsWith(path, place.path)) return false;
  if (place.shiftFrom === undefined) return true; // under a changed value
  const next = path[place.path.length]!;
  return isIndex(next) && Number(next) >= place.shiftFrom; // an element that moved (or was removed)
}

/**
 * Whether `ops` (made on an older version) address a place that `changes` (made since, by others) changed or
 * shifted: applying them could change the wrong element or overwrite a newer value, and the patch is refused.
 * Changes elsewhere (another card's title, an append to a list) do not refuse it.
 */
export function conflicts(ops: readonly JsonPatchOp[], changes: readonly Change[]): boolean {
  if (changes.length === 0) return false;
  const mine = ops.flatMap(addressed);
  for (const change of changes) for (const op of change.ops) for (const place of placesOf(op)) for (const path of mine) if (hits(path, place)) return true;
  return false;
}
