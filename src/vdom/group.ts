/**
 * Grouping of patch ops under a shared path prefix (the `within` op), applied by the diff to its output.
 * @module
 */
import { OP, type PatchOp } from "../protocol/patch.ts";

/** The number of leading path entries an op's path may share with a group's path (a replace keeps its own node). */
function groupable(op: PatchOp): number {
  return op[0] === OP.replace ? op[1].length - 1 : op[1].length;
}

/**
 * Groups runs of consecutive ops that share a path prefix into `within` ops with relative paths, where that makes
 * the frame smaller: `#update` on a 1,000-row table says the table body's path once instead of 100 times.
 */
export function group(ops: PatchOp[]): PatchOp[] {
  const out: PatchOp[] = [];
  for (let i = 0; i < ops.length; ) {
    const first = ops[i]!;
    let common = groupable(first);
    let j = i + 1;
    for (; j < ops.length; j++) {
      const next = ops[j]!;
      const limit = Math.min(common, groupable(next));
      let c = 0;
      while (c < limit && next[1][c] === first[1][c]) c++;
      if (c === 0) break;
      common = c;
    }
    if (j - i > 1 && common > 0) {
      const prefix = first[1].slice(0, common);
      const rel = ops.slice(i, j).map((op) => [op[0], op[1].slice(common), ...op.slice(2)] as unknown as PatchOp);
      const grouped: PatchOp = [OP.within, prefix, rel];
      // Each op saves its prefix; the group costs its own brackets and path.
      const saved = (j - i) * (JSON.stringify(prefix).length - 1);
      if (saved > JSON.stringify(prefix).length + 8) {
        out.push(grouped);
        i = j;
        continue;
      }
    }
    out.push(first);
    i++;
  }
  return out;
}
