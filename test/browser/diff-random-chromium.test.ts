/**
 * The randomized differential test of the diff, in real Chromium: the DOM's own HTML parser (implicit tbody, svg
 * namespaces, whitespace), and foreign nodes injected between hydrate and patch as browser extensions do. Each
 * seeded pair is built in Node (old tree, diff ops, expected HTML), then applied by the client's real `hydrate` and
 * `applyPatches` in the page. LESSONS.md: prove that patches never misalign against a real browser DOM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { diff } from "../../src/vdom/diff.ts";
import { toHtml } from "../../src/vdom/serialize.ts";
import { toWireList } from "../../src/vdom/wire.ts";
import { packChildren, TemplateTable } from "../../src/vdom/pack.ts";
import type { DomCase } from "../helpers/dom-check.ts";
import { Gen, vHtml } from "../helpers/random-trees.ts";
import { hasChromium, launchChromium } from "../helpers/browser.ts";

const PAIRS = 2000;
const BATCH = 250;

describe.skipIf(!hasChromium)("diff + applyPatches, randomized against Chromium's DOM", () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL("../helpers/dom-check.ts", import.meta.url))],
      bundle: true,
      format: "iife",
      globalName: "domCheck",
      write: false,
      target: "es2020",
    });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`${PAIRS} seeded pairs (half over the browser's own parse, half with injected foreign nodes) end in exactly the new tree`, async () => {
    const fails: string[] = [];
    let ops = 0;
    for (let start = 1; start <= PAIRS; start += BATCH) {
      const cases: DomCase[] = [];
      for (let seed = start; seed < start + BATCH && seed <= PAIRS; seed++) {
        const g = new Gen(seed);
        const old = g.children("flow", 3);
        const next = g.mutateList(old, "flow", 3);
        // Every other seed travels packed (runs of similar siblings as templates + values), as the server sends.
        const table = seed % 2 === 0 ? new TemplateTable() : undefined;
        const oldWire = table ? packChildren(old, table) : toWireList(old);
        const patch = diff(old, next, table);
        ops += patch.length;
        cases.push({
          seed,
          oldHtml: toHtml(old),
          oldWire,
          ops: patch,
          want0: vHtml(old),
          want1: vHtml(next),
          inject: seed % 3 === 1,
        });
      }
      // As JSON text: the cases are plain data, and it keeps Playwright's argument types shallow.
      const json = JSON.stringify(cases);
      fails.push(
        ...(await page.evaluate(
          (text: string) => (window as unknown as { domCheck: { run(c: DomCase[]): string[] } }).domCheck.run(JSON.parse(text)),
          json,
        )),
      );
    }
    expect(fails.slice(0, 5)).toEqual([]);
    expect(ops).toBeGreaterThan(8_000);
  });
});
