/**
 * Views: one channel per `[rein-view]` container. Joins, event refs and their promises, versions, patches,
 * resync, pushes, errors, and the queue of events fired while not joined. Frames go through the {@link Transport}
 * given to {@link useTransport}, whatever it is.
 * @module
 */
import { ATTR, CLASS } from "../protocol/attributes.ts";
import {
  EXEC_PUSH,
  type ClientFrame,
  type EventFrame,
  type EventParams,
  type Push,
  type ReplyFrame,
  type ViewServerFrame,
  type ViewMeta,
} from "../protocol/frames.ts";
import type { JSOp } from "../protocol/js.ts";
import type { PatchOp } from "../protocol/patch.ts";
import { applyPatches, hydrate } from "./dom.ts";
import { record } from "./frame-log.ts";
import { lifecycle, pushed, scan } from "./hooks.ts";
import { exec } from "./js.ts";
import { done, keep, sent, settle } from "./keep.ts";
import { loading } from "./loading.ts";
import { predict } from "./optimistic.ts";
import type { Transport } from "./transport.ts";

/** A view on the page: its container, channel and join state. */
export interface View {
  /** The `[rein-view]` container. */
  container_: Element;
  /** Channel number: position on the page, from 1. */
  channel_: number;
  /** The signed token of `rein-token`, sent again on every re-join. */
  token_: string;
  /** Version of the last tree or patch list applied. */
  version_: number;
  /** Joined on the current connection (a `t` frame arrived since it opened). */
  joined_?: boolean;
  /** A resync was asked for; patches are ignored until the tree arrives. */
  resyncing_?: boolean;
  /** Event frames waiting for the join. */
  queue_: EventFrame[];
  /** Joined at least once (the next join is a re-join). */
  joinedBefore_?: boolean;
  /** The handler facts of the last tree frame (`@optimistic` chains). */
  meta_?: ViewMeta | undefined;
}

/**
 * An unanswered event: its promise, the fields whose values it carried, its origin element, whether it went on
 * the wire, and what to undo when it is answered (loading state, optimistic prediction), in reverse order.
 */
interface PendingEvent {
  resolve_(reply: ReplyFrame): void;
  reject_(error: Error): void;
  fields_: Element[];
  origin_?: Element;
  sent_?: boolean;
  undo_: (() => void)[];
}

/** The views of the page, in channel order (`views[channel - 1]`). */
export const views: View[] = [];
/** Unanswered events by ref. */
const pending = new Map<number, PendingEvent>();
/** The last ref used; every client frame that expects an answer takes the next one. */
let lastRef = 0;
/** Most events kept while disconnected; the oldest are dropped (and their promises rejected) beyond it. */
const MAX_QUEUE = 100;
/** Where frames go: set by {@link useTransport}. */
let transport: Transport;

/** Sets the transport the views send their frames through (`index.ts`, at boot, before any join). */
export const useTransport = (next: Transport): void => void (transport = next);

/** Sends a frame now if the transport takes it, and records it in the frame log (frame-log.ts) if it did. */
const send = (frame: ClientFrame): boolean => transport.send(frame) && (record(0, frame), true);

/**
 * What to do with patches of `version` when the view is at `last`: `1` apply them (the next version), `0`
 * nothing to do (the same version and no patches: the event changed nothing), `-1` ask for a resync (a gap,
 * or a stale or duplicate frame).
 */
export const order = (last: number, version: number, count: number): number =>
  version == last + 1 ? 1 : version == last && !count ? 0 : -1;

/** The URL the server last heard of, so a navigation that fires both `popstate` and `hashchange` sends one frame. */
let lastUrl = "";

/** Sends the join frame of `view` (at boot and after every reconnect): a channel of kind `"view"`. */
export const join = (view: View): void =>
  void send(["j", view.channel_, view.token_, (lastUrl = location.href), "view"]);

/** The view of the nearest `[rein-view]` container around `el` (views may nest). */
export const viewOf = (el: Element): View | undefined => {
  const container = el.closest(`[${ATTR.view}]`);
  return views.find((view) => view.container_ == container);
};

/**
 * Sends event `name` to `view`, or queues it until the view is joined. `fields` are the fields whose values
 * the params carry (see keep.ts); `origin` is the element the event comes from (loading states, predictions);
 * `target` is the id of the component to call, if not the view itself. Resolves with the reply frame once its
 * patches are applied; rejects with an `Error` carrying `code` on an error frame, when dropped from a full queue,
 * or when the connection is lost before the reply.
 */
export function push(
  view: View,
  name: string,
  params: EventParams,
  fields: Element[] = [],
  origin?: Element,
  target?: string,
): Promise<ReplyFrame> {
  const ref = ++lastRef;
  const frame = ["e", view.channel_, ref, name, params] as EventFrame;
  if (target != null) frame.push(target);
  const wait = { fields_: fields, origin_: origin, undo_: [] } as unknown as PendingEvent;
  const promise = new Promise<ReplyFrame>((resolve_, reject_) =>
    pending.set(ref, Object.assign(wait, { resolve_, reject_ })),
  );
  promise.catch(() => {}); // bindings never await: the error is already logged and dispatched as rein:error
  const prediction = view.meta_?.o?.[name];
  if (prediction) wait.undo_.push(predict(prediction, origin));
  sent(fields);
  if (view.joined_ && transmit(view, frame)) return promise;
  if (view.queue_.push(frame) > MAX_QUEUE)
    fail(view.queue_.shift()![2], "queue_full", "event dropped while disconnected");
  return promise;
}

