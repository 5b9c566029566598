/**
 * One connected LiveView: the channel of one tab's view on a WebSocket. Processes the view's frames strictly in
 * arrival order (LiveViewJS processed queued messages last-in-first-out; Livewire let overlapping requests finish
 * out of order), renders, diffs against the last tree, and replies with patches that carry the frame's `ref` and
 * the view's next version. An error is a reply, not a disconnect: the state rolls back and the socket stays open.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { findHandler } from "../live/event.ts";
import type { LiveView, LiveViewClass, Params, Session } from "../live/liveview.ts";
import { renderView } from "../live/render.ts";
import type { ErrorCode, EventParams, ServerFrame } from "../protocol/frames.ts";
import { deserialize, StateError } from "../state/serialize.ts";
import { diff } from "../vdom/diff.ts";
import type { VNode } from "../vdom/vnode.ts";
import { toWire } from "../vdom/wire.ts";
import {
  buildView,
  type EngineDeps,
  loadSession,
  paramsOf,
  rollbackView,
  saveSession,
  snapshotView,
  viewKey,
} from "./lifecycle.ts";

/** What a join needs: the verified token claims and the view class of its route. */
export interface JoinTarget {
  viewClass: LiveViewClass;
  /** Route parameters of the token's path. */
  routeParams: Params;
  /** View id (state key). */
  viewId: string;
  /** Browser session id. */
  sessionId: string;
  /** The page URL the client reports. */
  url: URL;
}

/** A joined (or joining) view on one channel of a connection. */
export class ViewSession {
  readonly ch: number;
  #deps: EngineDeps;
  #send: (frame: ServerFrame) => void;
  #queue: Promise<void>;
  #view: LiveView | undefined;
  #target: JoinTarget | undefined;
  #session: Session = {};
  #sessionSaved = "";
  #snapshot = "";
  #stored = "";
  #tree: VNode[] = [];
  #version = 0;
  #closed = false;

  /**
   * Starts joining: restores the view's state from the backend, or mounts it when there is none (expired, lost
   * with a restarted memory backend), then sends the full tree. Frames that arrive meanwhile queue behind it.
   */
  constructor(ch: number, target: JoinTarget, deps: EngineDeps, send: (frame: ServerFrame) => void) {
    this.ch = ch;
    this.#deps = deps;
    this.#send = send;
    this.#target = target;
    this.#queue = this.#join(target);
  }

  /** The view instance once joined (for tests and tooling). */
  get view(): LiveView | undefined {
    return this.#view;
  }

  /** The version of the last frame that changed the DOM. */
  get version(): number {
    return this.#version;
  }

  /** Queues an event frame. */
  event(ref: number, name: string, params: EventParams): void {
    this.#enqueue(() => this.#event(ref, name, params));
  }

  /** Queues a URL change (hash route, back button). */
  params(ref: number, url: URL): void {
    this.#enqueue(() => this.#params(ref, url));
  }

