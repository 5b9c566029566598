/**
 * One ws-sync socket: its identity (the `_USER_SESSION` handshake, or the upgrade's cookie), the object keys it
 * holds, and the routing of its frames to them. Independent of `ws` (the endpoint gives it a {@link WsSyncLink}).
 *
 * ws-sync's client sends no join: the server learns a key when the client names it in any keyed frame (`_GET`,
 * `_SET`, `_PATCH`, `_ACTION`, `_TASK_START`, `_TASK_CANCEL`, `_BIN_META`), and opens the configured keys on
 * connect, as ws-sync's server sends the state of its `Sync` objects on connect (`send_on_init`). Opening a key
 * sends the client its `_SET:KEY`; frames for it wait until it is open.
 *
 * Every bad frame (not JSON, an unknown event, bad data, a key no object class takes) is answered with a `_TOAST`
 * of type `error` and changes nothing; the socket stays open (ws-sync's server closes it on a handler's
 * exception). Only a flood of frames over `frameRate` closes it (1008), as on Rein's own socket.
 * @module
 */
import { CLOSE } from "../../protocol/frames.ts";
import type { SessionRegistry } from "../../session/sessions.ts";
import { TokenBucket } from "../../session/token-bucket.ts";
import type { ObjectRegistry } from "../../sync/registry.ts";
import { WsSyncChannel, type WsSyncSender } from "./channel.ts";
import { BadFrame, decodeWsSyncFrame, REQUEST_USER_SESSION, toastFrame, type WsSyncClientFrame } from "./frames.ts";
import { handshakeIdentity, sessionData, type WsSyncIdentity } from "./identity.ts";

/** The window in which frames refused for the rate are counted, in ms. */
const REFUSAL_WINDOW_MS = 1000;
/** Frames held while the `_USER_SESSION` handshake is pending; later ones are refused. */
export const MAX_HELD_FRAMES = 64;

/** The socket under a {@link WsSyncSocket}. */
export interface WsSyncLink extends WsSyncSender {
  /** Closes the socket; `abuse`: the client address cools down (see `ip-limits.ts`). */
  close(code: number, reason: string, abuse?: boolean): void;
}

/** What a {@link WsSyncSocket} needs. */
export interface WsSyncSocketOptions {
  readonly registry: ObjectRegistry;
  readonly sessions: SessionRegistry;
  /** Who the socket is without the handshake (the upgrade's cookie, else anonymous). */
  readonly identity: WsSyncIdentity;
  /** Ask for ws-sync's `_USER_SESSION` handshake first; its ids then name the session (see `handshakeIdentity`). */
  readonly userSession: boolean;
  /** Keys opened on connect (after the handshake): the client gets their `_SET:KEY` unasked. */
  readonly keys: readonly string[];
  /** Most keys one socket may hold at once. */
  readonly maxKeys: number;
  /** Frames per second and burst of one socket, or `false` (no limit). */
  readonly frameRate: { rate: number; burst: number } | false;
  /** Unique to the socket (channel origins, anonymous session ids). */
  readonly socketId: string;
}

/** A ws-sync client's socket. */
export class WsSyncSocket {
  readonly #link: WsSyncLink;
  readonly #o: WsSyncSocketOptions;
  readonly #channels = new Map<string, WsSyncChannel>();
  readonly #bucket: TokenBucket | undefined;
  #identity: WsSyncIdentity;
  /** Frames that arrived before the handshake's answer; `undefined` once it is done (or not asked). */
  #held: (() => void)[] | undefined;
  /** The `_BIN_META` waiting for its binary frame. */
  #binaryMeta: Extract<WsSyncClientFrame, { kind: "binaryMeta" }> | undefined;
  #opened = 0;
  #refused = 0;
  #refusedSince = 0;
  #closed = false;

  constructor(link: WsSyncLink, options: WsSyncSocketOptions) {
    this.#link = link;
    this.#o = options;
    this.#identity = options.identity;
    if (options.frameRate) this.#bucket = new TokenBucket(options.frameRate.rate, options.frameRate.burst);
  }