/** Sends event frame `frame` of `view` now if the transport takes it, and starts its loading state. */
function transmit(view: View, frame: EventFrame): boolean {
  const wait = pending.get(frame[2])!;
  return send(frame) && !!(wait.sent_ = true) && !!wait.undo_.push(loading(view.container_, frame[3], wait.origin_));
}

/** The event was answered: releases its fields, then undoes its loading state and prediction, newest first. */
function finish(wait: PendingEvent): void {
  done(wait.fields_);
  wait.undo_.reverse().forEach((undo) => undo());
}

/** Sends `["p", ch, ref, url]` for every joined view when the URL changed (hash change, back button). */
export function navigated(): void {
  if (location.href == lastUrl) return;
  lastUrl = location.href;
  for (const view of views) if (view.joined_) send(["p", view.channel_, ++lastRef, lastUrl]);
}

/** Marks every view disconnected and fails the events that were sent but will never be answered. */
export function down(): void {
  for (const view of views)
    view.joined_ && lifecycle(view.container_, "disconnected"), (view.joined_ = view.resyncing_ = false), mark(view);
  for (const [ref, wait] of pending) if (wait.sent_) fail(ref, "disconnected", "connection lost before the reply");
}

/** Handles one frame from the server (after recording it in the frame log). */
export function onFrame(frame: ViewServerFrame): void {
  record(1, frame);
  if (frame[0] == "h") return;
  const view = views[frame[1] - 1];
  const type = frame[0];
  if (type == "x") {
    const [, , ref, code, message] = frame;
    console.error("rein:", code, message);
    fail(ref, code, message);
    view?.container_.dispatchEvent(new CustomEvent("rein:error", { bubbles: true, detail: { code, message, ref } }));
  } else if (!view) return;
  else if (type == "t") {
    view.version_ = frame[2];
    view.resyncing_ = false;
    view.meta_ = frame[4];
    hydrate(view.container_, frame[3], keep);
    scan(view.container_);
    if (!view.joined_) {
      if (view.joinedBefore_) lifecycle(view.container_, "reconnected");
      view.joined_ = view.joinedBefore_ = true;
      mark(view);
      // Flush what was fired while joining; a failed send re-queues in push order.
      for (const queued of view.queue_.splice(0)) transmit(view, queued) || view.queue_.push(queued);
    }
  } else if (type == "u") update(view, frame[2], frame[3], frame[4]);
  else {
    const wait = pending.get(frame[2]);
    pending.delete(frame[2]);
    // Release the fields and undo loading states first, so that this reply's patches win.
    if (wait) finish(wait);
    update(view, frame[3], frame[4], frame[5]);
    if (wait) settle(wait.fields_), wait.resolve_(frame);
  }
}

/**
 * Applies patches in version order (or asks for a resync), then handles the pushes in order: runs `rein:exec`
 * chains, and dispatches every push as `CustomEvent("rein:" + name)` on `window`.
 */
function update(view: View, version: number, ops: PatchOp[], pushes?: Push[]): void {
  const verdict = order(view.version_, version, ops.length);
  if (view.joined_ && !view.resyncing_ && verdict) {
    try {
      if (verdict < 0) throw 0;
      scan(view.container_, applyPatches(view.container_, ops, keep));
      view.version_ = version;
    } catch (error) {
      if (error) console.warn("rein: resync", error);
      resync(view);
    }
  }
  for (const [name, payload] of pushes || []) {
    // A pushed JS chain runs with no origin element: only its targeted ops do something.
    if (name == EXEC_PUSH) exec(payload as JSOp[]);
    pushed(view.container_, name, payload);
    dispatchEvent(new CustomEvent(name.startsWith("rein:") ? name : "rein:" + name, { detail: payload }));
  }
}

/** Asks for the full tree, and again every 5 s while it has not arrived (a lost `t` frame must not stall the view). */
function resync(view: View): void {
  view.resyncing_ = true;
  send(["s", view.channel_, ++lastRef]);
  setTimeout(() => view.joined_ && view.resyncing_ && resync(view), 5e3);
}

/** Rejects the event `ref` (if still waiting) with an Error carrying `code`, and undoes its loading state. */
function fail(ref: number, code: string, message: string): void {
  const wait = pending.get(ref);
  if (!wait) return;
  pending.delete(ref);
  finish(wait);
  wait.reject_(Object.assign(new Error(message), { code }));
}

/** The connection classes of a view's container. */
function mark(view: View): void {
  view.container_.classList.toggle(CLASS.connected, !!view.joined_);
  view.container_.classList.toggle(CLASS.disconnected, !view.joined_);
}