  /** Queues a full-tree resend (the client lost track). */
  resync(ref: number): void {
    this.#enqueue(async () => {
      if (this.#view) this.#send(["t", this.ch, this.#version, this.#tree.map(toWire)]);
      else this.#error(ref, "not_joined", "the view is not joined");
    });
  }

  /** Queues a re-render that no client frame asked for (timers, PubSub, background work). */
  update(): void {
    this.#enqueue(async () => {
      if (this.#view) await this.#commit(undefined);
    });
  }

  /**
   * Ends the view: no more frames are processed; its state is written once more so that a reconnect (or
   * another process) finds it. Resolves when that write is done.
   */
  close(): Promise<void> {
    this.#closed = true;
    return this.#queue.then(() => this.#store(true));
  }

  /** Resolves when every queued frame has been processed. */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(() => (this.#closed ? undefined : task())).catch((err) => {
      this.#deps.log(`view channel ${this.ch}: unexpected engine error`, err);
    });
  }

  async #join(t: JoinTarget): Promise<void> {
    try {
      const { session, saved } = await loadSession(this.#deps, t.sessionId);
      this.#session = session;
      this.#sessionSaved = saved;
      const state = await this.#deps.backend.get(viewKey(t.viewId));
      const view = await buildView(t.viewClass, paramsOf(t.routeParams, t.url), t.url, session, true, state);
      this.#snapshot = snapshotView(view);
      this.#stored = state ?? "";
      this.#tree = renderView(view, this.#deps.templates);
      this.#view = view;
      this.#send(["t", this.ch, this.#version, this.#tree.map(toWire)]);
      await this.#store(false);
    } catch (err) {
      this.#deps.log(`join of ${t.viewClass.name} failed`, err);
      this.#error(0, "join_failed", this.#message(err, `${t.viewClass.name} could not be joined`));
    }
  }

  async #event(ref: number, name: string, params: EventParams): Promise<void> {
    const view = this.#view;
    if (!view) return this.#error(ref, "not_joined", "the view is not joined");
    const h = findHandler(view, name);
    if (!h) return this.#error(ref, "unknown_event", `${view.constructor.name} has no event handler "${name}"`);
    let input: unknown = params;
    if (h.spec.params) {
      let result = h.spec.params["~standard"].validate(params);
      if (result instanceof Promise) result = await result;
      if (result.issues) return this.#error(ref, "bad_params", `${name}: ${formatIssues(result.issues)}`);
      input = result.value;
    }
    try {
      await h.fn.call(view, input);
    } catch (err) {
      this.#rollback();
      this.#deps.log(`${view.constructor.name}.${name} threw; state rolled back`, err);
      return this.#error(ref, "handler_error", this.#message(err, `${name} failed`));
    }
    await this.#commit(ref);
  }

  async #params(ref: number, url: URL): Promise<void> {
    const view = this.#view;
    if (!view || !this.#target) return this.#error(ref, "not_joined", "the view is not joined");
    try {
      await view.handleParams?.(paramsOf(this.#target.routeParams, url), url);
    } catch (err) {
      this.#rollback();
      this.#deps.log(`${view.constructor.name}.handleParams threw; state rolled back`, err);
      return this.#error(ref, "handler_error", this.#message(err, "handleParams failed"));
    }
    await this.#commit(ref);
  }

  /** After a change: check the state is storable, render, diff, reply, store. Rolls back on any failure. */
  async #commit(ref: number | undefined): Promise<void> {
    const view = this.#view!;
    let tree: VNode[];
    try {
      this.#snapshot = snapshotView(view);
      this.#sessionSaved = await saveSession(this.#deps, this.#target!.sessionId, this.#session, this.#sessionSaved);
      tree = renderView(view, this.#deps.templates);
    } catch (err) {
      this.#rollback();
      this.#deps.log(`${view.constructor.name}: change refused`, err);
      const msg = err instanceof StateError ? err.message : this.#message(err, "render failed");
      return this.#error(ref ?? 0, "handler_error", msg);
    }
    const patches = diff(this.#tree, tree);
    this.#tree = tree;
    this.#version++;
    this.#send(ref === undefined ? ["u", this.ch, this.#version, patches] : ["r", this.ch, ref, this.#version, patches]);
    await this.#store(false);
  }

  /** Puts the view and the session back as they were after the last committed change. */
  #rollback(): void {
    if (this.#view && this.#snapshot) rollbackView(this.#view, this.#snapshot);
    const s = this.#session;
    for (const key of Object.keys(s)) delete s[key];
    if (this.#sessionSaved) Object.assign(s, deserialize<Session>(this.#sessionSaved));
  }

  async #store(refresh: boolean): Promise<void> {
    if (!this.#view || !this.#target || (!refresh && this.#snapshot === this.#stored)) return;
    try {
      await this.#deps.backend.set(viewKey(this.#target.viewId), this.#snapshot, this.#deps.stateTtlMs);
      this.#stored = this.#snapshot;
    } catch (err) {
      this.#deps.log(`state of ${this.#view.constructor.name} could not be stored`, err);
    }
  }

  #error(ref: number, code: ErrorCode, message: string): void {
    this.#send(["x", this.ch, ref, code, message]);
  }

  #message(err: unknown, fallback: string): string {
    if (err instanceof StateError) return err.message;
    return this.#deps.debug && err instanceof Error ? `${fallback}: ${err.message}` : fallback;
  }
}

/** Turns Standard Schema issues into `field: message; other: message`. */
export function formatIssues(issues: readonly StandardSchemaV1.Issue[]): string {
  return issues
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}
