/**
 * Validation of frames from the network. Everything a browser sends is checked here before it reaches a view;
 * a bad frame becomes an error frame naming what was wrong, and nothing else happens.
 * @module
 */
import { CHANNEL_KINDS, type ChannelKind, type ClientFrame, type EventParams, type ParamValue } from "../protocol/frames.ts";
import { isPatch } from "../protocol/json-patch.ts";
import type { ClientBinaryHeader } from "../protocol/sync.ts";

/** A refused frame: what to put in the error frame. */
export interface DecodeError {
  ch: number;
  ref: number;
  message: string;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Maximum nesting depth of event parameters. */
const MAX_DEPTH = 8;

/** Longest event target (component id), in characters. */
export const MAX_TARGET_LENGTH = 256;

const isKind = (v: unknown): v is ChannelKind => (CHANNEL_KINDS as readonly unknown[]).includes(v);

/** Longest origin id of an object join, in characters. */
export const MAX_ORIGIN_LENGTH = 64;

/** Longest action, task or event name, in characters. */
const MAX_NAME_LENGTH = 128;

const isName = (v: unknown): v is string => typeof v === "string" && v !== "" && v.length <= MAX_NAME_LENGTH;

/** Validates the header of a binary frame from the browser; `undefined` when malformed. */
export function decodeBinaryHeader(h: unknown): ClientBinaryHeader | undefined {
  if (!Array.isArray(h) || h.length !== 5 || h[0] !== "b" || !isInt(h[1]) || !isInt(h[2]) || !isName(h[3]) || !isParams(h[4], 0)) return undefined;
  return ["b", h[1], h[2], h[3], h[4]];
}

/**
 * Parses and validates one text frame.
 * @returns the frame, or a {@link DecodeError} with the channel and ref when they could be read (else 0).
 */
export function decodeFrame(text: string): ClientFrame | DecodeError {
  let f: unknown;
  try {
    f = JSON.parse(text);
  } catch {
    return { ch: 0, ref: 0, message: "frame is not valid JSON" };
  }
  if (!Array.isArray(f) || typeof f[0] !== "string") {
    return { ch: 0, ref: 0, message: "frame must be a JSON array starting with a type string" };
  }
  const ch = isInt(f[1]) ? f[1] : 0;
  const ref = isInt(f[2]) ? f[2] : 0;
  const bad = (message: string): DecodeError => ({ ch, ref, message });
  switch (f[0]) {
    case "h":
      return f.length === 1 ? ["h"] : bad('heartbeat frame must be ["h"]');
    case "j":
      if ((f.length < 4 || f.length > 7 || f.length === 6) || !isInt(f[1]) || typeof f[2] !== "string" || typeof f[3] !== "string") {
        return bad('join frame must be ["j", channel, token, url, kind?, version?, origin?]');
      }
      if (f.length === 4) return ["j", f[1], f[2], f[3]];
      if (!isKind(f[4])) return bad(`join frame kind must be one of ${CHANNEL_KINDS.join(", ")}`);
      if (f.length === 5) return ["j", f[1], f[2], f[3], f[4]];
      if (!isInt(f[5]) || typeof f[6] !== "string" || f[6].length > MAX_ORIGIN_LENGTH) {
        return bad(`join frame version must be a whole number >= 0 and origin a string of at most ${MAX_ORIGIN_LENGTH} characters`);
      }
      return ["j", f[1], f[2], f[3], f[4], f[5], f[6]];
    case "e":
      if ((f.length !== 5 && f.length !== 6) || !isInt(f[1]) || !isInt(f[2]) || typeof f[3] !== "string") {
        return bad('event frame must be ["e", channel, ref, name, params, target?]');
      }
      if (!isParams(f[4], 0)) return bad("event params must be an object of strings, numbers, booleans, arrays, objects");
      if (f.length === 5) return ["e", f[1], f[2], f[3], f[4]];
      if (typeof f[5] !== "string" || f[5] === "" || f[5].length > MAX_TARGET_LENGTH) {
        return bad(`event target must be a component id: a string of 1 to ${MAX_TARGET_LENGTH} characters`);
      }
      return ["e", f[1], f[2], f[3], f[4], f[5]];
    case "p":
      if (f.length !== 4 || !isInt(f[1]) || !isInt(f[2]) || typeof f[3] !== "string") {
        return bad('params frame must be ["p", channel, ref, url]');
      }
      return ["p", f[1], f[2], f[3]];
    case "s":
      if (f.length !== 3 || !isInt(f[1]) || !isInt(f[2])) return bad('resync frame must be ["s", channel, ref]');
      return ["s", f[1], f[2]];
    case "l":
      if (f.length !== 2 || !isInt(f[1])) return bad('leave frame must be ["l", channel]');
      return ["l", f[1]];
    case "o":
      if (f.length !== 5 || !isInt(f[1]) || !isInt(f[2]) || !isInt(f[3])) return bad('patch frame must be ["o", channel, ref, version, ops]');
      if (!isPatch(f[4])) return bad("patch ops must be an array of RFC 6902 operations with JSON values");
      return ["o", f[1], f[2], f[3], f[4]];
    case "k":
      if (f.length !== 5 || !isInt(f[1]) || !isInt(f[2]) || !isName(f[3])) return bad('task frame must be ["k", channel, ref, name, params]');
      if (!isParams(f[4], 0)) return bad("task params must be an object of strings, numbers, booleans, arrays, objects");
      return ["k", f[1], f[2], f[3], f[4]];
    case "c":
      if (f.length !== 4 || !isInt(f[1]) || !isInt(f[2]) || !isName(f[3])) return bad('cancel frame must be ["c", channel, ref, name]');
      return ["c", f[1], f[2], f[3]];
    default:
      return bad(`unknown frame type ${JSON.stringify(String(f[0]).slice(0, 20))}`);
  }
}

function isParams(v: unknown, depth: number): v is EventParams {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  for (const key in v) if (!isValue((v as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

function isValue(v: unknown, depth: number): v is ParamValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (depth > MAX_DEPTH || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.every((x) => isValue(x, depth + 1));
  return isParams(v, depth);
}
