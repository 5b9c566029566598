/**
 * One browser tab's connection: decodes frames, multiplexes them to the channels opened on it (a view each,
 * today), and frees everything the moment its link closes (LiveViewJS never freed sessions on close). It knows
 * channels only through the `Channel` interface and their openers, and its carrier only through a {@link Link}.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { ChannelKind, ServerFrame } from "../protocol/frames.ts";
import { CLOSE, DEFAULT_KIND } from "../protocol/frames.ts";
import { decodeBinary } from "../protocol/sync.ts";
import { type Channel, type ChannelHost, type ChannelOpener, JoinRefusal } from "../session/channel.ts";
import { TokenBucket } from "../session/token-bucket.ts";
import { decodeBinaryHeader, decodeFrame } from "./decode.ts";
import type { Link } from "./link.ts";

/** Limits of one connection. */
export interface ConnectionLimits {
  /** Channels one connection may have open at once. */
  maxChannels: number;
  /** Frame rate limit (see `ReinOptions.frameRate`), or `false`. */
  frameRate: { rate: number; burst: number } | false;
}

/** What the transport knows of the client when it connected. */
export interface ConnectionInfo {
  /** The `Cookie` header of the upgrade (or stream) request. */
  cookie?: string | undefined;
}

/** The length of the window in which refused frames are counted, in ms. */
const REFUSAL_WINDOW_MS = 1000;

/** A connected client and its channels. */
export class Connection implements ChannelHost {
  readonly #link: Link;
  readonly #openers: ReadonlyMap<ChannelKind, ChannelOpener>;
  readonly #limits: ConnectionLimits;
  readonly #channels = new Map<number, Channel>();
  /** `@rateLimit` buckets of this connection, by view class and handler (created on first use). */
  #buckets: Map<string, TokenBucket> | undefined;
  /** When the last frame arrived (ms since the epoch); any frame counts as liveness. */
  lastSeen = Date.now();
  /** The connection's frame bucket (abuse limit), when enabled. */
  readonly #frames: TokenBucket | undefined;
  /** Refused frames in the current one-second window, and when that window started. */
  #refused = 0;
  #refusedSince = 0;
  readonly #info: ConnectionInfo;
  /** An id of this connection alone (the session of a socket that showed none). */
  readonly id = randomUUID();

  /** @param openers - the channel kinds this connection accepts, by kind. */
  constructor(link: Link, openers: ReadonlyMap<ChannelKind, ChannelOpener>, limits: ConnectionLimits, info: ConnectionInfo = {}) {
    this.#link = link;
    this.#openers = openers;
    this.#limits = limits;
    this.#info = info;
    if (limits.frameRate) this.#frames = new TokenBucket(limits.frameRate.rate, limits.frameRate.burst);
  }

  /** The channels open on this connection, by number. */
  get channels(): ReadonlyMap<number, Channel> {
    return this.#channels;
  }

