/**
 * Server time to render and diff the rows view (demo/views/rows.tsx), in process, with the functions the session
 * engine uses for every event: `renderView` (src/live/render.ts: the view's JSX `render()` to VNodes) and `diff`
 * (src/vdom/diff.ts: old children + new children to patch ops). Handlers are called on the view instance directly
 * and are not timed. For context, two more costs the engine pays on the same event are timed separately:
 * `snapshotView` (the rollback point of the state, in V8's form with the default memory backend) and `JSON.stringify`
 * of the reply frame.
 *
 * One repetition: a fresh view; create N rows (from an empty table); update every 10th row; swap rows 2 and 999;
 * select row 500; clear. The first repetitions are warm-up and are dropped. Median and p95 are over the kept
 * repetitions.
 * @module
 */
import { renderView } from "../src/live/render.ts";
import { snapshotView } from "../src/session/lifecycle.ts";
import { TemplateRenderer } from "../src/template/nunjucks.ts";
import { diff } from "../src/vdom/diff.ts";
import type { VNode } from "../src/vdom/vnode.ts";
import { RowsView } from "../demo/views/rows.tsx";
import { buttonsOfTree, eventOf } from "./lib/rows.ts";
import { median, quantile, round } from "./lib/stats.ts";

export interface RenderRow {
  rows: number;
  op: string;
  runs: number;
  renderMedianMs: number;
  diffMedianMs: number;
  /** render + diff of the same run. */
  totalMedianMs: number;
  totalP95Ms: number;
  patchOps: number;
  snapshotMedianMs: number;
  jsonMedianMs: number;
  frameBytes: number;
}

const templates = new TemplateRenderer([], { watch: false });
const now = () => performance.now();

type Op = { name: string; act: (v: RowsView) => void };

/** Calls the handler that the view's button `id` names (`rein-click`), as a click would. */
function clicker(): (v: RowsView, id: string) => void {
  const buttons = buttonsOfTree(renderView(new RowsView(), templates));
  return (v, id) => (v as unknown as Record<string, () => void>)[eventOf(buttons, id)]!.call(v);
}

export function benchRender(o: { sizes?: Array<{ rows: number; runs: number; warmup: number }> } = {}): RenderRow[] {
  const sizes = o.sizes ?? [
    { rows: 1000, runs: 40, warmup: 5 },
    { rows: 10000, runs: 12, warmup: 3 },
  ];
  const out: RenderRow[] = [];
  const click = clicker();
  for (const { rows, runs, warmup } of sizes) {
    const ops: Op[] = [
      { name: `create ${rows.toLocaleString("en-US")}`, act: (v) => click(v, rows === 1000 ? "run" : "runlots") },
      { name: "update every 10th", act: (v) => click(v, "update") },
      { name: "swap 2 and 999", act: (v) => click(v, "swaprows") },
      { name: "select row 500", act: (v) => v.select({ id: v.rows[499]!.id }) },
      { name: "clear", act: (v) => click(v, "clear") },
    ];
    const t = ops.map(() => ({ render: [] as number[], diff: [] as number[], total: [] as number[], snap: [] as number[], json: [] as number[], ops: 0, bytes: 0 }));
    for (let rep = 0; rep < warmup + runs; rep++) {
      const view = new RowsView();
      let tree: VNode[] = renderView(view, templates);
      ops.forEach((op, i) => {
        op.act(view);
        const t0 = now();
        const next = renderView(view, templates);
        const t1 = now();
        const patches = diff(tree, next);
        const t2 = now();
        const snap = snapshotView(view, false);
        const t3 = now();
        const text = JSON.stringify(["r", 1, rep + 1, rep + 1, patches]);
        const t4 = now();
        tree = next;
        if (snap.length === 0) throw new Error("empty snapshot");
        if (rep < warmup) return;
        const s = t[i]!;
        s.render.push(t1 - t0);
        s.diff.push(t2 - t1);
        s.total.push(t2 - t0);
        s.snap.push(t3 - t2);
        s.json.push(t4 - t3);
        s.ops = patches.length;
        s.bytes = Buffer.byteLength(text);
      });
    }
    ops.forEach((op, i) => {
      const s = t[i]!;
      out.push({
        rows,
        op: op.name,
        runs,
        renderMedianMs: round(median(s.render), 3),
        diffMedianMs: round(median(s.diff), 3),
        totalMedianMs: round(median(s.total), 3),
        totalP95Ms: round(quantile(s.total, 0.95), 3),
        patchOps: s.ops,
        snapshotMedianMs: round(median(s.snap), 3),
        jsonMedianMs: round(median(s.json), 3),
        frameBytes: s.bytes,
      });
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(benchRender());
}
