/**
 * Views: one channel per `[rein-view]` container. Joins, event refs and their promises, versions, patches,
 * resync, pushes, errors, and the queue of events fired while not joined.
 * @module
 */
import { EXEC_PUSH, type EventFrame, type EventParams, type Push, type ReplyFrame, type ServerFrame, type ViewMeta } from "../protocol/frames.ts";
import type { JSOp } from "../protocol/js.ts";
import type { PatchOp } from "../protocol/patch.ts";
import { applyPatches, hydrate } from "./dom.ts";
import { life, pushed, scan } from "./hooks.ts";
import { exec } from "./js.ts";
import { done, keep, sent, settle } from "./keep.ts";
import { loading } from "./loading.ts";
import { predict } from "./optimistic.ts";
import { send } from "./socket.ts";

/** A view on the page: its container, channel and join state. */
export interface View {
  /** The `[rein-view]` container. */
  el: Element;
  /** Channel number: position on the page, from 1. */
  ch: number;
  /** The signed token of `rein-token`, sent again on every re-join. */
  token: string;
  /** Version of the last tree or patch list applied. */
  v: number;
  /** Joined on the current socket (a `t` frame arrived since it opened). */
  on?: boolean;
  /** A resync was asked for; patches are ignored until the tree arrives. */
  sync?: boolean;
  /** Event frames waiting for the join. */
  q: EventFrame[];
  /** Joined at least once (the next join is a re-join). */
  j?: boolean;
  /** The handler facts of the last tree frame (`@optimistic` chains). */
  m?: ViewMeta;
}

/**
 * An unanswered event: its promise, the fields whose values it carried, its origin element, whether it went on
 * the wire, and what to undo when it is answered (loading state, optimistic prediction), in reverse order.
 */
interface Wait {
  ok(r: ReplyFrame): void;
  no(e: Error): void;
  els: Element[];
  el?: Element;
  out?: boolean;
  u: (() => void)[];
}

/** The views of the page, in channel order (`views[ch - 1]`). */
export const views: View[] = [];
const waits = new Map<number, Wait>();
let ref = 0;
/** Most events kept while disconnected; the oldest are dropped (and their promises rejected) beyond it. */
const MAX_QUEUE = 100;

/**
 * What to do with patches of `version` when the view is at `last`: `1` apply them (the next version), `0`
 * nothing to do (the same version and no patches: the event changed nothing), `-1` ask for a resync (a gap,
 * or a stale or duplicate frame).
 */
export const order = (last: number, version: number, count: number): number =>
  version == last + 1 ? 1 : version == last && !count ? 0 : -1;

/** The URL the server last heard of, so a navigation that fires both `popstate` and `hashchange` sends one frame. */
let at = "";

/** Sends the join frame of `v` (at boot and after every reconnect). */
export const join = (v: View): void => void send(["j", v.ch, v.token, (at = location.href)]);

/** The view of the nearest `[rein-view]` container around `el` (views may nest). */
export const viewOf = (el: Element): View | undefined => {
  const c = el.closest("[rein-view]");
  return views.find((v) => v.el == c);
};

/**
 * Sends event `name` to view `v`, or queues it until the view is joined. `els` are the fields whose values
 * the params carry (see keep.ts). Resolves with the reply frame once its patches are applied; rejects with an
 * `Error` carrying `code` on an error frame, when dropped from a full queue, or when the connection is lost
 * before the reply.
 */
export function push(v: View, name: string, params: EventParams, els: Element[] = [], el?: Element): Promise<ReplyFrame> {
  const r = ++ref;
  const f: EventFrame = ["e", v.ch, r, name, params];
  const w = { els, el, u: [] } as unknown as Wait;
  const p = new Promise<ReplyFrame>((ok, no) => waits.set(r, Object.assign(w, { ok, no })));
  p.catch(() => {}); // bindings never await: the error is already logged and dispatched as rein:error
  const o = v.m?.o?.[name];
  if (o) w.u.push(predict(o, el));
  sent(els);
  if (v.on && out(v, f)) return p;
  if (v.q.push(f) > MAX_QUEUE) fail(v.q.shift()![2], "queue_full", "event dropped while disconnected");
  return p;
}

