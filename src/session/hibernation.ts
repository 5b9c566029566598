/**
 * Hibernation: a joined view that has been idle for a while gives back its kept tree (the old side of the next
 * diff, most of a view's memory) and its rollback point, keeping only its live state and a fingerprint of what its
 * browser shows. The next frame wakes it: the tree is rendered again from the same state, and when its
 * fingerprint differs (a render that reads the clock, a change made meanwhile by a timer) the browser gets the
 * whole tree before the reply, so patches never apply to a DOM they were not computed for.
 *
 * Phoenix LiveView hibernates idle channel processes the same way after 15 s (`:hibernate_after`); most sessions
 * of a real site are idle most of the time.
 * @module
 */
import { createHash } from "node:crypto";
import type { VNode } from "../vdom/vnode.ts";
import { toWireList } from "../vdom/wire.ts";

/** A view that can hibernate. */
export interface Hibernating {
  /** When it last processed a frame or sent one (`Date.now()`, ms). */
  readonly lastActiveAt: number;
  /** Gives back what it can rebuild; a no-op when it is busy or closed. */
  hibernate(): void;
}

/**
 * The joined views of one engine, swept for idle ones every `afterMs / 2`: a view hibernates between `afterMs`
 * and `1.5 * afterMs` after its last activity. One timer per engine (none while no view is joined), unref'd.
 */
export class IdleViews {
  readonly afterMs: number;
  readonly #views = new Set<Hibernating>();
  #timer: NodeJS.Timeout | undefined;

  /** @param afterMs - idle time before a view hibernates, in ms (at least 1). */
  constructor(afterMs: number) {
    this.afterMs = afterMs;
  }

  /** Number of views watched. */
  get size(): number {
    return this.#views.size;
  }

  /** Watches a joined view. */
  add(view: Hibernating): void {
    this.#views.add(view);
    if (!this.#timer) {
      this.#timer = setInterval(() => this.sweep(Date.now()), Math.max(1, Math.floor(this.afterMs / 2)));
      this.#timer.unref();
    }
  }

  /** Stops watching a view (it left). */
  delete(view: Hibernating): void {
    this.#views.delete(view);
    if (this.#views.size === 0) this.close();
  }

  /** Hibernates every view idle since `now - afterMs` or longer. */
  sweep(now: number): void {
    const before = now - this.afterMs;
    for (const v of this.#views) if (v.lastActiveAt <= before) v.hibernate();
  }

  /** Stops the timer (the engine closes). */
  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** A fingerprint of the DOM a tree renders to (keys are not part of it: they never reach the DOM). */
export function fingerprint(tree: readonly VNode[]): string {
  return createHash("sha1").update(JSON.stringify(toWireList(tree as VNode[]))).digest("base64");
}
