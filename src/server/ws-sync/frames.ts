/**
 * The wire frames of ws-sync (the Python library `ws-sync` and its React client, npm `ws-sync` 0.8), decoded and
 * validated for the ws-sync endpoint. Every text frame is JSON `{type, data}`; events are keyed per object key by
 * suffix (`_SET:board/7`).
 *
 * Client to server (what ws-sync-react sends):
 * - `_GET:KEY` `{}`: send me the whole state (`fetchRemoteState`).
 * - `_SET:KEY` state: the client's whole state (`sendState`, `sendOnInit`).
 * - `_PATCH:KEY` ops: RFC 6902 operations made on the client's state.
 * - `_ACTION:KEY` `{type, ...params}`, `_TASK_START:KEY` `{type, ...params}`, `_TASK_CANCEL:KEY` `{type}`.
 * - `_BIN_META` `{type: "_ACTION:KEY", metadata: {type, ...params}}`, then one binary frame: a binary action.
 * - `_USER_SESSION` `{user, session}`: the answer to the server's `_REQUEST_USER_SESSION`.
 *
 * Server to client: `_SET:KEY`, `_PATCH:KEY`, `_TOAST` `{type, message}`, `_BIN_META` + a binary frame,
 * `_REQUEST_USER_SESSION` (no data).
 * @module
 */
import { isPatch } from "../../protocol/json-patch.ts";
import { type JsonPatchOp, type JsonValue, TOAST_TYPES, type ToastType } from "../../protocol/sync.ts";
import { MAX_KEY_LENGTH } from "../../sync/key-pattern.ts";

/** Longest accepted `user` or `session` id of the `_USER_SESSION` handshake, in characters. */
export const MAX_USER_SESSION_ID_LENGTH = 200;

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A decoded, validated frame from a ws-sync client. `key`: the object key the event names. */
export type WsSyncClientFrame =
  | { readonly kind: "get"; readonly key: string }
  | { readonly kind: "set"; readonly key: string; readonly state: JsonObject }
  | { readonly kind: "patch"; readonly key: string; readonly ops: JsonPatchOp[] }
  | { readonly kind: "action"; readonly key: string; readonly name: string; readonly params: JsonObject }
  | { readonly kind: "taskStart"; readonly key: string; readonly name: string; readonly params: JsonObject }
  | { readonly kind: "taskCancel"; readonly key: string; readonly name: string }
  /** `_BIN_META` of a binary action: the binary frame that follows carries the bytes. */
  | { readonly kind: "binaryMeta"; readonly key: string; readonly name: string; readonly meta: JsonObject }
  | { readonly kind: "userSession"; readonly user: string; readonly session: string };

/** Why a frame was refused (sent back as an error toast). */
export class BadFrame {
  constructor(readonly message: string) {}
}

/** The keyed event prefixes, and the frame kind each makes. */
const KEYED: readonly (readonly [prefix: string, kind: "get" | "set" | "patch" | "action" | "taskStart" | "taskCancel"])[] = [
  ["_GET:", "get"],
  ["_SET:", "set"],
  ["_PATCH:", "patch"],
  ["_ACTION:", "action"],
  ["_TASK_START:", "taskStart"],
  ["_TASK_CANCEL:", "taskCancel"],
];

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Decodes one text frame of a ws-sync client.
 * @returns the frame, or a {@link BadFrame} saying what is wrong (not JSON, no `type`, an unknown event, a key
 * that is empty or over 256 characters, data of the wrong shape). Never throws.
 */
export function decodeWsSyncFrame(text: string): WsSyncClientFrame | BadFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new BadFrame("a frame must be JSON {type, data}");
  }
  if (!isObject(parsed) || typeof parsed["type"] !== "string") return new BadFrame("a frame must be JSON {type, data} with a string type");
  const type = parsed["type"];
  const data = parsed["data"];
  if (type === "_BIN_META") return binaryMeta(data);
  if (type === "_USER_SESSION") return userSession(data);
  for (const [prefix, kind] of KEYED) {
    if (!type.startsWith(prefix)) continue;
    const key = type.slice(prefix.length);
    if (key === "" || key.length > MAX_KEY_LENGTH) return new BadFrame(`${prefix}KEY: a key has 1 to ${MAX_KEY_LENGTH} characters`);
    return keyed(kind, key, data, type);
  }
  return new BadFrame(`unknown event ${JSON.stringify(type.slice(0, 80))}`);
}

