/**
 * Channels: what one connection multiplexes. Each channel has a kind (`view` today; `object` and `upload` will
 * follow), is opened by a join frame naming that kind, receives the frames addressed to its number, and is closed
 * by a leave frame or the end of the socket. A new capability attaches as a new channel kind, without touching
 * the connection.
 * @module
 */
import type { ChannelKind, ErrorCode, EventFrame, ParamsFrame, ResyncFrame, ServerFrame } from "../protocol/frames.ts";
import type { JsonValue, ObjectClientFrame } from "../protocol/sync.ts";

/** What a channel talks to: the connection that carries it. */
export interface ChannelHost {
  /** Sends a frame to the browser; dropped when the connection's link is closed. */
  send(frame: ServerFrame): void;
  /** Sends a frame already serialized as JSON text (made once for many receivers); dropped like `send`. */
  sendText(text: string): void;
  /** Sends a binary frame (`encodeBinary` of the protocol); dropped when the link is closed or carries no binary. */
  sendBinary(bytes: Uint8Array): void;
  /**
   * Takes a token from the connection's rate-limit bucket `key` (`@rateLimit`: `rate` per second, bucket of
   * `burst`, created on first use). `false` when the bucket is empty.
   */
  take(key: string, rate: number, burst: number): boolean;
  /** Closes the socket (going away) so that the browser reconnects and joins its channels again. */
  reconnect?(): void;
}

/** A client frame addressed to an open channel (everything but join, leave and heartbeat). */
export type ChannelFrame = EventFrame | ParamsFrame | ResyncFrame | ObjectClientFrame;

/** One open channel of a connection. */
export interface Channel {
  /** Its kind, as named by the join frame. */
  readonly kind: ChannelKind;
  /** Its number on the connection (chosen by the client). */
  readonly ch: number;
  /** Handles a frame addressed to it. Never throws: a refused frame is answered with an error frame. */
  receive(frame: ChannelFrame): void;
  /**
   * Handles binary data for action `name` (a binary frame's header named this channel). Absent: the kind takes no
   * binary data, and the connection refuses it.
   */
  receiveBinary?(ref: number, name: string, meta: { [key: string]: JsonValue }, bytes: Uint8Array): void;
  /** Ends the channel (leave frame, socket closed, server shutdown); resolves when its state is stored. */
  close(): Promise<void>;
}

/**
 * What a join frame asks for: channel `ch`, with the kind's credentials (`token`) and address (`url`); for an
 * `object`, the version the client holds and its origin id. `cookie` and `connectionId` describe the connection:
 * the `Cookie` header of its upgrade request (where the transport has one) and an id of this connection alone.
 */
export interface JoinRequest {
  ch: number;
  token: string;
  url: string;
  version: number;
  origin: string;
  cookie: string | undefined;
  connectionId: string;
}

/**
 * Why a join was refused: an error frame on the channel with `code`, or (`code: "close"`) closing the whole socket
 * with 1008, as for a forged or expired view token (a policy violation: the client reloads the page for a fresh
 * one).
 */
export class JoinRefusal {
  readonly code: ErrorCode | "close";
  readonly message: string;

  constructor(code: ErrorCode | "close", message: string) {
    this.code = code;
    this.message = message;
  }
}

/**
 * Opens the channels of one kind. The server holds one per kind and hands join frames to it, in two steps: the
 * credentials first (a forged one is refused whatever else is wrong with the join), then, once the connection
 * admitted the channel (its number is free, its limit not reached), the channel itself.
 * @typeParam Verified - what `verify` learns from the credentials (the view kind: the token's claims).
 */
export interface ChannelOpener<Verified = unknown> {
  /** The kind it opens. */
  readonly kind: ChannelKind;
  /** Checks the join's credentials. */
  verify(request: JoinRequest): Verified | JoinRefusal;
  /** Opens channel `request.ch` for `host`, or says why not. */
  open(request: JoinRequest, verified: Verified, host: ChannelHost): Channel | JoinRefusal;
}
