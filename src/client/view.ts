/**
 * Views: one channel per `[rein-view]` container. Joins, event refs and their promises, versions, patches,
 * resync, pushes, errors, and the queue of events fired while not joined.
 * @module
 */
import type { EventFrame, EventParams, Push, ReplyFrame, ServerFrame } from "../protocol/frames.ts";
import type { PatchOp } from "../protocol/patch.ts";
import { applyPatches, hydrate } from "./dom.ts";
import { done, keep, sent, settle } from "./keep.ts";
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
}

/** An unanswered event: its promise, the fields whose values it carried, whether it went on the wire. */
interface Wait {
  ok(r: ReplyFrame): void;
  no(e: Error): void;
  els: Element[];
  out?: boolean;
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
export function push(v: View, name: string, params: EventParams, els: Element[] = []): Promise<ReplyFrame> {
  const r = ++ref;
  const f: EventFrame = ["e", v.ch, r, name, params];
  const p = new Promise<ReplyFrame>((ok, no) => waits.set(r, { ok, no, els }));
  p.catch(() => {}); // bindings never await: the error is already logged and dispatched as rein:error
  sent(els);
  if (v.on && send(f)) waits.get(r)!.out = true;
  else if (v.q.push(f) > MAX_QUEUE) fail(v.q.shift()![2], "queue_full", "event dropped while disconnected");
  return p;
}

/** Sends `["p", ch, ref, url]` for every joined view when the URL changed (hash change, back button). */
export function url(): void {
  if (location.href == at) return;
  at = location.href;
  for (const v of views) if (v.on) send(["p", v.ch, ++ref, at]);
}

/** Marks every view disconnected and fails the events that were sent but will never be answered. */
export function down(): void {
  for (const v of views) (v.on = v.sync = false), mark(v);
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
    hydrate(v.el, f[3], keep);
    if (!v.on) {
      v.on = true;
      mark(v);
      // Flush what was fired while joining; a failed send re-queues in push order.
      for (const e of v.q.splice(0)) {
        if (send(e)) waits.get(e[2])!.out = true;
        else v.q.push(e);
      }
    }
  } else if (t == "u") apply(v, f[2], f[3], f[4]);
  else {
    const w = waits.get(f[2]);
    waits.delete(f[2]);
    // Release the fields first, so that this reply's patches may update them.
    if (w) done(w.els);
    apply(v, f[3], f[4], f[5]);
    if (w) settle(w.els), w.ok(f);
  }
}

/** Applies patches in version order (or asks for a resync), then dispatches the pushes. */
function apply(v: View, version: number, ops: PatchOp[], pushes?: Push[]): void {
  const o = order(v.v, version, ops.length);
  if (v.on && !v.sync && o) {
    try {
      if (o < 0) throw 0;
      applyPatches(v.el, ops, keep);
      v.v = version;
    } catch (e) {
      if (e) console.warn("rein: resync", e);
      v.sync = true;
      send(["s", v.ch, ++ref]);
    }
  }
  for (const [n, d] of pushes || [])
    dispatchEvent(new CustomEvent(n.startsWith("rein:") ? n : "rein:" + n, { detail: d }));
}

/** Rejects the event `r` (if still waiting) with an Error carrying `code`, and releases its fields. */
function fail(r: number, code: string, message: string): void {
  const w = waits.get(r);
  if (!w) return;
  waits.delete(r);
  done(w.els);
  w.no(Object.assign(new Error(message), { code }));
}

/** The connection classes of a view's container. */
function mark(v: View): void {
  v.el.classList.toggle("rein-connected", !!v.on);
  v.el.classList.toggle("rein-disconnected", !v.on);
}
