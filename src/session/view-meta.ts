/**
 * The handler facts a browser needs before it sends an event (`@optimistic` chains, the `@clientState` handlers
 * that receive the keys of the client state bus), sent with a view's tree frame. Computed once per view class.
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
    const s: NonNullable<ViewMeta["s"]> = {};
    for (const spec of listHandlers(cls)) {
      if (spec.optimistic) o[spec.name] = spec.optimistic;
      // The first declared handler of a key receives it.
      for (const key of spec.clientState?.keys ?? []) if (!Object.hasOwn(s, key)) s[key] = spec.name;
    }
    const meta: ViewMeta = {};
    if (Object.keys(o).length) meta.o = o;
    if (Object.keys(s).length) meta.s = s;
    m = meta.o || meta.s ? meta : null;
    metas.set(cls, m);
  }
  return m ?? undefined;
}
