/**
 * What the processes (registries: each has a random id) sharing one backend and pubsub say to each other about synced objects: one process owns a
 * key (a lease in the backend) and runs its host; the others are replicas that forward their browsers' requests
 * to it on the key's topic and get every frame for those browsers back on their own topic, in the order the owner
 * made them (one publisher, one topic per receiving process).
 * @module
 */
import type { JsonValue } from "../protocol/sync.ts";

/** How long an owner's lease lives without renewal, in ms. */
export const LEASE_TTL_MS = 10_000;

/** How often an owner renews its lease, and a replica checks that its owner still holds it, in ms. */
export const LEASE_RENEW_MS = 3_000;

/** The backend key of the lease of an object's storage key. */
export const leaseKey = (storageKey: string): string => `lease:${storageKey}`;

/** The topic on which the owner of `storageKey` takes requests. */
export const requestTopic = (storageKey: string): string => `obj:${storageKey}:in`;

/** The topic on which the process `processId` takes the frames meant for its browsers. */
export const replyTopic = (processId: string): string => `obj-reply:${processId}`;

/** The host methods a replica calls on the owner (the browser's channel stands for itself). */
export const REQUESTS = ["attach", "detach", "patch", "action", "startTask", "cancelTask", "resync"] as const;

/** A request of a replica: `p` its process, `c` the browser's channel id there, `a` the arguments after the channel. */
export interface ClusterRequest {
  p: string;
  c: string;
  m: (typeof REQUESTS)[number];
  /** The browser's origin (with `attach`). */
  o?: string;
  a: JsonValue[];
  /** Binary data, base64 (a binary action). */
  bin?: string;
}

/** The channel methods the owner calls on a replica's browser, and `moved` (join again: the owner went away). */
export const REPLIES = ["snapshot", "delta", "answer", "error", "toast", "binary", "moved"] as const;

/** A reply of the owner to one browser of a replica: `c` its channel id there. */
export interface ClusterReply {
  c: string;
  m: (typeof REPLIES)[number];
  a: JsonValue[];
  bin?: string;
}

/** Parses a payload as an object with a string `m` among `names`; `undefined` when it is not one. */
export function parseMessage<T extends { m: string }>(payload: string, names: readonly string[]): T | undefined {
  try {
    const v = JSON.parse(payload) as { m?: unknown; a?: unknown };
    return typeof v === "object" && v !== null && typeof v.m === "string" && names.includes(v.m) && Array.isArray(v.a) ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes as base64. */
export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** base64 as bytes. */
export const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));
