/**
 * Attributes whose elements every view container indexes while dom.ts builds and patches its DOM, so that hooks
 * and loading states find theirs without querying the whole view on every event. An index may hold elements that
 * left the view or lost the attribute since: readers check (see {@link elementsWith}).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { EXPANDO } from "./expando.ts";

/** The indexed attributes. */
export const INDEXED_ATTRIBUTES = [ATTR.hook, ATTR.loading];

/** Elements by indexed attribute name. */
export type AttributeIndex = Record<string, Set<Element>>;

/** The index of view container `container`, made on first use (kept on the container). */
export const indexFor = (container: Element & { [EXPANDO.indexed]?: AttributeIndex }): AttributeIndex => {
  let index = container[EXPANDO.indexed];
  if (!index) {
    index = container[EXPANDO.indexed] = { __proto__: null } as unknown as AttributeIndex;
    for (const name of INDEXED_ATTRIBUTES) index[name] = new Set();
  }
  return index;
};

/**
 * The elements of view container `container` that carried attribute `name` (one of `rein-hook`, `rein-loading`)
 * when it was set by the server; entries that left the view or lost the attribute are dropped as they are met.
 */
export const elementsWith = (container: Element, name: string): Element[] => {
  const set = indexFor(container)[name]!;
  const out: Element[] = [];
  for (const el of set) el.isConnected && el.hasAttribute(name) && container.contains(el) ? out.push(el) : set.delete(el);
  return out;
};
