/**
 * The ops of a `rein-update="stream"` container (see `live/stream.ts`): its batch of steps, in call order, as
 * `OP.stream` ops. The container's children are the batch's inserted items (nothing else is ever sent for them,
 * and nothing in them is ever addressed by path: the browser owns them).
 * @module
 */
import { OP, type Path, type PatchOp } from "../protocol/patch.ts";
import type { WireChild } from "../protocol/tree.ts";
import type { VElement, VNode } from "./vnode.ts";

/** `limit` of an op that trims nothing. */
export const NO_LIMIT = 0;

/**
 * Appends to `ops` the `OP.stream` ops of `container`'s batch: one op per stretch of steps that one op can say
 * (a reset, then deletes, then inserts that share `at` and `limit`), so that the browser applies them in the order
 * the view called them.
 * @param pack - turns inserted items into their wire form (runs of similar items packed).
 */
export function streamOps(container: VElement, path: Path, ops: PatchOp[], pack: (nodes: VNode[]) => WireChild[]): void {
  const steps = container.stream?.steps;
  if (!steps || steps.length === 0) return;
  const items = container.children;
  let next = 0;
  let reset: 0 | 1 = 0;
  let deletes: string[] = [];
  let at = -1;
  let limit = NO_LIMIT;
  let nodes: VNode[] = [];
  const flush = (): void => {
    if (reset === 0 && deletes.length === 0 && nodes.length === 0) return;
    ops.push([OP.stream, path.slice(), reset, deletes, at, limit, pack(nodes)]);
    reset = 0;
    deletes = [];
    nodes = [];
  };
  for (const step of steps) {
    if (step === 0) {
      flush();
      reset = 1;
      deletes = [];
    } else if (typeof step === "string") {
      if (nodes.length > 0) flush();
      deletes.push(step);
    } else {
      if (nodes.length > 0 && (step[0] !== at || step[1] !== limit)) flush();
      at = step[0];
      limit = step[1];
      const item = items[next++];
      if (item) nodes.push(item);
    }
  }
  flush();
}
