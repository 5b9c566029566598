/**
 * The LiveComponent example of docs/components.md, run as written there: the guide's `tsx` block that starts with
 * the LiveComponent import is written to a file and imported, so the guide cannot drift from what Rein does.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LiveViewClass } from "rein";
import { ViewClient } from "../../src/testing/view-client.ts";

const guide = readFileSync(fileURLToPath(new URL("../../docs/components.md", import.meta.url)), "utf8");
const code = [...guide.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1]!).find((c) => c.includes("extends LiveComponent"))!;
const dir = fileURLToPath(new URL("../.docs-components/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = dir + "example.tsx";
writeFileSync(file, code);
const example = (await import(/* @vite-ignore */ file)) as { BoardView: LiveViewClass };

const value = (c: ViewClient, id: string) => new RegExp(`rein-component="${id}">.*?<output>(\\d+)</output>`).exec(c.html())?.[1];

describe("docs/components.md", () => {
  it("the BoardView example: independent counters, only the clicked one's patch, sendParent, sendUpdate", async () => {
    const c = await ViewClient.mount(example.BoardView);
    expect([value(c, "left"), value(c, "right")]).toEqual(["5", "0"]);
    const reply = await c.event("inc", {}, "left");
    expect(reply[0] === "r" && reply[4]).toEqual([[1, [0, 0, 2, 0], "6"]]);
    for (let i = 0; i < 4; i++) await c.event("inc", {}, "left");
    expect(c.html()).toContain("<p>Reached ten: left</p>");
    await c.event("resetLeft");
    expect([value(c, "left"), value(c, "right")]).toEqual(["0", "0"]);
    expect((await c.event("inc", {}, "middle"))[3]).toBe("unknown_target");
  });
});
