/**
 * The view channel: the protocol of one connected LiveView on one channel of a socket. Processes the channel's
 * frames strictly in arrival order (LiveViewJS processed queued messages last-in-first-out; Livewire let
 * overlapping requests finish out of order), answers each with a frame that carries its `ref` and the view's
 * next version, followed by the pushes of the same round trip. An error is a reply, not a disconnect: the state
 * rolls back and the socket stays open. The view itself (restore, render, diff, store) is the view engine's.
 * @module
 */
import type { LiveView, ViewContext } from "../live/liveview.ts";
import { CancelledError } from "../live/waiters.ts";
import type { ErrorCode, EventParams } from "../protocol/frames.ts";
import { StateError } from "../state/serialize.ts";
import type { VNode } from "../vdom/vnode.ts";
import type { Channel, ChannelFrame, ChannelHost } from "./channel.ts";
import { Dispatcher, type DispatchHost } from "./dispatch.ts";
import type { UnknownEvents } from "./event-security.ts";
import type { Hibernating } from "./hibernation.ts";
import type { TakeOver } from "./joined-views.ts";
import type { EngineDeps } from "./lifecycle.ts";
import { type ChangeListener, ViewEngine, type ViewOrigin } from "./view-engine.ts";
import { viewMetaOf } from "./view-meta.ts";

/** What a join needs: the verified token's claims, the view class of its route, and the page URL. */
export interface JoinTarget extends ViewOrigin {
  /** The page URL the client reports. */
  url: URL;
}

/** A joined (or joining) view on one channel of a connection. */
export class ViewChannel implements Channel, DispatchHost, ChangeListener, TakeOver, Hibernating {
  readonly kind = "view";
  readonly ch: number;
  readonly deps: EngineDeps;
  readonly #host: ChannelHost;
  readonly #engine: ViewEngine;
  #queue: Promise<void>;
  #version = 0;
  #closed = false;
  /** When a frame was last processed or sent (`Date.now()`, ms), for hibernation. */
  lastActiveAt = Date.now();
  /** The close in progress (closing twice waits for the first). */
  #closing: Promise<void> | undefined;
  /** Inside a handler or a commit: changes will be sent by it, no separate update needed. */
  #busy = false;
  #updateQueued = false;
  #dispatch: Dispatcher | undefined;

  /**
   * Starts joining: the engine restores (or mounts) the view, then the channel sends the full tree. Frames that
   * arrive meanwhile queue behind it.
   * @param host - the connection: sends frames, holds the `@rateLimit` buckets (per connection and handler).
   */
  constructor(ch: number, target: JoinTarget, deps: EngineDeps, host: ChannelHost) {
    this.ch = ch;
    this.deps = deps;
    this.#host = host;
    const { url, ...origin } = target;
    this.#engine = new ViewEngine(origin, deps, this);
    this.#queue = this.#join(url);
  }

  /** The view instance once joined (for tests and tooling). */
  get view(): LiveView | undefined {
    return this.#engine.view;
  }

