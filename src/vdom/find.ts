/**
 * Finding an element in a kept tree by an attribute value: where a stateful component's root sits, so that it can
 * be diffed and replaced alone.
 * @module
 */
import type { VElement, VNode } from "./vnode.ts";

/** Where an element sits: its siblings array (in the tree), its index there, and its path from the container. */
export interface Place {
  readonly node: VElement;
  readonly siblings: VNode[];
  readonly index: number;
  readonly path: number[];
}

/**
 * The first element (depth first, document order) of `children` whose attribute `name` is `value`.
 * @returns its place, or `undefined` when there is none.
 */
export function findByAttribute(children: VNode[], name: string, value: string, path: number[] = []): Place | undefined {
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 1) continue;
    path.push(i);
    if (node.attrs[name] === value) return { node, siblings: children, index: i, path: path.slice() };
    const inner = findByAttribute(node.children, name, value, path);
    if (inner) return inner;
    path.pop();
  }
  return undefined;
}
