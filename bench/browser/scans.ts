/**
 * What the client's per-event bookkeeping costs in Chromium, away from the network: hooks (`scan()` after a patch
 * batch) and loading states (`loading()` when an event is sent) on a table of 1,000 or 10,000 rows, with no hook
 * element, one, or one per row for the first 1,000 rows (each with `rein-hook` and `rein-loading="other"`, so an
 * event "save" finds them all and none reacts: `loading()` is timed for the lookup alone). Bundles src/client/dom.ts, hooks.ts and loading.ts into a
 * page (no server), applies patches with `applyPatches` and times only `scan()` / `loading()`: medians in ms.
 *
 * ```sh
 * node --import tsx bench/browser/scans.ts                                # the current sources
 * node --import tsx bench/browser/scans.ts --before=/tmp/before/src/client # and another copy of src/client
 * ```
 *
 * Not part of `npm run bench`; ~30 s. Debian's Chromium, flags of test/helpers/browser.ts.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const CLIENT = fileURLToPath(new URL("../../src/client", import.meta.url));

/** Bundles the three client modules of `dir` (a copy of src/client) as `window.client`. */
async function bundle(dir: string): Promise<string> {
  const tmp = mkdtempSync(join(os.tmpdir(), "rein-scans-"));
  const entry = join(tmp, "entry.ts");
  writeFileSync(
    entry,
    `import { applyPatches, hydrate } from "${dir}/dom.ts";
     import { scan } from "${dir}/hooks.ts";
     import { loading } from "${dir}/loading.ts";
     (window as any).client = { applyPatches, hydrate, scan, loading };`,
  );
  try {
    const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: "iife", target: "es2020", write: false, logLevel: "error" });
    return out.outputFiles[0]!.text;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The page's side: builds the table, then times `scan()` after each kind of patch and `loading()` per event. */
const SCENARIO = String.raw`(async ({ rows, hooked }) => {
  const { applyPatches, hydrate, scan, loading } = window.client;
  window.rein = { hooks: hooked >= 0 ? { H: { mounted() {}, updated() {}, destroyed() {} } } : undefined, sendEvent() {} };
  const row = (i) => ["tr", { id: "r" + i }, ["td", 0, String(i)], ["td", 0, ["a", { class: "lbl" }, "label " + i]],
    ["td", 0, ["span", i <= hooked ? { id: "s" + i, "rein-hook": "H", "rein-loading": "other" } : { id: "s" + i }, "x"]], ["td", 0]];
  const view = document.createElement("div");
  view.setAttribute("rein-view", "");
  document.body.replaceChildren(view);
  hydrate(view, [["table", 0, ["tbody", 0, ...Array.from({ length: rows }, (_, i) => row(i + 1))]]]);
  scan(view);
  loading(view, "warm-up")();
  const median = (xs) => +xs.sort((a, b) => a - b)[xs.length >> 1].toFixed(3);
  const scanAfter = (ops, reps) => {
    const times = [];
    for (let k = 0; k < reps; k++) {
      const touched = applyPatches(view, typeof ops == "function" ? ops(k) : ops);
      const t0 = performance.now();
      scan(view, touched);
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const out = {
    "scan: select (2 class ops)": scanAfter((k) => [[2, [0, 0, k], "class", "danger"], [3, [0, 0, k], "class"]], 31),
    "scan: swap (2 moves)": scanAfter([[6, [0, 0], 1, 5], [6, [0, 0], 4, 1]], 31),
    "scan: remove 1 + insert 1": scanAfter((k) => [[5, [0, 0], 3], [4, [0, 0], 3, row(1e6 + k)]], 31),
    "scan: insert 1,000 rows": scanAfter((k) => Array.from({ length: 1000 }, (_, i) => [4, [0, 0], 0, row(2e6 + k * 1000 + i)]), 9),
  };
  const times = [];
  for (let k = 0; k < 31; k++) {
    const t0 = performance.now();
    const end = loading(view, "save");
    times.push(performance.now() - t0);
    end();
  }
  out["loading(): event 'save' (no element reacts)"] = median(times);
  return out;
})`;

const clients: [string, string][] = [["current", CLIENT]];
const before = process.argv.find((a) => a.startsWith("--before="))?.slice(9);
if (before) clients.unshift(["before", before]);
const code = Object.fromEntries(await Promise.all(clients.map(async ([name, dir]) => [name, await bundle(dir)] as const)));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const deadline = setTimeout(() => (console.error("[scans] deadline passed"), process.exit(2)), 120_000);
const results: Record<string, unknown>[] = [];
try {
  for (const rows of [1000, 10000])
    for (const hooked of [-1, 0, 1, 1000])
      for (const [name] of clients) {
        const page = await browser.newPage();
        await page.setContent("<!doctype html><body></body>");
        await page.addScriptTag({ content: code[name] });
        const r = await page.evaluate(`${SCENARIO}(${JSON.stringify({ rows, hooked })})`);
        const what = hooked < 0 ? "no hook defined" : `hooks defined, ${hooked} rows with rein-hook + rein-loading`;
        results.push({ rows, page: what, client: name, ...(r as object) });
        await page.close();
      }
} finally {
  await browser.close();
  clearTimeout(deadline);
}
console.log(`Per-event bookkeeping in Chromium ${browser.version()}, medians in ms (0.1 ms timer resolution: 0 means < 0.1 ms)`);
console.table(results);
