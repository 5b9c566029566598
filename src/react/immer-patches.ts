/**
 * Immer's patches as RFC 6902 JSON Patch, and the Immer instance the bindings produce with.
 * @module
 */
import { Immer, enablePatches, type Patch } from "immer";
import { toPointer } from "../protocol/json-patch.ts";
import type { JsonPatchOp } from "../protocol/sync.ts";
import { asJson } from "./json.ts";

enablePatches();

/**
 * The bindings' own Immer: it does not freeze what it produces, because the states it works on are the store's
 * (freezing them would be a change of objects the store owns), and it leaves Immer's global settings alone.
 */
export const immer = new Immer({ autoFreeze: false });

/**
 * Immer's patches as RFC 6902 ops: Immer's `add`, `remove` and `replace` are RFC 6902's, its path arrays become
 * JSON Pointers (`["cards", 0, "title"]` is `/cards/0/title`). Immer 11 describes array changes item by item (a
 * push is `add /list/<length>`, a shrink is `remove`s from the end, last first) and never as a change of
 * `length`, so every op applies, in order, to the state the patches were made on.
 * @throws Error for a patch on a `Map` or `Set` (not JSON: the bindings never enable Immer's `MapSet` plugin, so
 * Immer would have refused it first).
 */
export function toJsonPatch(patches: readonly Patch[]): JsonPatchOp[] {
  return patches.map((patch): JsonPatchOp => {
    const path = toPointer(patch.path);
    switch (patch.op) {
      case "add":
        return { op: "add", path, value: asJson(patch.value) };
      case "replace":
        return { op: "replace", path, value: asJson(patch.value) };
      case "remove":
        return { op: "remove", path };
      default:
        throw new Error(`toJsonPatch: unknown Immer op ${String((patch as { op: unknown }).op)}`);
    }
  });
}
