/**
 * The frames of the `object` channel kind: synced objects (ws-sync's model, on Rein's multiplexed socket). A
 * server object's synced fields are mirrored in the browser as one JSON value; changes travel both ways as RFC 6902
 * JSON Patch ({@link JsonPatchOp}), every server change numbered by the object's version.
 *
 * Client to server (besides the shared join, resync and leave frames):
 * - join `["j", ch, token, key, "object", version?]`: open the object `key`. `token` is a signed session token
 *   (or `""`: the session cookie of the socket's upgrade request, else an anonymous session of this socket).
 *   `version`: the version the client holds (a reconnect): the server sends only what changed since, when it can.
 * - {@link PatchFrame} `["o", ch, ref, base, ops]`: the client changed the state: `ops` were made on version `base`.
 * - action: the shared event frame `["e", ch, ref, name, params]` calls the `@action()` method `name`.
 * - {@link TaskStartFrame} `["k", ch, ref, name, params]`: starts the `@task()` method `name`.
 * - {@link TaskCancelFrame} `["c", ch, ref, name]`: cancels the running task `name`.
 * - binary: a binary frame (see {@link encodeBinary}) with header {@link ClientBinaryHeader}: calls the `@action()`
 *   `name` with the header's metadata and the bytes.
 *
 * Server to client:
 * - {@link SnapshotFrame} `["S", ch, version, state, ref?]`: the whole state (after a join, a resync, a gap).
 *   `ref`: the last patch of this client (by the join's `origin`) that the state includes: its pending patches up
 *   to that ref were applied (before a reconnect), the later ones were not and are to be sent again.
 * - {@link DeltaFrame} `["D", ch, version, ops, ref?]`: the state changed from `version - 1` to `version` by
 *   `ops`. `ref`: these ops are the client's own patch frame `ref`, as the server applied it (its acknowledgement).
 * - {@link AnswerFrame} `["A", ch, ref, result]`: the action or task of frame `ref` finished with `result` (JSON,
 *   `null` when it returned nothing); the cancel of frame `ref` was done.
 * - {@link ToastFrame} `["M", ch, type, message]`: a notification for the user (ws-sync's `_TOAST`).
 * - binary: a binary frame with header {@link ServerBinaryHeader}.
 * - the shared error frame `["x", ch, ref, code, message]`: frame `ref` was refused; the server's state is as it
 *   was. A refused patch is undone by the client (it keeps the server's state apart from its own pending changes).
 *
 * Versions: a snapshot sets the version (a new object starts at 1, so a join's `0` means "none"); every delta
 * carries the previous version plus one. A client that sees
 * another number asks for a snapshot (`["s", ch, ref]`) instead of applying ops to a state they were not made for.
 * @module
 */

/** A JSON value, as synced objects hold and send them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One RFC 6902 operation. `path` and `from` are RFC 6901 JSON Pointers (`/cards/3/title`, `""` the whole value). */
export type JsonPatchOp =
  | { op: "add"; path: string; value: JsonValue }
  | { op: "remove"; path: string }
  | { op: "replace"; path: string; value: JsonValue }
  | { op: "move"; from: string; path: string }
  | { op: "copy"; from: string; path: string }
  | { op: "test"; path: string; value: JsonValue };

/** `["o", ch, ref, base, ops]`: the client's change to the object on channel `ch`, made on version `base`. */
export type PatchFrame = [type: "o", ch: number, ref: number, base: number, ops: JsonPatchOp[]];

/** `["k", ch, ref, name, params]`: start the task `name`; answered when it ends (an answer or an error frame). */
export type TaskStartFrame = [type: "k", ch: number, ref: number, name: string, params: { [key: string]: JsonValue }];

/** `["c", ch, ref, name]`: cancel the running task `name` (its starter gets the error `task_cancelled`). */
export type TaskCancelFrame = [type: "c", ch: number, ref: number, name: string];

/**
 * `["S", ch, version, state, ref?]`: the object's whole state at `version`; `ref`: the last of this client's
 * patches it includes (absent: none the server remembers).
 */
export type SnapshotFrame =
  | [type: "S", ch: number, version: number, state: { [key: string]: JsonValue }]
  | [type: "S", ch: number, version: number, state: { [key: string]: JsonValue }, ref: number];

/** `["D", ch, version, ops, ref?]`: the change from `version - 1` to `version`; `ref`: the receiver's own patch. */
export type DeltaFrame =
  | [type: "D", ch: number, version: number, ops: JsonPatchOp[]]
  | [type: "D", ch: number, version: number, ops: JsonPatchOp[], ref: number];

/** `["A", ch, ref, result]`: frame `ref` (an action, a task, a cancel) is done; `result` is what it returned. */
export type AnswerFrame = [type: "A", ch: number, ref: number, result: JsonValue];

/** The types of a toast, as ws-sync names them. */
export const TOAST_TYPES = ["default", "message", "info", "success", "warning", "error"] as const;

/** A toast's type. */
export type ToastType = (typeof TOAST_TYPES)[number];

/** `["M", ch, type, message]`: show `message` to the user. */
export type ToastFrame = [type: "M", ch: number, toast: ToastType, message: string];

/** Client frames only the `object` kind takes. */
export type ObjectClientFrame = PatchFrame | TaskStartFrame | TaskCancelFrame;

/** Server frames only the `object` kind sends. */
export type ObjectServerFrame = SnapshotFrame | DeltaFrame | AnswerFrame | ToastFrame;

/** The header of a binary frame from the browser: call action `name` with `meta` and the bytes. */
export type ClientBinaryHeader = [type: "b", ch: number, ref: number, name: string, meta: { [key: string]: JsonValue }];

/** The header of a binary frame from the server: bytes for the object on channel `ch`, described by `meta`. */
export type ServerBinaryHeader = [type: "b", ch: number, meta: { [key: string]: JsonValue }];

/** Bytes taken by the header length at the start of a binary frame (a big-endian unsigned 32-bit integer). */
export const BINARY_LENGTH_BYTES = 4;

/**
 * A binary frame: the header's length (4 bytes, big-endian), the header (UTF-8 JSON), then the bytes. One frame
 * carries both, so no metadata can be paired with the wrong bytes (ws-sync sends them as two messages).
 */
export function encodeBinary(header: ClientBinaryHeader | ServerBinaryHeader, bytes: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(BINARY_LENGTH_BYTES + head.length + bytes.length);
  new DataView(out.buffer).setUint32(0, head.length);
  out.set(head, BINARY_LENGTH_BYTES);
  out.set(bytes, BINARY_LENGTH_BYTES + head.length);
  return out;
}

/**
 * Splits a binary frame into its header (parsed JSON, not yet validated) and its bytes (a view, not a copy).
 * @returns `undefined` when the frame is too short or its header is not JSON.
 */
export function decodeBinary(frame: Uint8Array): { header: unknown; bytes: Uint8Array } | undefined {
  if (frame.length < BINARY_LENGTH_BYTES) return undefined;
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  const end = BINARY_LENGTH_BYTES + length;
  if (end > frame.length) return undefined;
  try {
    const header: unknown = JSON.parse(new TextDecoder().decode(frame.subarray(BINARY_LENGTH_BYTES, end)));
    return { header, bytes: frame.subarray(end) };
  } catch {
    return undefined;
  }
}
