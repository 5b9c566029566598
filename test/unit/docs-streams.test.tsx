/**
 * The example of docs/streams.md, run as written there: the first `tsx` block of the guide is written to a file
 * and imported, so the guide cannot drift from what Rein does.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LiveViewClass } from "rein";
import { ViewClient } from "../../src/testing/view-client.ts";

const guide = readFileSync(fileURLToPath(new URL("../../docs/streams.md", import.meta.url)), "utf8");
const code = /```tsx\n([\s\S]*?)```/.exec(guide)![1]!;
const dir = fileURLToPath(new URL("../.docs-streams/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = dir + "example.tsx";
writeFileSync(file, code);
const example = (await import(/* @vite-ignore */ file)) as { ChatView: LiveViewClass; messages: Map<number, unknown> };

const shown = (c: ViewClient) => [...c.html().matchAll(/<li id="message-(\d+)">/g)].map((m) => Number(m[1]));

describe("docs/streams.md", () => {
  it("the ChatView example streams 5,000 messages, keeps none, and sends one per event", async () => {
    const c = await ViewClient.mount(example.ChatView);
    expect(shown(c)).toHaveLength(5000);
    const like = await c.event("like", { id: "4000" });
    expect(JSON.stringify(like)).toContain("♥ 1");
    expect(JSON.stringify(like).length).toBeLessThan(300);
    expect(c.html()).toMatch(/<li id="message-4000"><b>ada<\/b> message 4000 <button[^>]*>♥ 1<\/button><\/li>/);
    await c.event("post", { text: "hello" });
    // The limit keeps the last 1,000 in the browser.
    expect(shown(c)).toHaveLength(1000);
    expect(shown(c).at(-1)).toBe(5001);
    await c.event("remove", { id: "5001" });
    expect(shown(c)).not.toContain(5001);
    expect(c.html()).toContain("1 posted");
    expect(await c.event("post", { text: "" })).toMatchObject({ 0: "x" });
  });
});
