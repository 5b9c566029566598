/**
 * The client's side of statics once: runs of similar siblings (`WireRun` in the protocol) stand for their rows,
 * each row a template filled with its values. Templates are kept per view container; a tree frame starts a fresh
 * table, as the server does.
 * @module
 */
import type { TemplateElement, TemplateNode, TemplateRef, WireAttrs, WireChild, WireElement, WireNode, WireRun } from "../protocol/index.ts";
import { EXPANDO } from "./expando.ts";
import { outOfSync } from "./out-of-sync.ts";

/** The templates of the view being hydrated or patched (see {@link useTemplates}). */
let templates: Map<number, TemplateElement>;

/**
 * Makes the templates of view container `container` the current table; `fresh` (a tree frame) starts it afresh.
 */
export const useTemplates = (container: Element & { [EXPANDO.templates]?: typeof templates }, fresh: boolean): void => {
  templates = fresh ? (container[EXPANDO.templates] = new Map()) : (container[EXPANDO.templates] ||= new Map());
};

/** A template hole's value in `values`, or an out-of-sync error when the row lacks it. */
export const valueOf = (values: string[], hole: number): string => values[hole] ?? outOfSync("no value " + hole);

/** The wire node a template stands for with one row's `values`. */
export const fill = (shape: TemplateNode, values: string[]): WireNode => {
  if (typeof shape == "number") return valueOf(values, shape);
  if (typeof shape == "string") return shape;
  const templateAttrs = shape[1];
  let attrs: WireAttrs | 0 = 0;
  if (templateAttrs) {
    attrs = {};
    for (const name in templateAttrs) {
      const value = templateAttrs[name]!;
      attrs[name] = typeof value == "number" ? valueOf(values, value) : value;
    }
  }
  const out: WireElement = [shape[0], attrs];
  for (let i = 2; i < shape.length; i++) out.push(fill(shape[i] as TemplateNode, values));
  return out;
};

/** The shape of a run's template: defined by the run (and kept in the table) or looked up there. */
export const shapeOf = (ref: TemplateRef): TemplateElement => {
  if (typeof ref == "number") return templates.get(ref) || outOfSync("unknown template " + ref);
  templates.set(ref[0], ref[1]);
  return ref[1];
};

/** Whether a children-list item is a run (`[0, template, rows]`), not a node. */
export const isRun = (item: WireChild): item is WireRun => typeof item != "string" && typeof item[0] != "string";

/** The nodes a children list stands for, from index `from`: a run becomes its siblings; nodes stay as they are. */
export const expand = (list: WireChild[] | WireElement, from: number): WireNode[] => {
  const out: WireNode[] = [];
  for (let i = from; i < list.length; i++) {
    const item = list[i] as WireChild;
    if (!isRun(item)) out.push(item);
    else {
      const shape = shapeOf(item[1]);
      for (const values of item[2]) out.push(fill(shape, values));
    }
  }
  return out;
};

/** A wire tree with every run expanded, at every depth (for hydrate and merge, which walk wire lists by index). */
export const expandTree = (list: WireChild[] | WireElement, from: number): WireNode[] =>
  expand(list, from).map((node) => (typeof node == "string" ? node : [node[0], node[1], ...expandTree(node, 2)]));
