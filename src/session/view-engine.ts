/**
 * The view engine of one connected LiveView: restores (or mounts) the view, keeps the rollback point, renders,
 * diffs against the last tree, and stores the state. It knows nothing of frames, refs or versions: the view
 * channel (`view-channel.ts`) speaks the protocol and calls it.
 * @module
 */
import { notifyControllers } from "../live/controller.ts";
import type { LiveView, LiveViewClass, Params, Session, ViewContext } from "../live/liveview.ts";
import { ComponentRegistry } from "../live/component-registry.ts";
import { renderComponentAlone, renderView } from "../live/render.ts";
import { ATTR } from "../protocol/attributes.ts";
import { MemoCache, renderingWith } from "../template/memo.ts";
import type { PatchOp } from "../protocol/patch.ts";
import type { Push } from "../protocol/frames.ts";
import type { WireChild } from "../protocol/tree.ts";
import { diff, diffAt } from "../vdom/diff.ts";
import { findByAttribute, type Place } from "../vdom/find.ts";
import { packChildren, TemplateTable } from "../vdom/pack.ts";
import { NO_CHILDREN, type VNode } from "../vdom/vnode.ts";
import { fingerprint } from "./hibernation.ts";
import { serialize } from "../state/serialize.ts";
import { readSnapshot, sameSnapshot, type Snapshot } from "../state/snapshot.ts";
import { buildView, type EngineDeps, paramsOf, rollbackView, snapshotView, viewKey } from "./lifecycle.ts";
import type { SharedSession } from "./sessions.ts";

/** Where a view comes from: the verified join token's claims and the view class of its route. */
export interface ViewOrigin {
  viewClass: LiveViewClass;
  /** Route parameters of the token's path. */
  routeParams: Params;
  /** View id (state key). */
  viewId: string;
  /** Browser session id. */
  sessionId: string;
}

/** What a view asks of its owner when it changed outside a handler (a `@state` setter, a push, `update()`). */
export interface ChangeListener {
  requestUpdate(): void;
  /** Runs `task` in the view's queue as a change (see `ViewContext.run`). */
  run(what: string, task: () => unknown): void;
  /** Renders the view again and sends what changed (the browser session changed elsewhere). */
  update(): void;
}

/** What a change produced: the patches for the browser and the pushes of the same round trip. */
export interface Rendered {
  patches: PatchOp[];
  pushes: Push[];
}

/**
 * Why the state is being written: after a committed change, at the join (the page's short TTL becomes the
 * view's), or when the view leaves. A local backend (see `StateBackend.local`) is written only when it leaves.
 */
export type StoreReason = "change" | "join" | "leave";

/** The view's runtime context; a class, so that a view costs no per-instance closures. */
class LiveContext implements ViewContext {
  session: Session = {};
  connected = true;
  renderEpoch = 0;
  pushes: Push[] = [];
  waiters?: ViewContext["waiters"];
  tasks?: ViewContext["tasks"];
  targets?: ViewContext["targets"];
  readonly pubsub: ViewContext["pubsub"];
  readonly presence: ViewContext["presence"];
  readonly #owner: ChangeListener;
  readonly log: EngineDeps["log"];

  constructor(owner: ChangeListener, deps: EngineDeps) {
    this.#owner = owner;
    this.log = deps.log;
    this.pubsub = deps.pubsub;
    this.presence = deps.presence;
  }

  changed(): void {
    this.#owner.requestUpdate();
  }

  run(what: string, task: () => unknown): void {
    this.#owner.run(what, task);
  }
}