  /** The keys this socket holds (open or opening). */
  get keys(): string[] {
    return [...this.#channels.keys()];
  }

  /** Starts the socket: asks for the handshake, or opens the configured keys. */
  start(): void {
    if (this.#o.userSession) {
      this.#held = [];
      this.#link.text(REQUEST_USER_SESSION);
    } else {
      this.#openConfigured();
    }
  }

  /** Handles a text frame. Never throws. */
  receive(text: string): void {
    if (!this.#admit()) return;
    if (this.#binaryMeta) {
      this.#binaryMeta = undefined;
      this.#error("_BIN_META must be followed by a binary frame; its metadata was dropped");
    }
    const frame = decodeWsSyncFrame(text);
    if (frame instanceof BadFrame) return this.#error(frame.message);
    if (frame.kind === "userSession") return this.#handshake(frame.user, frame.session);
    if (this.#hold(() => this.#dispatch(frame))) return;
    this.#dispatch(frame);
  }

  /** Handles a binary frame: the bytes of the preceding `_BIN_META`. Never throws. */
  receiveBinary(bytes: Uint8Array): void {
    if (!this.#admit()) return;
    const meta = this.#binaryMeta;
    this.#binaryMeta = undefined;
    if (!meta) return this.#error("a binary frame must follow a _BIN_META frame");
    const send = () => this.#channel(meta.key)?.action(meta.name, meta.meta, bytes);
    if (!this.#hold(send)) send();
  }

  /** Leaves every object (the socket closed). */
  close(): void {
    this.#closed = true;
    this.#held = undefined;
    for (const channel of this.#channels.values()) channel.close();
    this.#channels.clear();
  }

  #dispatch(frame: Exclude<WsSyncClientFrame, { kind: "userSession" }>): void {
    if (frame.kind === "binaryMeta") {
      this.#binaryMeta = frame;
      return;
    }
    const known = this.#channels.has(frame.key);
    const channel = this.#channel(frame.key);
    if (!channel) return;
    switch (frame.kind) {
      case "get":
        if (known) channel.get(); // a new key's opening sends the state already
        return;
      case "set":
        return channel.set(frame.state);
      case "patch":
        return channel.patch(frame.ops);
      case "action":
        return channel.action(frame.name, frame.params);
      case "taskStart":
        return channel.startTask(frame.name, frame.params);
      case "taskCancel":
        return channel.cancelTask(frame.name);
    }
  }

  /** The channel of `key`, opened on first use; `undefined` (and an error toast) over `maxKeys`. */
  #channel(key: string): WsSyncChannel | undefined {
    const existing = this.#channels.get(key);
    if (existing || this.#closed) return existing;
    if (this.#channels.size >= this.#o.maxKeys) {
      this.#error(`a socket may hold at most ${this.#o.maxKeys} keys; ${JSON.stringify(key)} was not opened`);
      return undefined;
    }
    const channel = new WsSyncChannel(key, `ws-sync:${this.#o.socketId}:${++this.#opened}`, this.#link);
    this.#channels.set(key, channel);
    const identity = this.#identity;
    const session = sessionData(identity, this.#o.sessions);
    session.catch(() => {}); // the registry reports it when it reads it (a key no class takes never does)
    channel.start(this.#o.registry, { key, sessionId: identity.sessionId, anonymous: identity.anonymous, session }, () => {
      if (this.#channels.get(key) === channel) this.#channels.delete(key); // a later frame tries again
    });
    return channel;
  }

  #openConfigured(): void {
    for (const key of this.#o.keys) this.#channel(key);
  }

  #handshake(user: string, session: string): void {
    const held = this.#held;
    if (!held) return this.#error("_USER_SESSION was not asked for");
    this.#held = undefined;
    this.#identity = handshakeIdentity(user, session);
    this.#openConfigured();
    for (const run of held) run();
  }

  /** Keeps `run` for after the handshake; `true` when it was kept (or refused: too many held). */
  #hold(run: () => void): boolean {
    if (!this.#held) return false;
    if (this.#held.length >= MAX_HELD_FRAMES) this.#error("waiting for _USER_SESSION: frame dropped");
    else this.#held.push(run);
    return true;
  }

  /** Takes a token of the frame rate; refuses the frame (an error toast, 1008 when it keeps on) without one. */
  #admit(): boolean {
    if (this.#closed) return false;
    const limit = this.#o.frameRate;
    const now = Date.now();
    if (!limit || !this.#bucket || this.#bucket.take(now)) return true;
    if (now - this.#refusedSince >= REFUSAL_WINDOW_MS) (this.#refused = 0), (this.#refusedSince = now);
    if (++this.#refused > limit.burst) this.#link.close(CLOSE.policy, "too many frames", true);
    else this.#error(`more than ${limit.rate} frames per second on this socket; frame dropped`);
    return false;
  }

  #error(message: string): void {
    this.#link.text(toastFrame("error", message));
  }
}
