import type { WireChild, WireNode, WireRun } from "./tree.ts";

/**
 * A path from a view's container element to a node: the child index at each level, counted in the server's
 * tree (never in the browser's `childNodes`, which may hold extra nodes such as an implicit `<tbody>` or nodes
 * injected by extensions). `[]` is the container itself.
 */
export type Path = number[];

/**
 * Opcodes of {@link PatchOp}. Numbers, not names, to keep frames small. An `enum`, so that the client bundle
 * inlines each member as its number (esbuild inlines enum members across modules; it keeps objects as objects).
 */
export enum OP {
  /** Replace the node at `path` with a new subtree. */
  replace = 0,
  /** Set the text of the text node at `path`. */
  text = 1,
  /** Set attribute `name` of the element at `path` to `value`. */
  setAttr = 2,
  /** Remove attribute `name` of the element at `path`. */
  removeAttr = 3,
  /**
   * Insert a new subtree as child number `index` of the element at `path`; or, for a {@link WireRun}, its
   * siblings as children number `index`, `index + 1`, ...
   */
  insert = 4,
  /** Remove child number `index` of the element at `path`. */
  remove = 5,
  /** Move child number `from` of the element at `path` so that it becomes child number `to`. */
  move = 6,
  /**
   * Deep-copy child number `from` of the element at `path` (its managed nodes only), insert the copy as child
   * number `index`, then apply `ops` to the copy, with paths relative to it (`[]` is the copy itself). The diff uses
   * it for runs of similar new siblings (table rows): the first travels whole, each next one as its differences.
   */
  clone = 7,
  /**
   * Apply `ops` to the subtree at `path`, their paths relative to it (`[]` is that node; none replaces it). The
   * diff groups ops that share a long path prefix this way: the 100 changed rows of a table say the table's
   * path once.
   */
  within = 8,
  /** Append `text` to the text node at `path` (a label that grows, a streamed message, a log line). */
  appendText = 9,
  /**
   * What a stream did to the `rein-update="stream"` container at `path` (Phoenix LiveView's streams): when `reset`
   * is 1 its children are removed first; then the children with the DOM ids `deletes`; then `nodes` are inserted,
   * each replacing (morphed in place) the child that has its `id`, or else placed at index `at` among the
   * container's element children (`-1`: at the end; `0`: first). `limit` (0: none) then trims the container to
   * that many element children, from the start when negative (keep the last), from the end when positive. The
   * browser owns the items: the server's tree has no children there, so no path ever points inside.
   */
  stream = 10,
}

/**
 * One DOM patch operation, as produced by the server's diff and applied in order by the client.
 *
 * Indices and paths refer to the tree as it is when the operation is applied, i.e. after every earlier
 * operation of the same list has been applied. The index of a `move` is the target position after the
 * moved node has been taken out of its old position.
 */
export type PatchOp =
  | [op: typeof OP.replace, path: Path, node: WireNode]
  | [op: typeof OP.text, path: Path, text: string]
  | [op: typeof OP.setAttr, path: Path, name: string, value: string]
  | [op: typeof OP.removeAttr, path: Path, name: string]
  | [op: typeof OP.insert, path: Path, index: number, node: WireNode | WireRun]
  | [op: typeof OP.remove, path: Path, index: number]
  | [op: typeof OP.move, path: Path, from: number, to: number]
  | [op: typeof OP.clone, path: Path, index: number, from: number, ops: PatchOp[]]
  | [op: typeof OP.within, path: Path, ops: PatchOp[]]
  | [op: typeof OP.appendText, path: Path, text: string]
  | [op: typeof OP.stream, path: Path, reset: 0 | 1, deletes: string[], at: number, limit: number, nodes: WireChild[]];
