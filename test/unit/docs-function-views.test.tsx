/**
 * The examples of docs/function-views.md, run as written there: the guide's first `tsx` block (the view) and its
 * first `ts` block (the test of it) are written to files under the gitignored test/.docs-function-views/ and
 * imported, so the guide cannot drift from what Rein does.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LiveViewClass } from "rein";
import { ViewClient } from "../../src/testing/view-client.ts";

const guide = readFileSync(fileURLToPath(new URL("../../docs/function-views.md", import.meta.url)), "utf8");
const view = /```tsx\n([\s\S]*?)```/.exec(guide)![1]!;
const usage = /```ts\n([\s\S]*?)```/.exec(guide)![1]!;
const dir = fileURLToPath(new URL("../.docs-function-views/", import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(dir + "example.tsx", view);
writeFileSync(
  dir + "usage.ts",
  `import { expect } from "vitest";\nimport { ViewClient } from "rein/testing";\nimport { TodoView } from "./example.tsx";\n\n` +
    `export async function run(): Promise<void> {\n${usage}}\n`,
);
const example = (await import(/* @vite-ignore */ dir + "example.tsx")) as { TodoView: LiveViewClass };
const usageModule = (await import(/* @vite-ignore */ dir + "usage.ts")) as { run(): Promise<void> };

describe("docs/function-views.md", () => {
  it("the guide's own test of TodoView passes", async () => {
    await usageModule.run();
  });

  it("TodoView keeps its state across a reconnect and refuses what it does not declare", async () => {
    const c = await ViewClient.mount(example.TodoView, { params: { first: "milk" } });
    await c.event("add", { text: "  bread  " });
    await c.event("toggle", { id: "1" });
    expect(await c.event("clearDone")).toMatchObject({ 0: "r" });
    expect(c.pushes()).toEqual([["cleared", { count: 1 }]]);
    expect(c.view).toMatchObject({ todos: [{ id: 2, text: "bread", done: false }], nextId: 3 });
    for (const name of ["constructor", "__proto__", "render", "todos", "nextId"]) {
      expect(await c.event(name), name).toMatchObject({ 0: "x", 3: "unknown_event" });
    }
    const backend = c.engine.backend;
    await c.close();
    const again = await ViewClient.mount(example.TodoView, { backend });
    expect(again.view).toMatchObject({ todos: [{ id: 2, text: "bread", done: false }], nextId: 3 });
    expect(again.html()).toContain(">bread</li>");
  });
});
