/**
 * The handler facts a browser needs before it sends an event (today: `@optimistic` chains), sent with a view's
 * tree frame. Computed once per view class.
 * @module
 */
import { listHandlers } from "../live/event.ts";
import type { LiveViewClass } from "../live/liveview.ts";
import type { ViewMeta } from "../protocol/frames.ts";

const metas = new WeakMap<LiveViewClass, ViewMeta | null>();

/** The {@link ViewMeta} of a view class, or `undefined` when the browser needs none. */
export function viewMetaOf(cls: LiveViewClass): ViewMeta | undefined {
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