  /** The last rendered tree (the container's children), rebuilt when the view hibernates. */
  get tree(): readonly VNode[] {
    if (this.#engine.hibernating && !this.#busy) this.#wake();
    return this.#engine.tree;
  }

  /** Whether the view hibernates: idle, its tree given back until its next frame. */
  get hibernating(): boolean {
    return this.#engine.hibernating;
  }

  /** The version of the last frame that changed the DOM. */
  get version(): number {
    return this.#version;
  }

  /** Whether the view was closed (socket gone, channel left). */
  get closed(): boolean {
    return this.#closed;
  }

  /** The view's runtime context. Not for applications. */
  get context(): ViewContext {
    return this.#engine.context;
  }

  /** Handles a frame addressed to this channel (see {@link Channel.receive}). */
  receive(frame: ChannelFrame): void {
    switch (frame[0]) {
      case "e":
        return this.event(frame[2], frame[3], frame[4], frame[5]);
      case "s":
        return this.resync(frame[2]);
      case "p": {
        const url = parseUrl(frame[3]);
        if (!url) return this.error(frame[2], "bad_frame", "params frame url is not a valid URL");
        return this.params(frame[2], url);
      }
      default:
        // Patches, task starts and cancels belong to synced objects.
        return this.error(frame[2], "bad_frame", `a view channel takes no "${frame[0]}" frames`);
    }
  }

  /** Queues an event (for the view, or for the component `target`). */
  event(ref: number, name: string, params: EventParams, target?: string): void {
    this.enqueue(() => (this.#dispatch ??= new Dispatcher(this)).event(ref, name, params, target));
  }

  /** Queues a URL change (hash route, back button). */
  params(ref: number, url: URL): void {
    this.enqueue(() => this.#params(ref, url));
  }

  /** Queues a full-tree resend (the client lost track). */
  resync(ref: number): void {
    this.enqueue(async () => {
      if (this.view) this.#sendTree();
      else this.error(ref, "not_joined", "the view is not joined");
    });
  }

  /** Queues a re-render that no client frame asked for. */
  update(): void {
    this.enqueue(() => this.#commit(undefined, true));
  }

  /**
   * Ends the view: no more frames are processed, waiters are cancelled, background tasks aborted, controllers
   * told, and its state is written once more so that a reconnect (or another process) finds it. Resolves when
   * that write is done.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closed = true;
    const ctx = this.context;
    ctx.waiters?.cancelAll("view disconnected");
    this.#dispatch?.close();
    if (ctx.tasks) for (const t of ctx.tasks) t.abort(new CancelledError("view disconnected"));
    this.#engine.disconnect();
    return (this.#closing = this.#queue.then(async () => {
      await this.#engine.store("leave");
      this.#engine.release();
      this.deps.views.release(this.#engine.origin.viewId, this);
      this.deps.idle?.delete(this);
    }));
  }

  /** A newer join of this view id takes over (see src/session/joined-views.ts). Not for applications. */
  takeOver(): Promise<void> {
    if (!this.#closed) this.error(0, "taken_over", "this view was joined again (on another socket), which took it over");
    return this.close();
  }

  /** Resolves when every queued frame has been processed. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Runs `task` after everything queued before it. Not for applications. */
  enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(() => (this.#closed ? undefined : this.#active(task))).catch((err) => {
      this.deps.log(`view channel ${this.ch}: unexpected engine error`, err);
    });
  }

  /** Idle for a while: gives back the tree, between frames (see src/session/hibernation.ts). Not for applications. */
  hibernate(): void {
    // (A running background task flushes its changes every 50 ms, which counts as activity: it never gets here.)
    if (this.#closed || this.#busy || this.#engine.hibernating) return;
    this.#queue = this.#queue.then(() => {
      if (!this.#closed && !this.#busy) this.#engine.hibernate();
    });
  }

  /** Runs a queued task, waking the view first; both ends count as activity. */
  async #active(task: () => Promise<void>): Promise<void> {
    this.lastActiveAt = Date.now();
    if (this.#engine.hibernating) this.#wake();
    await task();
    this.lastActiveAt = Date.now();
  }

  /** Wakes the view; when its tree no longer renders as the browser shows it, the browser gets the whole tree. */
  #wake(): void {
    if (!this.#engine.wake()) this.#sendTree();
  }

  /** Reports an engine or background failure. Not for applications. */
  log(message: string, err?: unknown): void {
    this.deps.log(message, err);
  }

  /** Reports events no handler takes (`eventSecurity`), from the engine. Not for applications. */
  get unknownEvents(): UnknownEvents | undefined {
    return this.deps.unknownEvents;
  }

  /** Takes a `@rateLimit` token from the connection. Not for applications. */
  take(key: string, rate: number, burst: number): boolean {
    return this.#host.take(key, rate, burst);
  }

  /** Runs a handler body with the engine's bookkeeping: busy flag, rollback on throw. Not for applications. */
  async guarded(ref: number, what: string, body: () => unknown): Promise<boolean> {
    const view = this.view!;
    this.#busy = true;
    try {
      await body();
      return true;
    } catch (err) {
      this.#engine.rollback();
      this.deps.log(`${view.constructor.name}.${what} threw; state rolled back`, err);
      this.error(ref, "handler_error", this.#message(err, `${what} failed`));
      return false;
    } finally {
      this.#busy = false;
    }
  }

  /**
   * After a change: render, diff, answer `ref` (or send an update frame when something changed), store. Rolls
   * back on any failure. Not for applications.
   * @param target - the component whose own event ran, if any: when nothing else changed, only it renders.
   */
  commit(ref: number | undefined, target?: string): Promise<void> {
    return this.#commit(ref, false, target);
  }

  /** Answers a call that will not run (superseded by debounce/throttle) with an empty reply. */
  emptyReply(ref: number): void {
    this.#host.send(["r", this.ch, ref, ++this.#version, []]);
  }

  /** Sends an error frame. */
  error(ref: number, code: ErrorCode, message: string): void {
    this.#host.send(["x", this.ch, ref, code, message]);
  }

  /** Puts the view and the session back to the last committed change; drops queued pushes. Not for applications. */
  rollback(): void {
    this.#engine.rollback();
  }

  /**
   * Runs `task` in the queue as a change of the view (a PubSub message for `handleInfo`): a throw rolls back and
   * sends a `handler_error` frame (ref 0); otherwise what changed goes out in an update frame. Not for applications.
   */
  run(what: string, task: () => unknown): void {
    if (this.#closed) return;
    this.enqueue(async () => {
      if (!this.view || this.#closed) return;
      if (await this.guarded(0, what, task)) await this.commit(undefined);
    });
  }

  /** A `@state` field or a push changed outside a handler: one update frame per microtask. Not for applications. */
  requestUpdate(): void {
    if (this.#busy || this.#updateQueued || !this.view || this.#closed) return;
    this.#updateQueued = true;
    queueMicrotask(() => {
      this.#updateQueued = false;
      this.update();
    });
  }

  /**
   * @param ref - the client frame answered, or `undefined` for an update frame (sent only when something changed).
   * @param force - render even when the serialized state did not change (explicit `update()`).
   */
  async #commit(ref: number | undefined, force: boolean, target?: string): Promise<void> {
    const view = this.view;
    if (!view) return;
    let out;
    this.#busy = true;
    try {
      out = await this.#engine.change(ref === undefined && !force, target);
    } catch (err) {
      this.#engine.rollback();
      this.deps.log(`${view.constructor.name}: change refused`, err);
      return this.error(ref ?? 0, "handler_error", this.#message(err, "render failed"));
    } finally {
      this.#busy = false;
    }
    if (!out) return;
    const { patches, pushes } = out;
    if (ref === undefined && patches.length === 0 && pushes.length === 0) return;
    // Stored before the browser hears of it: a process killed right after the reply loses nothing the browser saw
    // (a local backend is written when the view leaves, so this costs it nothing).
    await this.#engine.store("change");
    const v = ++this.#version;
    const ch = this.ch;
    if (ref === undefined) this.#host.send(pushes.length ? ["u", ch, v, patches, pushes] : ["u", ch, v, patches]);
    else this.#host.send(pushes.length ? ["r", ch, ref, v, patches, pushes] : ["r", ch, ref, v, patches]);
  }

  async #join(url: URL): Promise<void> {
    const cls = this.#engine.origin.viewClass;
    this.#busy = true;
    try {
      await this.deps.views.claim(this.#engine.origin.viewId, this);
      if (!(await this.#engine.join(url, () => !this.#closed))) return;
      this.#sendTree();
      this.deps.idle?.add(this);
      // Re-store even when unchanged: the page's short TTL becomes the joined view's stateTtlMs.
      await this.#engine.store("join");
    } catch (err) {
      this.deps.log(`join of ${cls.name} failed`, err);
      this.error(0, "join_failed", this.#message(err, `${cls.name} could not be joined`));
    } finally {
      this.#busy = false;
    }
  }

  #sendTree(): void {
    const meta = viewMetaOf(this.#engine.origin.viewClass);
    const children = this.#engine.wireTree();
    this.#host.send(meta ? ["t", this.ch, this.#version, children, meta] : ["t", this.ch, this.#version, children]);
  }

  async #params(ref: number, url: URL): Promise<void> {
    if (!this.view) return this.error(ref, "not_joined", "the view is not joined");
    const ok = await this.guarded(ref, "handleParams", () => this.#engine.handleParams(url));
    if (ok) await this.commit(ref);
  }

  #message(err: unknown, fallback: string): string {
    if (err instanceof StateError) return err.message;
    return this.deps.debug && err instanceof Error ? `${fallback}: ${err.message}` : fallback;
  }
}

/** Parses a URL the browser reported, resolved against a stand-in origin (`rein.invalid`); `undefined` when it is not one. */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw, "http://rein.invalid");
  } catch {
    return undefined;
  }
}
