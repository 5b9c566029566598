import type { JSOp } from "./js.ts";
import type { PatchOp } from "./patch.ts";
import type { ObjectClientFrame, ObjectServerFrame } from "./sync.ts";
import type { WireChild } from "./tree.ts";

/**
 * The Rein wire protocol. One WebSocket per browser tab carries every LiveView on the page; each view is a
 * channel, numbered by the client. Frames are JSON arrays whose first element names the frame type.
 *
 * Client to server:
 * - {@link JoinFrame} `["j", ch, token, url, kind?]`: open channel `ch` of kind `kind` (default `"view"`: the view
 *   described by the signed token).
 * - {@link EventFrame} `["e", ch, ref, name, params, target?]`: call event handler `name` (of component `target`).
 * - {@link ParamsFrame} `["p", ch, ref, url]`: the page URL changed (hash, history); calls `handleParams`.
 * - {@link ResyncFrame} `["s", ch, ref]`: the client lost track (version gap, DOM mismatch); send the full tree.
 * - {@link LeaveFrame} `["l", ch]`: the view left the page.
 * - {@link HeartbeatFrame} `["h"]`: liveness while idle (any frame counts as liveness).
 *
 * Server to client:
 * - {@link TreeFrame} `["t", ch, version, children, meta?]`: the full rendered tree (after join, resync).
 * - {@link ReplyFrame} `["r", ch, ref, version, patches, pushes?]`: the answer to an event or params frame.
 * - {@link UpdateFrame} `["u", ch, version, patches, pushes?]`: a server-initiated update.
 * - {@link ErrorFrame} `["x", ch, ref, code, message]`: the frame with `ref` was refused; nothing changed.
 * - {@link HeartbeatFrame} `["h"]`: the answer to a heartbeat.
 *
 * Versions: a `t` frame sets the view's version; every later `r` and `u` frame carries the previous version plus
 * one (also when it has no patches). A client that sees any other number sends a resync instead of applying
 * patches to a DOM they were not computed for.
 */
export type ClientFrame =
  | JoinFrame
  | EventFrame
  | ParamsFrame
  | ResyncFrame
  | LeaveFrame
  | HeartbeatFrame
  | ObjectClientFrame;

/**
 * Frames sent by the server. See {@link ClientFrame} for the whole protocol, and `sync.ts` for the frames of
 * synced objects.
 */
export type ServerFrame = ViewServerFrame | ObjectServerFrame;

/** Frames the server sends to LiveViews (and heartbeats): what the page's client handles. */
export type ViewServerFrame = TreeFrame | ReplyFrame | UpdateFrame | ErrorFrame | HeartbeatFrame;

/** Parameters of an event: values from `rein-value-*` / `data-*` attributes, form fields, or `sendEvent`. */
export type EventParams = { [name: string]: ParamValue };

/** A parameter value as it arrives from the browser (before the handler's schema coerces it). */
export type ParamValue = string | number | boolean | null | ParamValue[] | { [name: string]: ParamValue };

/**
 * The kinds of channel one socket multiplexes. `view` is a LiveView; `object` a synced object (`sync.ts`);
 * `upload` will follow, as a new channel kind on the server, without touching the connection.
 */
export const CHANNEL_KINDS = ["view", "object"] as const;

/** A channel kind named by a {@link JoinFrame}. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The kind of a join frame that names none (the four-element form). */
export const DEFAULT_KIND: ChannelKind = "view";

/**
 * `["j", ch, token, url, kind?, version?, origin?]`: open channel `ch` as a channel of `kind` (default
 * {@link DEFAULT_KIND}). For a `view`, `token` is the signed join token of the page and `url` the page's URL. For
 * an `object`, `url` is the object's key, `token` a signed session token or `""`, `version` the version the client
 * already holds (a reconnect: `0` when none), and `origin` the client's id for this object (random, at most 64
 * characters): the deltas it missed that came from its own patches carry their `ref` again, so the client knows
 * which of its changes the server applied before the socket dropped.
 */
export type JoinFrame =
  | [type: "j", ch: number, token: string, url: string]
  | [type: "j", ch: number, token: string, url: string, kind: ChannelKind]
  | [type: "j", ch: number, token: string, url: string, kind: ChannelKind, version: number, origin: string];

/**
 * `["e", ch, ref, name, params, target?]`: call the event handler `name` of the view on channel `ch`, or of the
 * component with id `target` inside it. Without a target the view (and its controllers) handle it.
 */
export type EventFrame =
  | [type: "e", ch: number, ref: number, name: string, params: EventParams]
  | [type: "e", ch: number, ref: number, name: string, params: EventParams, target: string];

/** `["p", ch, ref, url]`: the page's URL changed to `url` (hash change, back button, `pushState`). */
export type ParamsFrame = [type: "p", ch: number, ref: number, url: string];

/** `["s", ch, ref]`: ask for the full tree of channel `ch`. */
export type ResyncFrame = [type: "s", ch: number, ref: number];

/** `["l", ch]`: the client dropped channel `ch`; the server frees the view. */
export type LeaveFrame = [type: "l", ch: number];

/** `["h"]`: heartbeat, both directions. */
export type HeartbeatFrame = [type: "h"];