/** One view's state, tree and storage. */
export class ViewEngine {
  readonly origin: ViewOrigin;
  readonly deps: EngineDeps;
  readonly context: ViewContext;
  #view: LiveView | undefined;
  /** The browser session shared with the browser's other tabs; set once joined. */
  #shared: SharedSession | undefined;
  /**
   * The state as of the last committed change: the rollback point. In the backend's format (and stored as it
   * is) unless the backend is local, where V8's faster in-process form serves (see src/state/snapshot.ts).
   */
  #snapshot: Snapshot = "";
  /** The snapshot last written to the backend. */
  #stored: Snapshot = "";
  /** Whether snapshots are taken in the backend's format (not for a local backend). */
  readonly #portable: boolean;
  #tree: VNode[] = [];
  #epoch = 0;
  /** What this view's memoized components returned (template/memo.ts); dropped with the tree when hibernating. */
  #memo = new MemoCache();
  /** Set while hibernating: the fingerprint of the tree the browser shows (the tree itself was given back). */
  #hibernated: string | undefined;
  /** The templates of runs this view's client has (statics once); a tree frame starts a fresh table. */
  #templates: TemplateTable | undefined;

  /** Told when the browser session changed in another tab or process: the view renders again. */
  readonly #sessionChanged: () => void;

  constructor(origin: ViewOrigin, deps: EngineDeps, owner: ChangeListener) {
    this.#sessionChanged = () => owner.update();
    this.origin = origin;
    this.deps = deps;
    this.context = new LiveContext(owner, deps);
    this.#portable = !deps.backend.local;
  }

  /** The view instance once joined. */
  get view(): LiveView | undefined {
    return this.#view;
  }

  /** The last rendered tree (the container's children); empty while hibernating. */
  get tree(): readonly VNode[] {
    return this.#tree;
  }

  /** Whether the view hibernates (see {@link hibernate}). */
  get hibernating(): boolean {
    return this.#hibernated !== undefined;
  }

