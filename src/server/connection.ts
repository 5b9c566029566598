/**
 * One browser tab's WebSocket: decodes frames, multiplexes them to the views joined on it (one channel per view),
 * and frees everything the moment the socket closes (LiveViewJS never freed sessions on close).
 * @module
 */
import type WebSocket from "ws";
import type { ServerFrame } from "../protocol/frames.ts";
import { CLOSE } from "../protocol/frames.ts";
import { type Peer, ViewSession } from "../session/view-session.ts";
import type { EngineDeps } from "../session/lifecycle.ts";
import { TokenBucket } from "../session/token-bucket.ts";

import { decodeFrame } from "./decode.ts";
import type { RouteTable } from "../live/routes.ts";
import type { Signer } from "./tokens.ts";

/** Limits of one connection. */
export interface ConnectionLimits {
  /** Views one socket may join at once. */
  maxChannels: number;
  /** Frame rate limit (see `ReinOptions.frameRate`), or `false`. */
  frameRate: { rate: number; burst: number } | false;
}

/** A connected socket and its views. */
export class Connection implements Peer {
  readonly #ws: WebSocket;
  readonly #deps: EngineDeps;
  readonly #routes: RouteTable;
  readonly #signer: Signer;
  readonly #limits: ConnectionLimits;
  readonly #views = new Map<number, ViewSession>();
  /** `@rateLimit` buckets of this connection, by view class and handler (created on first use). */
  #buckets: Map<string, TokenBucket> | undefined;
  /** When the last frame arrived (ms since the epoch); any frame counts as liveness. */
  lastSeen = Date.now();
  /** The socket's frame bucket (abuse limit), when enabled. */
  readonly #frames: TokenBucket | undefined;
  /** Refused frames in the current one-second window, and when that window started. */
  #refused = 0;
  #refusedSince = 0;

  constructor(ws: WebSocket, deps: EngineDeps, routes: RouteTable, signer: Signer, limits: ConnectionLimits) {
    this.#ws = ws;
    this.#deps = deps;
    this.#routes = routes;
    this.#signer = signer;
    this.#limits = limits;
    if (limits.frameRate) this.#frames = new TokenBucket(limits.frameRate.rate, limits.frameRate.burst);
  }

  /** The views joined on this socket, by channel. */
  get views(): ReadonlyMap<number, ViewSession> {
    return this.#views;
  }

  /** Sends a frame when the socket is open. */
  send(frame: ServerFrame): void {
    if (this.#ws.readyState === 1) this.#ws.send(JSON.stringify(frame));
  }

  /** Handles one message from the socket. Binary frames are refused with an error frame. */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const now = (this.lastSeen = Date.now());
    if (this.#frames && !this.#frames.take(now)) return this.#refuse(now);
    if (isBinary) return this.send(["x", 0, 0, "bad_frame", "binary frames are not accepted here"]);
    const text = Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data as ArrayBuffer).toString();
    const f = decodeFrame(text);
    if (!Array.isArray(f)) return this.send(["x", f.ch, f.ref, "bad_frame", f.message]);
    switch (f[0]) {
      case "h":
        return this.send(["h"]);
      case "j":
        return this.#join(f[1], f[2], f[3]);
      case "l": {
        const v = this.#views.get(f[1]);
        this.#views.delete(f[1]);
        void v?.close();
        return;
      }
    }
    const view = this.#views.get(f[1]);
    if (!view) return this.send(["x", f[1], f[2], "not_joined", `channel ${f[1]} is not joined`]);
    switch (f[0]) {
      case "e":
        return view.event(f[2], f[3], f[4]);
      case "s":
        return view.resync(f[2]);
      case "p": {
        const url = parseUrl(f[3]);
        if (!url) return this.send(["x", f[1], f[2], "bad_frame", "params frame url is not a valid URL"]);
        return view.params(f[2], url);
      }
    }
  }

  /** A frame over the socket's rate: an error frame, or closing with 1008 when the client keeps flooding. */
  #refuse(now: number): void {
    if (now - this.#refusedSince >= 1000) (this.#refused = 0), (this.#refusedSince = now);
    const limit = this.#limits.frameRate as { rate: number; burst: number };
    if (++this.#refused > limit.burst) {
      this.#ws.close(CLOSE.policy, "too many frames");
      return;
    }
    this.send(["x", 0, 0, "rate_limited", `more than ${limit.rate} frames per second on this socket; frame dropped`]);
  }

  /** Takes a `@rateLimit` token for `key` (see {@link RateLimiter}). */
  take(key: string, rate: number, burst: number): boolean {
    this.#buckets ??= new Map();
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = new TokenBucket(rate, burst)));
    return b.take();
  }

  /** Closes every view; their state is stored for a reconnect. Resolves when stored. */
  async close(): Promise<void> {
    const views = [...this.#views.values()];
    this.#views.clear();
    await Promise.all(views.map((v) => v.close()));
  }

  #join(ch: number, token: string, rawUrl: string): void {
    const claims = this.#signer.verifyJoin(token);
    if (!claims) {
      // A forged or expired token is a policy violation: close; the client reloads the page for a fresh token.
      this.#ws.close(CLOSE.policy, "invalid or expired join token");
      return;
    }
    if (this.#views.has(ch)) return this.send(["x", ch, 0, "bad_frame", `channel ${ch} is already joined`]);
    if (this.#views.size >= this.#limits.maxChannels) {
      return this.send(["x", ch, 0, "join_failed", `at most ${this.#limits.maxChannels} views per socket`]);
    }
    const tokenUrl = new URL(claims.p, "http://rein.invalid");
    const match = this.#routes.match(tokenUrl.pathname);
    if (!match) return this.send(["x", ch, 0, "join_failed", `no live route for ${tokenUrl.pathname}`]);
    const url = parseUrl(rawUrl);
    const sameView = url && url.pathname === tokenUrl.pathname;
    const view = new ViewSession(
      ch,
      {
        viewClass: match.route.view,
        routeParams: match.params,
        viewId: claims.k,
        sessionId: claims.s,
        url: sameView ? url : tokenUrl,
      },
      this.#deps,
      this,
    );
    this.#views.set(ch, view);
  }
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw, "http://rein.invalid");
  } catch {
    return undefined;
  }
}