/** `["t", ch, version, children, meta?]`: the view container's complete children. */
export type TreeFrame =
  | [type: "t", ch: number, version: number, children: WireChild[]]
  | [type: "t", ch: number, version: number, children: WireChild[], meta: ViewMeta];

/**
 * Facts about a view's handlers that the browser needs before it sends an event.
 * - `o`: the `@optimistic` handlers, by name, with the chain to run at once (`[]`: keep the control's own change).
 * - `s`: the client state bus keys this view listens to, each with the `@clientState` handler the browser calls
 *   (as an ordinary event, params `{ [key]: value }`) when another view or the page's script changes the key.
 */
export interface ViewMeta {
  o?: Record<string, JSOp[]>;
  s?: Record<string, string>;
}

/** `["r", ch, ref, version, patches, pushes?]`: the reply to the client frame numbered `ref`. */
export type ReplyFrame =
  | [type: "r", ch: number, ref: number, version: number, patches: PatchOp[]]
  | [type: "r", ch: number, ref: number, version: number, patches: PatchOp[], pushes: Push[]];

/** `["u", ch, version, patches, pushes?]`: a change that no client frame asked for (timer, PubSub, task). */
export type UpdateFrame =
  | [type: "u", ch: number, version: number, patches: PatchOp[]]
  | [type: "u", ch: number, version: number, patches: PatchOp[], pushes: Push[]];

/** `["x", ch, ref, code, message]`: the client frame `ref` on channel `ch` was refused (`0` when unknown). */
export type ErrorFrame = [type: "x", ch: number, ref: number, code: ErrorCode, message: string];

/**
 * A push event, delivered after the patches of the same frame, in the order the handler pushed them:
 * `[name, payload]`. JS command chains travel as the push named {@link EXEC_PUSH}.
 */
export type Push = [name: string, payload: unknown];

/** The push name that carries a JS command chain (`payload` is its op list). */
export const EXEC_PUSH = "rein:exec";

/**
 * The push name that publishes a value on the page's client state bus (`@clientState`, djust's
 * `@client_state`): `["rein:state", [key, value, scope, ch]]`, one push per key. See {@link StatePayload}.
 */
export const STATE_PUSH = "rein:state";

/**
 * How far a client state publication reaches: `"page"` (the views and scripts of the same page, the default) or
 * `"browser"` (also the pages of the same origin open in other tabs of the browser, over `BroadcastChannel`).
 */
export type StateScope = "page" | "browser";

/**
 * The payload of a {@link STATE_PUSH}: a key the handler changed, its new value (JSON), how far it goes, and the
 * channel of the view that published it (the bus never delivers a value back to its publisher):
 * `["category", "books", "page", 1]`.
 */
export type StatePayload = [key: string, value: ParamValue, scope: StateScope, ch: number];

/**
 * Why a frame was refused. The socket stays open for every one of these.
 * - `bad_frame`: not JSON, not an array, or fields of the wrong type.
 * - `not_joined`: the channel is not joined.
 * - `unknown_event`: no method of that name is marked with `@event()`.
 * - `unknown_target`: the event's target names no component of the view.
 * - `bad_params`: the handler's schema rejected the parameters.
 * - `handler_error`: the handler threw; the view's state was rolled back.
 * - `join_failed`: the view could not be mounted or restored.
 * - `rate_limited`: too many events for this handler (`@rateLimit`), or too many frames on this socket.
 * - `taken_over`: a newer join of the same view (the page reconnected on another socket) took this channel over;
 *   it is closed, and the newer one goes on with its state.
 * - `unauthorized`: the object's `authorize` hook refused this session that key.
 * - `bad_patch`: a synced object's patch was refused (a bad path, a failed `test`, a schema constraint); nothing of
 *   it was applied.
 * - `stale_version`: a patch was made on a version the server no longer knows, or that conflicts with changes made
 *   since (another client changed the same place); nothing of it was applied.
 * - `task_running`: that task is running already.
 * - `task_failed`: the task threw (the message says why).
 * - `task_cancelled`: the task was cancelled before it finished.
 * - `too_big`: binary data over the object's `maxBinaryBytes`.
 */
export type ErrorCode =
  | "bad_frame"
  | "not_joined"
  | "unknown_event"
  | "unknown_target"
  | "bad_params"
  | "handler_error"
  | "join_failed"
  | "rate_limited"
  | "taken_over"
  | "unauthorized"
  | "bad_patch"
  | "stale_version"
  | "task_running"
  | "task_failed"
  | "task_cancelled"
  | "too_big";

/**
 * WebSocket close codes Rein uses (an `enum`: the client bundle inlines the numbers). Only policy violations close
 * the socket.
 * - 1008 policy: the join token is forged or expired (the client reloads the page once to get a fresh token), or
 *   the client kept flooding the socket past its frame rate limit.
 * - 1009 too big: a frame exceeded `maxFrameBytes`.
 * - 1001 going away: the server is shutting down (the client reconnects).
 * - 4429 try later: the client's address holds `maxConnectionsPerIp` connections already, or cools down after
 *   abuse; the close reason starts with the milliseconds to wait (`"5000 ms: ..."`), and the client waits at least
 *   that long before it reconnects.
 */
export enum CLOSE {
  policy = 1008,
  tooBig = 1009,
  goingAway = 1001,
  tryLater = 4429,
}