/** Sends event frame `f` of view `v` now if the socket takes it, and starts its loading state. */
function out(v: View, f: EventFrame): boolean {
  const w = waits.get(f[2])!;
  return send(f) && !!(w.out = true) && !!w.u.push(loading(v.el, f[3], w.el));
}

/** The event was answered: releases its fields, then undoes its loading state and prediction, newest first. */
function fin(w: Wait): void {
  done(w.els);
  w.u.reverse().forEach((f) => f());
}

/** Sends `["p", ch, ref, url]` for every joined view when the URL changed (hash change, back button). */
export function url(): void {
  if (location.href == at) return;
  at = location.href;
  for (const v of views) if (v.on) send(["p", v.ch, ++ref, at]);
}

/** Marks every view disconnected and fails the events that were sent but will never be answered. */
export function down(): void {
  for (const v of views) v.on && life(v.el, "disconnected"), (v.on = v.sync = false), mark(v);
  for (const [r, w] of waits) if (w.out) fail(r, "disconnected", "connection lost before the reply");
}

/** Handles one frame from the server. */
export function onFrame(f: ServerFrame): void {
  if (f[0] == "h") return;
  const v = views[f[1] - 1];
  const t = f[0];
  if (t == "x") {
    const [, , r, code, message] = f;
    console.error("rein:", code, message);
    fail(r, code, message);
    v?.el.dispatchEvent(new CustomEvent("rein:error", { bubbles: true, detail: { code, message, ref: r } }));
  } else if (!v) return;
  else if (t == "t") {
    v.v = f[2];
    v.sync = false;
    v.m = f[4];
    hydrate(v.el, f[3], keep);
    scan(v.el);
    if (!v.on) {
      if (v.j) life(v.el, "reconnected");
      v.on = v.j = true;
      mark(v);
      // Flush what was fired while joining; a failed send re-queues in push order.
      for (const e of v.q.splice(0)) out(v, e) || v.q.push(e);
    }
  } else if (t == "u") apply(v, f[2], f[3], f[4]);
  else {
    const w = waits.get(f[2]);
    waits.delete(f[2]);
    // Release the fields and undo loading states first, so that this reply's patches win.
    if (w) fin(w);
    apply(v, f[3], f[4], f[5]);
    if (w) settle(w.els), w.ok(f);
  }
}

/**
 * Applies patches in version order (or asks for a resync), then handles the pushes in order: runs `rein:exec`
 * chains, and dispatches every push as `CustomEvent("rein:" + name)` on `window`.
 */
function apply(v: View, version: number, ops: PatchOp[], pushes?: Push[]): void {
  const o = order(v.v, version, ops.length);
  if (v.on && !v.sync && o) {
    try {
      if (o < 0) throw 0;
      scan(v.el, applyPatches(v.el, ops, keep));
      v.v = version;
    } catch (e) {
      if (e) console.warn("rein: resync", e);
      resync(v);
    }
  }
  for (const [n, d] of pushes || []) {
    // A pushed JS chain runs with no origin element: only its targeted ops do something.
    if (n == EXEC_PUSH) exec(d as JSOp[]);
    pushed(v.el, n, d);
    dispatchEvent(new CustomEvent(n.startsWith("rein:") ? n : "rein:" + n, { detail: d }));
  }
}

/** Asks for the full tree, and again every 5 s while it has not arrived (a lost `t` frame must not stall the view). */
function resync(v: View): void {
  v.sync = true;
  send(["s", v.ch, ++ref]);
  setTimeout(() => v.on && v.sync && resync(v), 5e3);
}

/** Rejects the event `r` (if still waiting) with an Error carrying `code`, and undoes its loading state. */
function fail(r: number, code: string, message: string): void {
  const w = waits.get(r);
  if (!w) return;
  waits.delete(r);
  fin(w);
  w.no(Object.assign(new Error(message), { code }));
}

/** The connection classes of a view's container. */
function mark(v: View): void {
  v.el.classList.toggle("rein-connected", !!v.on);
  v.el.classList.toggle("rein-disconnected", !v.on);
}