  /**
   * Gives back the kept tree and, with a local backend, the rollback point; keeps the live view and a fingerprint
   * of the tree. Call only between frames (from the channel's queue).
   */
  hibernate(): void {
    if (!this.#view || this.#hibernated !== undefined) return;
    this.#hibernated = fingerprint(this.#tree);
    this.#tree = NO_CHILDREN;
    this.#memo = new MemoCache();
    // A portable snapshot is the stored value too (kept to tell whether the next change needs a write).
    if (!this.#portable) this.#snapshot = "";
  }

  /**
   * Rebuilds what {@link hibernate} gave back, from the live view: the tree and the rollback point.
   * @returns `true` when the tree renders as the browser shows it; `false` when it does not (its render reads
   *   something that changed, the state changed meanwhile, or the render now fails: the tree is then empty), so
   *   the browser needs the whole tree. Never throws; failures are logged.
   */
  wake(): boolean {
    const view = this.#view;
    const shown = this.#hibernated;
    if (!view || shown === undefined) return true;
    this.#hibernated = undefined;
    let tree: VNode[];
    try {
      tree = this.#render(view);
    } catch (err) {
      this.deps.log(`${view.constructor.name}: render failed while waking from hibernation`, err);
      tree = NO_CHILDREN;
    }
    this.#tree = tree;
    if (this.#snapshot === "") {
      try {
        this.#snapshot = snapshotView(view, this.#portable);
      } catch (err) {
        this.deps.log(`${view.constructor.name}: state changed while hibernating cannot be kept`, err);
      }
    }
    return tree !== NO_CHILDREN && fingerprint(tree) === shown;
  }

  /**
   * Restores the view's state from the backend, or mounts it when there is none (expired, lost with a restarted
   * memory backend), then renders its first tree and tells its controllers it is connected.
   * @param stillWanted - checked after the browser session loaded: `false` (the channel closed meanwhile) stops.
   * @returns whether the view was joined.
   * @throws whatever `mount`, `handleParams` or the render throw, or an Error when the stored state is corrupt.
   */
  async join(url: URL, stillWanted: () => boolean): Promise<boolean> {
    const o = this.origin;
    this.#shared = await this.deps.sessions.acquire(o.sessionId, this.#sessionChanged);
    if (!stillWanted()) return false; // left while the session loaded: release() gives it back
    const ctx = this.context;
    ctx.session = this.#shared.data;
    const state = await this.deps.backend.get(viewKey(o.viewId));
    const view = await buildView(o.viewClass, paramsOf(o.routeParams, url), url, ctx, state);
    this.#tree = this.#render(view);
    // After the render: it creates (or restores) the view's stateful components, whose state is part of the view's.
    this.#snapshot = snapshotView(view, this.#portable);
    this.#stored = this.#portable ? (state ?? "") : "";
    ctx.pushes = [];
    this.#view = view;
    notifyControllers(view, "hostConnected", this.deps.log);
    return true;
  }

  /** Calls the view's `handleParams` for a new page URL (hash route, back button). */
  handleParams(url: URL): unknown {
    return this.#view?.handleParams?.(paramsOf(this.origin.routeParams, url), url);
  }

  /**
   * Takes the view's state after a change and renders it: checks the state is storable (the new rollback point),
   * saves the browser session, renders, diffs against the last tree.
   * First the messages stateful components sent their parents are delivered (`handleInfo`). After an event of a
   * component (`target`) that sent the view nothing, only the components that changed render, and their ops are
   * the patches: the view's render does not run.
   * @param optional - an update nobody asked for: `undefined` when the state is unchanged and nothing was pushed.
   * @param target - the component whose own event ran, if any.
   * @returns the patches and pushes (possibly empty), or `undefined` (see `optional`).
   * @throws StateError naming an unsupported field, or whatever `handleInfo` or the render throw; the caller rolls
   *   back.
   */
  async change(optional: boolean, target?: string): Promise<Rendered | undefined> {
    const view = this.#view;
    if (!view) return undefined;
    const ctx = this.context;
    const before = this.#snapshot;
    const components = ComponentRegistry.of(view);
    let tree: VNode[] | undefined;
    let patches: PatchOp[] | undefined;
    try {
      let alone = false;
      if (components) {
        const viewTold = await components.deliver();
        if (target !== undefined && components.has(target)) {
          components.markDirty(target);
          alone = !viewTold;
        }
      }
      this.#snapshot = snapshotView(view, this.#portable, optional);
      if (optional && ctx.pushes.length === 0 && sameSnapshot(before, this.#snapshot)) return undefined;
      await this.deps.sessions.save(this.#shared!, this.#sessionChanged);
      if (alone) patches = this.#renderComponents(view, components!);
      if (!patches) {
        tree = this.#render(view);
        // Components mounted or updated by that render changed after the snapshot: take it again.
        if (ComponentRegistry.of(view)?.takeRenderChanges()) this.#snapshot = snapshotView(view, this.#portable);
      }
    } catch (err) {
      // The rollback point stays the last state that rendered.
      this.#snapshot = before;
      throw err;
    }
    if (patches) {
      const pushes = ctx.pushes;
      ctx.pushes = [];
      return { patches, pushes };
    }
    tree = tree!;
    patches = diff(this.#tree, tree, (this.#templates ??= new TemplateTable()));
    this.#tree = tree;
    notifyControllers(view, "hostUpdated", this.deps.log);
    const pushes = ctx.pushes;
    ctx.pushes = [];
    return { patches, pushes };
  }

  /**
   * Puts the view back as it was after its last committed change, and the session as it was last committed (by
   * any tab); drops queued pushes.
   */
  rollback(): void {
    if (this.#view && this.#snapshot) rollbackView(this.#view, this.#snapshot);
    if (this.#view) notifyControllers(this.#view, "hostRolledBack", this.deps.log);
    if (this.#shared) this.deps.sessions.rollback(this.#shared);
    this.context.pushes = [];
  }

  /**
   * The last tree in its wire form, for a tree frame: runs of similar siblings packed. The client starts a fresh
   * template table with every tree frame, and so does this view.
   */
  wireTree(): WireChild[] {
    const table = (this.#templates ??= new TemplateTable());
    table.reset();
    const children = packChildren(this.#tree, table);
    if (this.#view) notifyControllers(this.#view, "hostUpdated", this.deps.log);
    return children;
  }

  /**
   * Writes the last committed state to the backend: after a change when it differs from the last write, always
   * at the join and when leaving (which renews its TTL). A local backend is written only when the view leaves.
   * The view channel writes a change before it sends the reply: what a browser was shown is stored, so the loss of
   * the process (SIGKILL) loses nothing it saw. A failing backend is logged; the state stays in memory for the next
   * try (the Redis backend keeps it in the process and flushes it when Redis is back).
   */
  async store(reason: StoreReason): Promise<void> {
    const view = this.#view;
    if (!view) return;
    if (reason !== "leave" && this.deps.backend.local) {
      // The page's copy, kept for this join: the live view holds the state now, and writes it when it leaves.
      if (reason === "join") await this.#forget();
      return;
    }
    if (reason === "change" && this.#snapshot === this.#stored) return;
    await this.#write(view);
  }

  /** Writes the last committed state to the backend; a failure is logged (the next write tries again). */
  async #write(view: LiveView): Promise<void> {
    const snapshot = this.#snapshot;
    try {
      const value = typeof snapshot === "string" ? snapshot : serialize(readSnapshot(snapshot), view.constructor.name);
      await this.deps.backend.set(viewKey(this.origin.viewId), value, this.deps.stateTtlMs);
      this.#stored = snapshot;
    } catch (err) {
      this.deps.log(`state of ${view.constructor.name} could not be stored`, err);
    }
  }

  async #forget(): Promise<void> {
    try {
      await this.deps.backend.delete(viewKey(this.origin.viewId));
    } catch (err) {
      this.deps.log(`the page state of ${this.origin.viewClass.name} could not be deleted`, err);
    }
  }

  /** The view left: its controllers hear of it (before the final store). */
  disconnect(): void {
    if (this.#view) notifyControllers(this.#view, "hostDisconnected", this.deps.log);
  }

  /** Gives the browser session back to the registry (after the final store). */
  release(): void {
    if (this.#shared) this.deps.sessions.release(this.#shared, this.#sessionChanged);
    this.#shared = undefined;
  }

  /**
   * Renders the changed components alone and diffs each at its place in the kept tree, which takes their new
   * roots in place (the one write to a kept tree: memoized ancestors share those arrays, so they stay true).
   * @returns the ops, or `undefined` when one of them is not in the tree (the whole view must render).
   * @throws whatever a component's render throws (the tree is then untouched).
   */
  #renderComponents(view: LiveView, components: ComponentRegistry): PatchOp[] | undefined {
    const places: Place[] = [];
    const ids = components.dirtyIds();
    for (const id of ids) {
      const place = findByAttribute(this.#tree, ATTR.component, id);
      if (!place) return undefined;
      places.push(place);
    }
    const ctx = this.context;
    ctx.renderEpoch = ++this.#epoch;
    const rendered: Array<VNode | undefined> = [];
    try {
      renderingWith(this.#memo, () => ids.forEach((id) => rendered.push(renderComponentAlone(view, id, this.deps.templates))), true);
    } finally {
      ctx.renderEpoch = 0;
    }
    const table = (this.#templates ??= new TemplateTable());
    const ops: PatchOp[] = [];
    places.forEach((place, i) => {
      const node = rendered[i];
      if (!node) return; // it rendered inside an outer component of the list
      ops.push(...diffAt(place.node, node, place.path, table));
      place.siblings[place.index] = node;
    });
    return ops;
  }

  #render(view: LiveView): VNode[] {
    const ctx = this.context;
    ctx.renderEpoch = ++this.#epoch;
    try {
      return renderingWith(this.#memo, () => renderView(view, this.deps.templates));
    } finally {
      ctx.renderEpoch = 0;
    }
  }
}
