/**
 * One connected LiveView: the channel of one tab's view on a WebSocket. Processes the view's frames strictly in
 * arrival order (LiveViewJS processed queued messages last-in-first-out; Livewire let overlapping requests finish
 * out of order), renders, diffs against the last tree, and replies with patches that carry the frame's `ref` and
 * the view's next version, followed by the pushes of the same round trip. An error is a reply, not a disconnect:
 * the state rolls back and the socket stays open.
 * @module
 */
import type { LiveView, LiveViewClass, Params, Session, ViewContext } from "../live/liveview.ts";
import { listHandlers } from "../live/event.ts";
import { renderView } from "../live/render.ts";
import type { ErrorCode, EventParams, Push, ServerFrame, ViewMeta } from "../protocol/frames.ts";
import { CancelledError } from "../live/waiters.ts";
import { StateError } from "../state/serialize.ts";
import { diff } from "../vdom/diff.ts";
import type { VNode } from "../vdom/vnode.ts";
import { toWire } from "../vdom/wire.ts";
import { Dispatcher, type RateLimiter } from "./dispatch.ts";
import type { SharedSession } from "./sessions.ts";
import {
  buildView,
  type EngineDeps,
  paramsOf,
  rollbackView,
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

/** The view's runtime context; a class, so that a session costs no per-instance closures. */
class LiveContext implements ViewContext {
  session: Session = {};
  connected = true;
  renderEpoch = 0;
  pushes: Push[] = [];
  waiters?: ViewContext["waiters"];
  tasks?: ViewContext["tasks"];
  slots?: ViewContext["slots"];
  readonly #owner: ViewSession;
  readonly log: EngineDeps["log"];

  constructor(owner: ViewSession, log: EngineDeps["log"]) {
    this.#owner = owner;
    this.log = log;
  }

  changed(): void {
    this.#owner.requestUpdate();
  }
}

/** What a view session talks to: the connection that sends its frames and holds its rate-limit buckets. */
export interface Peer extends RateLimiter {
  send(frame: ServerFrame): void;
}

/** Where a view comes from, minus the page URL (only needed while joining). */
type Origin = Omit<JoinTarget, "url">;

/** A joined (or joining) view on one channel of a connection. */
export class ViewSession {
  readonly ch: number;
  readonly deps: EngineDeps;
  readonly #peer: Peer;
  #queue: Promise<void>;
  #view: LiveView | undefined;
  #target: Origin;
  #ctx: LiveContext;
  /** The browser session shared with the browser's other tabs; set once joined. */
  #shared: SharedSession | undefined;
  #snapshot = "";
  #stored = "";
  #tree: VNode[] = [];
  #version = 0;
  #epoch = 0;
  #closed = false;
  /** Inside a handler or a commit: changes will be sent by it, no separate update needed. */
  #busy = false;
  #updateQueued = false;
  #dispatch: Dispatcher | undefined;

  /**
   * Starts joining: restores the view's state from the backend, or mounts it when there is none (expired, lost
   * with a restarted memory backend), then sends the full tree. Frames that arrive meanwhile queue behind it.
   * @param peer - the connection: sends frames, holds the `@rateLimit` buckets (per connection and handler).
   */
  constructor(ch: number, target: JoinTarget, deps: EngineDeps, peer: Peer) {
    this.ch = ch;
    this.deps = deps;
    this.#peer = peer;
    const { url, ...origin } = target;
    this.#target = origin;
    this.#ctx = new LiveContext(this, deps.log);
    this.#queue = this.#join(origin, url);
  }

  /** The view instance once joined (for tests and tooling). */
  get view(): LiveView | undefined {
    return this.#view;
  }

  /** The last rendered tree (the container's children). */
  get tree(): readonly VNode[] {
    return this.#tree;
  }

  /** The version of the last frame that changed the DOM. */
  get version(): number {
    return this.#version;
  }

  /** Whether the view was closed (socket gone, channel left). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Queues an event frame. */
  event(ref: number, name: string, params: EventParams): void {
    this.enqueue(() => (this.#dispatch ??= new Dispatcher(this, this.#peer)).event(ref, name, params));
  }

  /** Queues a URL change (hash route, back button). */
  params(ref: number, url: URL): void {
    this.enqueue(() => this.#params(ref, url));
  }

  /** Queues a full-tree resend (the client lost track). */
  resync(ref: number): void {
    this.enqueue(async () => {
      if (this.#view) this.#sendTree();
      else this.error(ref, "not_joined", "the view is not joined");
    });
  }

  /** Queues a re-render that no client frame asked for. */
  update(): void {
    this.enqueue(() => this.commit(undefined, true));
  }

  /**
   * Ends the view: no more frames are processed, waiters are cancelled, background tasks aborted, and its state
   * is written once more so that a reconnect (or another process) finds it. Resolves when that write is done.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#ctx.waiters?.cancelAll("view disconnected");
    this.#dispatch?.close();
    const tasks = this.#ctx.tasks;
    if (tasks) for (const t of tasks) t.abort(new CancelledError("view disconnected"));
    return this.#queue.then(async () => {
      await this.#store(true);
      if (this.#shared) this.deps.sessions.release(this.#shared);
      this.#shared = undefined;
    });
  }

  /** Resolves when every queued frame has been processed. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Runs `task` after everything queued before it. Not for applications. */
  enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(() => (this.#closed ? undefined : task())).catch((err) => {
      this.deps.log(`view channel ${this.ch}: unexpected engine error`, err);
    });
  }

  /** Runs a handler body with the engine's bookkeeping: busy flag, rollback on throw. Not for applications. */
  async guarded(ref: number, what: string, body: () => unknown): Promise<boolean> {
    const view = this.#view!;
    this.#busy = true;
    try {
      await body();
      return true;
    } catch (err) {
      this.rollback();
      this.deps.log(`${view.constructor.name}.${what} threw; state rolled back`, err);
      this.error(ref, "handler_error", this.#message(err, `${what} failed`));
      return false;
    } finally {
      this.#busy = false;
    }
  }

  /**
   * After a change: check the state is storable, render, diff, send, store. Rolls back on any failure.
   * @param ref - the client frame answered, or `undefined` for an update frame (sent only when something changed).
   * @param force - render even when the serialized state did not change (explicit `update()`).
   */
  async commit(ref: number | undefined, force = false): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const ctx = this.#ctx;
    let tree: VNode[];
    this.#busy = true;
    try {
      const before = this.#snapshot;
      this.#snapshot = snapshotView(view);
      if (ref === undefined && !force && before === this.#snapshot && ctx.pushes.length === 0) return;
      await this.deps.sessions.save(this.#shared!);
      ctx.renderEpoch = ++this.#epoch;
      tree = renderView(view, this.deps.templates);
    } catch (err) {
      this.rollback();
      this.deps.log(`${view.constructor.name}: change refused`, err);
      const msg = err instanceof StateError ? err.message : this.#message(err, "render failed");
      return this.error(ref ?? 0, "handler_error", msg);
    } finally {
      ctx.renderEpoch = 0;
      this.#busy = false;
    }
    const patches = diff(this.#tree, tree);
    this.#tree = tree;
    const pushes = ctx.pushes;
    ctx.pushes = [];
    if (ref === undefined && patches.length === 0 && pushes.length === 0) return;
    const v = ++this.#version;
    if (ref === undefined) this.#peer.send(pushes.length ? ["u", this.ch, v, patches, pushes] : ["u", this.ch, v, patches]);
    else this.#peer.send(pushes.length ? ["r", this.ch, ref, v, patches, pushes] : ["r", this.ch, ref, v, patches]);
    await this.#store(false);
  }

  /** Answers a call that will not run (superseded by debounce/throttle) with an empty reply. */
  emptyReply(ref: number): void {
    this.#peer.send(["r", this.ch, ref, ++this.#version, []]);
  }

  /** Sends an error frame. */
  error(ref: number, code: ErrorCode, message: string): void {
    this.#peer.send(["x", this.ch, ref, code, message]);
  }

  /**
   * Puts the view back as it was after its last committed change, and the session as it was last committed (by
   * any tab); drops queued pushes.
   */
  rollback(): void {
    if (this.#view && this.#snapshot) rollbackView(this.#view, this.#snapshot);
    if (this.#shared) this.deps.sessions.rollback(this.#shared);
    this.#ctx.pushes = [];
  }

  /** The view's runtime context. Not for applications. */
  get context(): ViewContext {
    return this.#ctx;
  }

  async #join(t: Origin, url: URL): Promise<void> {
    try {
      this.#shared = await this.deps.sessions.acquire(t.sessionId);
      if (this.#closed) return; // left while the session loaded: the finally of close() gives it back
      this.#ctx.session = this.#shared.data;
      const state = await this.deps.backend.get(viewKey(t.viewId));
      this.#busy = true;
      const view = await buildView(t.viewClass, paramsOf(t.routeParams, url), url, this.#ctx, state);
      this.#snapshot = snapshotView(view);
      this.#stored = state ?? "";
      this.#ctx.renderEpoch = ++this.#epoch;
      this.#tree = renderView(view, this.deps.templates);
      this.#ctx.renderEpoch = 0;
      this.#ctx.pushes = [];
      this.#view = view;
      this.#sendTree();
      // Re-store even when unchanged: the page's short TTL becomes the joined view's stateTtlMs.
      await this.#store(true);
    } catch (err) {
      this.deps.log(`join of ${t.viewClass.name} failed`, err);
      this.error(0, "join_failed", this.#message(err, `${t.viewClass.name} could not be joined`));
    } finally {
      this.#busy = false;
    }
  }

  #sendTree(): void {
    const meta = metaOf(this.#target.viewClass);
    const children = this.#tree.map(toWire);
    this.#peer.send(meta ? ["t", this.ch, this.#version, children, meta] : ["t", this.ch, this.#version, children]);
  }

  async #params(ref: number, url: URL): Promise<void> {
    const view = this.#view;
    if (!view) return this.error(ref, "not_joined", "the view is not joined");
    const ok = await this.guarded(ref, "handleParams", () =>
      view.handleParams?.(paramsOf(this.#target.routeParams, url), url),
    );
    if (ok) await this.commit(ref);
  }

  /** A `@state` field or a push changed outside a handler: one update frame per microtask. Not for applications. */
  requestUpdate(): void {
    if (this.#busy || this.#updateQueued || !this.#view || this.#closed) return;
    this.#updateQueued = true;
    queueMicrotask(() => {
      this.#updateQueued = false;
      this.update();
    });
  }

  async #store(refresh: boolean): Promise<void> {
    if (!this.#view || (!refresh && this.#snapshot === this.#stored)) return;
    try {
      await this.deps.backend.set(viewKey(this.#target.viewId), this.#snapshot, this.deps.stateTtlMs);
      this.#stored = this.#snapshot;
    } catch (err) {
      this.deps.log(`state of ${this.#view.constructor.name} could not be stored`, err);
    }
  }

  #message(err: unknown, fallback: string): string {
    if (err instanceof StateError) return err.message;
    return this.deps.debug && err instanceof Error ? `${fallback}: ${err.message}` : fallback;
  }
}

const metas = new WeakMap<LiveViewClass, ViewMeta | null>();

/** The handler facts a browser needs (optimistic chains), computed once per class. */
function metaOf(cls: LiveViewClass): ViewMeta | undefined {
  let m = metas.get(cls);
  if (m === undefined) {
    const o: NonNullable<ViewMeta["o"]> = {};
    let any = false;
    for (const spec of listHandlers(cls)) {
      if (spec.optimistic) {
        o[spec.name] = spec.optimistic;
        any = true;
      }
    }
    m = any ? { o } : null;
    metas.set(cls, m);
  }
  return m ?? undefined;
}

