/**
 * The fewest `move` ops that put a list's matched siblings in their new order: the elements on a longest
 * increasing subsequence stay, the others move (Inferno's and Vue 3's idea); their indices come from a Fenwick
 * tree, O(n log n). Used by the keyed diff (`diff.ts`).
 * @module
 */
import { OP, type Path, type PatchOp } from "../protocol/patch.ts";

/**
 * Emits the fewest `move` ops that sort a list whose element at index `base + c` must end at index
 * `base + perm[c]` (`perm` is a permutation of `0..n-1`).
 *
 * The elements on a longest increasing subsequence of `perm` stay; the others are moved in decreasing order
 * of target rank, each right before the element of the next rank (as Vue 3 / Inferno do with DOM anchors).
 * To turn those anchors into the index form of {@link OP.move}, every element gets two slots in one
 * ordering of the final positions: its current slot (between the stable elements around it in the old order)
 * and its placed slot (between the stable elements around it in the new order). A Fenwick tree over the
 * slots counts the elements present before a slot, which is the current index.
 */
export function moves(perm: Int32Array, base: number, p: Path, ops: PatchOp[]): void {
  const n = perm.length;
  const stay = lis(perm);
  const inv = new Int32Array(n);
  for (let c = 0; c < n; c++) inv[perm[c]!] = c;
  // Slots, group by group. A group ends with one stable element s (or the end of the list) and holds:
  // the unstable elements between the previous stable one and s in the old order (present, in old order),
  // then the placed slots of the ranks between the previous stable rank and s's rank (absent, by rank),
  // then s itself (present).
  const curSlot = new Int32Array(n);
  const newSlot = new Int32Array(n); // by rank
  const tree = new Int32Array(2 * n + 1); // Fenwick tree, 1-based
  let size = 0;
  let prevS = -1;
  let prevR = -1;
  for (let s = 0; s <= n; s++) {
    if (s < n && stay[s] === 0) continue;
    const rs = s < n ? perm[s]! : n;
    for (let c = prevS + 1; c < s; c++) {
      curSlot[c] = size;
      tree[++size] = 1;
    }
    for (let r = prevR + 1; r < rs; r++) newSlot[r] = size++;
    if (s < n) tree[++size] = 1;
    prevS = s;
    prevR = rs;
  }
  // Linear-time Fenwick build from the presence flags.
  for (let i = 1; i <= size; i++) {
    const j = i + (i & -i);
    if (j <= size) tree[j]! += tree[i]!;
  }
  for (let r = n - 1; r >= 0; r--) {
    const c = inv[r]!;
    if (stay[c] === 1) continue;
    const cs = curSlot[c]!;
    const from = count(tree, cs);
    add(tree, size, cs, -1);
    const ns = newSlot[r]!;
    const to = count(tree, ns);
    add(tree, size, ns, 1);
    if (from !== to) ops.push([OP.move, p, base + from, base + to]);
  }
}

/** Number of present slots before slot `i` (0-based). */
function count(tree: Int32Array, i: number): number {
  let s = 0;
  for (; i > 0; i -= i & -i) s += tree[i]!;
  return s;
}

function add(tree: Int32Array, size: number, i: number, d: number): void {
  for (i++; i <= size; i += i & -i) tree[i]! += d;
}

/**
 * Marks a longest strictly increasing subsequence of `a` (patience sorting with predecessor links, O(n log n)).
 * @returns `out[i] === 1` when `a[i]` is on the subsequence.
 */
function lis(a: Int32Array): Uint8Array {
  const n = a.length;
  const prev = new Int32Array(n);
  const tails = new Int32Array(n); // tails[l]: index of the smallest tail of an increasing run of length l+1
  let len = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (len === 0 || a[tails[len - 1]!]! < v) {
      prev[i] = len > 0 ? tails[len - 1]! : -1;
      tails[len++] = i;
      continue;
    }
    let lo = 0;
    let hi = len - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  }
  const out = new Uint8Array(n);
  for (let i = len > 0 ? tails[len - 1]! : -1; i >= 0; i = prev[i]!) out[i] = 1;
  return out;
}