  /** Sends a frame when the link is open. */
  send(frame: ServerFrame): void {
    if (this.#link.open) this.#link.send(JSON.stringify(frame));
  }

  /** Sends a frame's JSON text when the link is open. */
  sendText(text: string): void {
    if (this.#link.open) this.#link.send(text);
  }

  /** Sends a binary frame when the link is open and carries binary data. */
  sendBinary(bytes: Uint8Array): void {
    if (this.#link.open) this.#link.sendBinary?.(bytes);
  }

  /** Handles one text frame from the link. */
  receive(text: string): void {
    const now = (this.lastSeen = Date.now());
    if (this.#frames && !this.#frames.take(now)) return this.#refuse(now);
    const f = decodeFrame(text);
    if (!Array.isArray(f)) return this.send(["x", f.ch, f.ref, "bad_frame", f.message]);
    switch (f[0]) {
      case "h":
        return this.send(["h"]);
      case "j":
        return this.#join(f[1], f[2], f[3], f[4] ?? DEFAULT_KIND, f[5] ?? 0, f[6] ?? "");
      case "l": {
        const c = this.#channels.get(f[1]);
        this.#channels.delete(f[1]);
        void c?.close();
        return;
      }
    }
    const channel = this.#channels.get(f[1]);
    if (!channel) return this.send(["x", f[1], f[2], "not_joined", `channel ${f[1]} is not joined`]);
    channel.receive(f);
  }

  /**
   * Handles one binary frame from the link: a header naming a channel, a ref and an action, then bytes (see
   * `encodeBinary` in the protocol), for a channel whose kind takes binary data (synced objects).
   */
  receiveBinary(frame: Uint8Array): void {
    const now = (this.lastSeen = Date.now());
    if (this.#frames && !this.#frames.take(now)) return this.#refuse(now);
    const split = decodeBinary(frame);
    const header = split && decodeBinaryHeader(split.header);
    if (!split || !header) return this.send(["x", 0, 0, "bad_frame", 'a binary frame needs the header ["b", channel, ref, action, meta]']);
    const [, ch, ref, name, meta] = header;
    const channel = this.#channels.get(ch);
    if (!channel) return this.send(["x", ch, ref, "not_joined", `channel ${ch} is not joined`]);
    if (!channel.receiveBinary) return this.send(["x", ch, ref, "bad_frame", `a ${channel.kind} channel takes no binary data`]);
    channel.receiveBinary(ref, name, meta, split.bytes);
  }

  /** Takes a `@rateLimit` token for `key` (see {@link ChannelHost.take}). */
  take(key: string, rate: number, burst: number): boolean {
    this.#buckets ??= new Map();
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = new TokenBucket(rate, burst)));
    return b.take();
  }

  /** Closes the socket (1001, going away): the browser reconnects and joins again (a synced object moved). */
  reconnect(): void {
    this.#link.close(CLOSE.goingAway, "an object moved: join again");
  }

  /** Closes every channel; their state is stored for a reconnect. Resolves when stored. */
  async close(): Promise<void> {
    const channels = [...this.#channels.values()];
    this.#channels.clear();
    await Promise.all(channels.map((c) => c.close()));
  }

  /** A frame over the connection's rate: an error frame, or closing with 1008 when the client keeps flooding. */
  #refuse(now: number): void {
    if (now - this.#refusedSince >= REFUSAL_WINDOW_MS) (this.#refused = 0), (this.#refusedSince = now);
    const limit = this.#limits.frameRate as { rate: number; burst: number };
    if (++this.#refused > limit.burst) {
      this.#link.close(CLOSE.policy, "too many frames", true); // abuse: the address cools down
      return;
    }
    this.send(["x", 0, 0, "rate_limited", `more than ${limit.rate} frames per second on this socket; frame dropped`]);
  }

  #join(ch: number, token: string, url: string, kind: ChannelKind, version: number, origin: string): void {
    const opener = this.#openers.get(kind);
    if (!opener) return this.send(["x", ch, 0, "join_failed", `this server opens no "${kind}" channels`]);
    const request = { ch, token, url, version, origin, cookie: this.#info.cookie, connectionId: this.id };
    const verified = opener.verify(request);
    if (verified instanceof JoinRefusal) return this.#refuseJoin(ch, verified);
    if (this.#channels.has(ch)) return this.send(["x", ch, 0, "bad_frame", `channel ${ch} is already joined`]);
    if (this.#channels.size >= this.#limits.maxChannels) {
      return this.send(["x", ch, 0, "join_failed", `at most ${this.#limits.maxChannels} views per socket`]);
    }
    const opened = opener.open(request, verified, this);
    if (opened instanceof JoinRefusal) this.#refuseJoin(ch, opened);
    else this.#channels.set(ch, opened);
  }

  #refuseJoin(ch: number, r: JoinRefusal): void {
    if (r.code === "close") this.#link.close(CLOSE.policy, r.message);
    else this.send(["x", ch, 0, r.code, r.message]);
  }
}