function keyed(kind: (typeof KEYED)[number][1], key: string, data: unknown, type: string): WsSyncClientFrame | BadFrame {
  switch (kind) {
    case "get":
      return { kind, key };
    case "set":
      return isObject(data) ? { kind, key, state: data } : new BadFrame(`${type}: the state must be a JSON object`);
    case "patch":
      return isPatch(data) ? { kind, key, ops: data } : new BadFrame(`${type}: a patch must be an array of RFC 6902 operations`);
    case "action":
    case "taskStart": {
      const named = typed(data, type);
      return named instanceof BadFrame ? named : { kind, key, name: named.name, params: named.rest };
    }
    case "taskCancel": {
      const named = typed(data, type);
      return named instanceof BadFrame ? named : { kind, key, name: named.name };
    }
  }
}

/** `{type: name, ...rest}`: the name, and the rest (the params). */
function typed(data: unknown, event: string): { name: string; rest: JsonObject } | BadFrame {
  if (!isObject(data) || typeof data["type"] !== "string" || data["type"] === "") {
    return new BadFrame(`${event}: data must be a JSON object {type: name, ...params}`);
  }
  const { type: name, ...rest } = data;
  return { name: name as string, rest };
}

function binaryMeta(data: unknown): WsSyncClientFrame | BadFrame {
  if (!isObject(data) || typeof data["type"] !== "string" || !isObject(data["metadata"])) {
    return new BadFrame("_BIN_META: data must be {type: \"_ACTION:KEY\", metadata: {type: action, ...}}");
  }
  const event = data["type"];
  if (!event.startsWith("_ACTION:")) return new BadFrame(`_BIN_META: only binary actions (_ACTION:KEY) are taken, not ${JSON.stringify(event.slice(0, 80))}`);
  const key = event.slice("_ACTION:".length);
  if (key === "" || key.length > MAX_KEY_LENGTH) return new BadFrame(`_ACTION:KEY: a key has 1 to ${MAX_KEY_LENGTH} characters`);
  const named = typed(data["metadata"], "_BIN_META metadata");
  return named instanceof BadFrame ? named : { kind: "binaryMeta", key, name: named.name, meta: named.rest };
}

function userSession(data: unknown): WsSyncClientFrame | BadFrame {
  const ok = (v: unknown): v is string => typeof v === "string" && v !== "" && v.length <= MAX_USER_SESSION_ID_LENGTH;
  if (!isObject(data) || !ok(data["user"]) || !ok(data["session"])) {
    return new BadFrame(`_USER_SESSION: data must be {user, session}, ids of 1 to ${MAX_USER_SESSION_ID_LENGTH} characters`);
  }
  return { kind: "userSession", user: data["user"], session: data["session"] };
}

/** A server frame `{type, data}` as text. */
export function encodeWsSyncFrame(type: string, data: JsonValue): string {
  return JSON.stringify({ type, data });
}

/** ws-sync's `_REQUEST_USER_SESSION` frame, exactly as the Python server sends it (no `data`). */
export const REQUEST_USER_SESSION = JSON.stringify({ type: "_REQUEST_USER_SESSION" });

/** A `_TOAST` frame (`type`: one of ws-sync's toast types). */
export function toastFrame(type: ToastType, message: string): string {
  return encodeWsSyncFrame("_TOAST", { type: TOAST_TYPES.includes(type) ? type : "default", message });
}

/** The event names of one key. */
export const wsSyncEvent = {
  set: (key: string): string => `_SET:${key}`,
  patch: (key: string): string => `_PATCH:${key}`,
  action: (key: string): string => `_ACTION:${key}`,
} as const;
