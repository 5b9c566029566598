/**
 * The test client's copy of what a browser keeps in `rein-update="stream"` containers (see `live/stream.ts`): the
 * server forgets stream items once sent, so the test client applies the frames' stream ops as the browser does,
 * and `ViewClient.html()` shows the items a user would see.
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { OP, type PatchOp, type Path } from "../protocol/patch.ts";
import type { TemplateElement, WireChild, WireNode } from "../protocol/tree.ts";
import { unpack } from "../vdom/pack.ts";
import { element, text, type VElement, type VNode } from "../vdom/vnode.ts";

/** One item a container shows: its DOM id (a generated one when it has none) and its last rendering. */
interface Item {
  id: string;
  node: WireNode;
}
/** The items of one container in page order, and by DOM id. */
interface Items {
  list: Item[];
  byId: Map<string, Item>;
}

export class StreamMirror {
  /** Items by container (its `id` attribute, else its path). */
  readonly #items = new Map<string, Items>();
  #templates = new Map<number, TemplateElement>();
  #anonymous = 0;

  /** A tree frame: the template table starts afresh; the containers' children merge into what is kept. */
  tree(children: WireChild[]): void {
    this.#templates = new Map();
    const visit = (nodes: readonly WireNode[], path: Path): void =>
      nodes.forEach((n, i) => {
        if (typeof n === "string") return;
        const p = [...path, i];
        const attrs = n[1] || {};
        const kids = n.slice(2) as WireNode[];
        if (attrs[ATTR.update] === "stream") this.#insert(attrs["id"] ?? p.join("."), -1, 0, kids);
        else visit(kids, p);
      });
    visit(unpack(children, this.#templates), []);
  }

  /** The ops of a reply or update frame, `tree` being the server's tree after them. */
  patches(ops: PatchOp[], tree: readonly VNode[], base: Path = []): void {
    for (const op of ops) {
      const path = [...base, ...op[1]];
      switch (op[0]) {
        case OP.within:
          this.patches(op[2], tree, path);
          break;
        case OP.clone:
          this.patches(op[4], tree, [...path, op[2]]);
          break;
        case OP.replace:
          unpack([op[2]], this.#templates);
          break;
        case OP.insert:
          unpack([op[3]], this.#templates);
          break;
        case OP.stream: {
          const container = at(tree, path);
          if (!container) break;
          const key = this.#key(container, path);
          if (op[2]) this.#items.delete(key);
          const items = this.#items.get(key);
          if (items && op[3].length > 0) {
            for (const id of op[3]) items.byId.delete(id);
            items.list = items.list.filter((item) => items.byId.get(item.id) === item);
          }
          this.#insert(key, op[4], op[5], unpack(op[6], this.#templates));
          break;
        }
      }
    }
  }

  /** `tree` with every stream container's kept items as its children. */
  render(tree: readonly VNode[], path: Path = []): VNode[] {
    return tree.map((n, i) => {
      if (n.type !== 1) return n;
      const p = [...path, i];
      if (n.update === "stream") return { ...n, children: (this.#items.get(this.#key(n, p))?.list ?? []).map((item) => toVNode(item.node)) };
      return n.children.length ? { ...n, children: this.render(n.children, p) } : n;
    });
  }

  #key(container: VElement, path: Path): string {
    return container.attrs["id"] ?? path.join(".");
  }

  #insert(key: string, atIndex: number, limit: number, nodes: WireNode[]): void {
    let items = this.#items.get(key);
    if (!items) this.#items.set(key, (items = { list: [], byId: new Map() }));
    const { list, byId } = items;
    for (const node of nodes) {
      const id = (typeof node !== "string" && node[1] && node[1]["id"]) || `#${++this.#anonymous}`;
      const shown = byId.get(id);
      if (shown) {
        shown.node = node; // replaced where it is
        continue;
      }
      const item = { id, node };
      byId.set(id, item);
      if (atIndex < 0 || atIndex >= list.length) list.push(item);
      else list.splice(atIndex, 0, item);
    }
    if (limit !== 0 && list.length > Math.abs(limit)) {
      const dropped = limit < 0 ? list.splice(0, list.length + limit) : list.splice(limit);
      for (const item of dropped) byId.delete(item.id);
    }
  }
}

function at(tree: readonly VNode[], path: Path): VElement | undefined {
  let nodes = tree;
  let node: VNode | undefined;
  for (const i of path) {
    node = nodes[i];
    if (!node || node.type !== 1) return undefined;
    nodes = node.children;
  }
  return node as VElement | undefined;
}

function toVNode(node: WireNode): VNode {
  if (typeof node === "string") return text(node);
  const [tag, attrs, ...children] = node;
  return element(tag, attrs || {}, (children as WireNode[]).map(toVNode));
}
