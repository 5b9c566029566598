/**
 * `rein/vitest`'s plugin in process: what it compiles, what it leaves to Vite, and the Vite options it turns off.
 * Its run under Vite 7 and Vite 8 is in starter.test.ts.
 */
import { rein } from "rein/vitest";
import { describe, expect, it } from "vitest";

const VIEW = `
import { event, LiveView } from "rein";
export class V extends LiveView {
  count: number = 0;
  @event() inc(): void { this.count += 1; }
  render() { return <b rein-click={this.inc}>{this.count}</b>; }
}`;

describe("rein/vitest", () => {
  it("turns Vite's own TypeScript transform off, for Vite 7 (esbuild) and Vite 8 (oxc)", () => {
    const plugin = rein();
    expect(plugin).toMatchObject({ name: "rein", enforce: "pre" });
    expect(plugin.config()).toEqual({ esbuild: false, oxc: false });
  });

  it("compiles .tsx: standard decorators lowered, JSX through rein/jsx-runtime, types gone, a source map", async () => {
    const out = await rein().transform(VIEW, "/app/src/view.tsx?v=1");
    expect(out).not.toBeNull();
    expect(out!.code).not.toMatch(/@event/);
    expect(out!.code).toMatch(/from "rein\/jsx-runtime"/);
    expect(out!.code).not.toContain(": number");
    expect(JSON.parse(out!.map)).toMatchObject({ sources: ["/app/src/view.tsx"] });
  });

  it("compiles .ts and .mts, and leaves .js, .css and virtual modules to Vite", async () => {
    const plugin = rein({ jsxImportSource: "other" });
    expect(await plugin.transform("const n: number = 1; export { n };", "/a.mts")).not.toBeNull();
    expect((await plugin.transform("export const x = <i />;", "/a.jsx"))!.code).toContain("other/jsx-runtime");
    expect(await plugin.transform("export const x = 1;", "/a.js")).toBeNull();
    expect(await plugin.transform("b {}", "/a.css")).toBeNull();
    expect(await plugin.transform("export {}", "\0virtual:thing.ts")).toBeNull();
  });

  it("reports a syntax error with the file's name", async () => {
    await expect(rein().transform("export const = ;", "/app/broken.ts")).rejects.toThrow(/broken\.ts/);
  });
});
