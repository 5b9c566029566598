/**
 * Signed tokens: what the page hands the client so that a WebSocket join can only attach to the view the server
 * rendered, and signed cookie values. HMAC-SHA256 over the payload, compared in constant time. The payload is
 * readable by the client (base64url JSON) but cannot be changed without the server's secret.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a join token carries. */
export interface JoinClaims {
  /** Path and query of the page the view was rendered for, e.g. `/users/7?tab=posts`. */
  p: string;
  /** View id: the key of the view's state in the state backend. */
  k: string;
  /** Session id of the browser. */
  s: string;
  /** Expiry, ms since the epoch. */
  e: number;
  /** Which view of the page: its index in the route's `view` then `also` (absent: 0, the route's `view`). */
  v?: number;
}

/** Signs and verifies values with one secret. */
export class Signer {
  readonly #secret: Buffer;

  /**
   * @param secret - at least 32 bytes of entropy; the same on every server process that may receive a join.
   * @throws Error when the secret is shorter than 32 characters.
   */
  constructor(secret: string) {
    if (secret.length < 32) throw new Error("the Rein secret must be at least 32 characters");
    this.#secret = Buffer.from(secret);
  }

  /** `payload.signature`, both base64url. */
  sign(payload: string): string {
    return `${Buffer.from(payload).toString("base64url")}.${this.#mac(payload)}`;
  }

  /** The payload of a value made by {@link Signer.sign}, or `undefined` when the signature does not match. */
  unsign(signed: string): string | undefined {
    const dot = signed.indexOf(".");
    if (dot < 1 || signed.length > 4096) return undefined;
    const payload = Buffer.from(signed.slice(0, dot), "base64url").toString();
    const got = Buffer.from(signed.slice(dot + 1));
    const want = Buffer.from(this.#mac(payload));
    return got.length === want.length && timingSafeEqual(got, want) ? payload : undefined;
  }

  /** Signs join claims. */
  signJoin(claims: JoinClaims): string {
    return this.sign(JSON.stringify(claims));
  }

  /** Verifies a join token; `undefined` when forged, malformed or expired. */
  verifyJoin(token: string, now = Date.now()): JoinClaims | undefined {
    const raw = this.unsign(token);
    if (raw === undefined) return undefined;
    try {
      const c = JSON.parse(raw) as JoinClaims;
      const ok =
        typeof c.p === "string" && typeof c.k === "string" && typeof c.s === "string" && typeof c.e === "number" &&
        (c.v === undefined || Number.isInteger(c.v));
      return ok && c.e > now ? c : undefined;
    } catch {
      return undefined;
    }
  }

  #mac(payload: string): string {
    return createHmac("sha256", this.#secret).update(payload).digest("base64url");
  }
}

/** A random id: 16 bytes, base64url (22 characters). */
export function randomId(): string {
  return randomBytes(16).toString("base64url");
}
