/**
 * VNodes to the wire form the browser client receives (see `WireNode` in src/protocol/tree.ts).
 * @module
 */
import type { WireAttrs, WireNode } from "../protocol/tree.ts";
import type { VNode } from "./vnode.ts";

/**
 * Converts a VNode subtree to its wire form: text as a string, an element as `[tag, attrs | 0, ...children]`.
 * `attrs` is `0` when the element has no attributes. Keys are dropped (the diff turns them into index ops); a
 * `rein-key` attribute is an ordinary attribute and travels.
 *
 * The attribute object of the VNode is shared, not copied: wire trees are serialized right away and must not
 * be mutated.
 *
 * @param node - the root of the subtree.
 * @returns a fresh array tree (strings are shared). Never throws.
 */
export function toWire(node: VNode): WireNode {
  if (node.type === 3) return node.text;
  const out: [string, WireAttrs | 0, ...WireNode[]] = [node.tag, hasAny(node.attrs) ? node.attrs : 0];
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) out.push(toWire(kids[i]!));
  return out;
}

/** Converts a list of siblings, e.g. a view's children for a tree frame. */
export function toWireList(nodes: VNode[]): WireNode[] {
  const out: WireNode[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) out[i] = toWire(nodes[i]!);
  return out;
}

function hasAny(attrs: Record<string, string>): boolean {
  for (const _ in attrs) return true;
  return false;
}
