/**
 * Patches from browsers: checked against the object's fields and schema on a copy (structural sharing: only the
 * changed paths are copied), then applied to the live state through the recorder, whole or not at all. ws-sync
 * coerces a patched state with pydantic but enforces no constraint; here every constraint of the schema holds, and
 * what the schema changed (coercion, defaults) is sent back as part of the acknowledgement.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { applyPatch, jsonEqual, parsePointer, PatchError, toPointer } from "../protocol/json-patch.ts";
import type { JsonPatchOp, JsonValue } from "../protocol/sync.ts";
import type { Recorder } from "./recorder.ts";

/** Why a patch was refused. */
export class PatchRefusal {
  constructor(readonly message: string) {}
}

/** What a checked patch applies: its ops, then the schema's corrections at the places they wrote. */
export interface CheckedPatch {
  readonly ops: readonly JsonPatchOp[];
  readonly corrections: readonly JsonPatchOp[];
}

/**
 * Checks a browser's patch against the current state.
 * @param root - the live state (wire names to values); not changed.
 * @param readOnly - wire names of fields browsers may not write (the exposed tasks).
 * @returns the patch to apply, or why it is refused.
 */
export async function checkPatch(
  root: { [field: string]: JsonValue },
  ops: readonly JsonPatchOp[],
  schema: StandardSchemaV1 | undefined,
  readOnly: string | undefined,
): Promise<CheckedPatch | PatchRefusal> {
  for (const op of ops) {
    for (const pointer of op.op === "move" || op.op === "copy" ? [op.path, op.from] : [op.path]) {
      const segments = parsePointer(pointer);
      if (!segments) return new PatchRefusal(`${JSON.stringify(pointer)} is not a JSON Pointer`);
      if (segments.length === 0) return new PatchRefusal("a patch may not replace the whole state; patch its fields");
      const field = segments[0]!;
      if (!Object.prototype.hasOwnProperty.call(root, field)) return new PatchRefusal(`${JSON.stringify(field)} is not a field of this object`);
      if (field === readOnly) return new PatchRefusal(`${JSON.stringify(field)} is read-only`);
      if (segments.length === 1 && op.op !== "replace" && op.op !== "test" && !(op.op === "copy" && pointer === op.from)) {
        return new PatchRefusal(`the field ${JSON.stringify(field)} cannot be added or removed, only replaced`);
      }
    }
  }
  let candidate: JsonValue;
  try {
    candidate = applyPatch(root, ops);
  } catch (error) {
    if (error instanceof PatchError) return new PatchRefusal(`op ${error.index}: ${error.message}`);
    throw error;
  }
  if (!schema) return { ops, corrections: [] };
  let result = schema["~standard"].validate(candidate);
  if (result instanceof Promise) result = await result;
  if (result.issues) return new PatchRefusal(describeIssues(result.issues));
  return { ops, corrections: corrections(candidate, result.value as JsonValue, ops) };
}

/** Issues as one line: `cards.3.title: Too big: expected string to have <=120 characters; ...`. */
export function describeIssues(issues: readonly StandardSchemaV1.Issue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** Where the schema's output differs from the patched state at a place the patch wrote: replace it there. */
function corrections(candidate: JsonValue, output: JsonValue, ops: readonly JsonPatchOp[]): JsonPatchOp[] {
  const fixes: JsonPatchOp[] = [];
  const seen = new Set<string>();
  for (const op of ops) {
    if (op.op === "remove" || op.op === "test") continue;
    const segments = parsePointer(op.path)!;
    // An append names no index: the element is the array's last.
    if (segments[segments.length - 1] === "-") {
      const array = valueAt(candidate, segments.slice(0, -1));
      if (!Array.isArray(array)) continue;
      segments[segments.length - 1] = String(array.length - 1);
    }
    const path = toPointer(segments);
    if (seen.has(path)) continue;
    seen.add(path);
    const want = valueAt(output, segments);
    const have = valueAt(candidate, segments);
    if (want !== undefined && have !== undefined && !jsonEqual(want, have)) fixes.push({ op: "replace", path, value: want });
  }
  return fixes;
}

function valueAt(doc: JsonValue, segments: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = doc;
  for (const s of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, s)) return undefined;
    current = (current as Record<string, JsonValue>)[s];
  }
  return current;
}

/**
 * Applies checked ops to the live state through the recorder (which records them for the other browsers). Each op
 * was checked on a copy, so none fails here.
 */
export function applyLive(recorder: Recorder, ops: readonly JsonPatchOp[]): void {
  for (const op of ops) {
    switch (op.op) {
      case "test":
        break;
      case "add":
        put(recorder, op.path, op.value, true);
        break;
      case "replace":
        put(recorder, op.path, op.value, false);
        break;
      case "remove":
        take(recorder, op.path);
        break;
      case "move": {
        if (op.from === op.path) break;
        const value = take(recorder, op.from);
        put(recorder, op.path, value, true);
        break;
      }
      case "copy":
        put(recorder, op.path, read(recorder, op.from), true);
        break;
    }
  }
}

type Proxied = Record<string, unknown> & unknown[];

/** The container holding `pointer`'s target (through the recorder's proxies) and the target's key. */
function locate(recorder: Recorder, pointer: string): { container: Proxied; key: string } | { field: string } {
  const segments = parsePointer(pointer)!;
  if (segments.length === 1) return { field: segments[0]! };
  let container = recorder.read(segments[0]!) as Proxied;
  for (let i = 1; i < segments.length - 1; i++) container = (container as unknown as Record<string, Proxied>)[segments[i]!]!;
  return { container, key: segments[segments.length - 1]! };
}

function read(recorder: Recorder, pointer: string): JsonValue {
  const at = locate(recorder, pointer);
  const value = "field" in at ? recorder.read(at.field) : at.container[at.key as keyof Proxied];
  return recorder.unwrap(value) as JsonValue;
}

function put(recorder: Recorder, pointer: string, value: JsonValue, insert: boolean): void {
  const at = locate(recorder, pointer);
  if ("field" in at) return recorder.write(at.field, value);
  const { container, key } = at;
  if (Array.isArray(recorder.unwrap(container))) {
    const index = key === "-" ? container.length : Number(key);
    if (insert) container.splice(index, 0, value);
    else container[index] = value;
  } else {
    (container as Record<string, unknown>)[key] = value;
  }
}

function take(recorder: Recorder, pointer: string): JsonValue {
  const at = locate(recorder, pointer);
  if ("field" in at) throw new Error("a field cannot be removed"); // refused by checkPatch
  const { container, key } = at;
  const value = recorder.unwrap(container[key as keyof Proxied]) as JsonValue;
  if (Array.isArray(recorder.unwrap(container))) container.splice(Number(key), 1);
  else delete (container as Record<string, unknown>)[key];
  return value;
}
