/**
 * The options of hot reload (`hotReload`, `devStateFile`: docs/hot-reload.md), their defaults by environment and
 * their bad values and combinations; the memory backend's dump and load; what the development state file keeps.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { liveRoutes, LiveView, MemoryBackend } from "rein";
import { openDevState } from "../../src/server/dev/dev-state.ts";
import { DEFAULTS, resolveOptions } from "../../src/server/options.ts";

class V extends LiveView {
  override render() {
    return "x" as never;
  }
}
const routes = liveRoutes([{ path: "/", view: V }]);
const secret = "s".repeat(32);
const dir = mkdtempSync(join(tmpdir(), "rein-hot-options-"));

afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("hotReload and devStateFile defaults", () => {
  it("development: on, with the state file under the working directory", () => {
    vi.stubEnv("NODE_ENV", "development");
    const o = resolveOptions({ routes, secret });
    expect(o.hotReload).toBe(true);
    expect(o.watchTemplates).toBe(true);
    expect(o.devStateFile).toBe(resolve(process.cwd(), DEFAULTS.devStateFile));
    expect(resolveOptions({ routes, secret, devStateFile: false }).devStateFile).toBeUndefined();
    expect(resolveOptions({ routes, secret, devStateFile: "tmp/state.json" }).devStateFile).toBe(resolve("tmp/state.json"));
  });

  it("production: off, and no state file", () => {
    vi.stubEnv("NODE_ENV", "production");
    const o = resolveOptions({ routes, secret });
    expect(o.hotReload).toBe(false);
    expect(o.devStateFile).toBeUndefined();
    expect(o.watchTemplates).toBe(false);
  });

  it("a test runner (NODE_ENV=test): off, though debug is on", () => {
    vi.stubEnv("NODE_ENV", "test");
    const o = resolveOptions({ routes, secret });
    expect(o.debug).toBe(true);
    expect(o.hotReload).toBe(false);
    expect(o.devStateFile).toBeUndefined();
  });

  it("follows an explicit debug, and an explicit hotReload wins", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(resolveOptions({ routes, secret, debug: false }).hotReload).toBe(false);
    vi.stubEnv("NODE_ENV", "production");
    const o = resolveOptions({ routes, secret, hotReload: true });
    expect(o.hotReload).toBe(true);
    expect(o.watchTemplates).toBe(true); // templates are read again, so that an edit shows
  });
});

describe("bad values and combinations are a TypeError naming the option", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["hotReload not a boolean", { hotReload: "yes" }, /"hotReload" must be true or false, got "yes"/],
    ["devStateFile not a path", { hotReload: true, devStateFile: 42 }, /"devStateFile" must be a file path or false, got 42/],
    ["an empty devStateFile", { hotReload: true, devStateFile: "" }, /"devStateFile" must be a file path or false/],
    ["devStateFile: true", { hotReload: true, devStateFile: true }, /"devStateFile" must be a file path or false, got true/],
    ["a devStateFile without hotReload", { hotReload: false, devStateFile: "x.json" }, /"devStateFile" needs "hotReload"/],
    ["hotReload with watchTemplates off", { hotReload: true, watchTemplates: false }, /"hotReload" .* needs "watchTemplates"/],
  ];
  for (const [what, bad, message] of cases) {
    it(what, () => {
      expect(() => resolveOptions({ routes, secret, ...bad })).toThrow(TypeError);
      expect(() => resolveOptions({ routes, secret, ...bad })).toThrow(message);
    });
  }

  it("a wsSyncPath on the reload endpoint's paths", () => {
    expect(() => resolveOptions({ routes, secret, wsSyncPath: "/rein/dev" })).toThrow(/"wsSyncPath"/);
    expect(() => resolveOptions({ routes, secret, wsSyncPath: "/rein/dev.js" })).toThrow(/"wsSyncPath"/);
  });
});

describe("MemoryBackend dump and load", () => {
  it("carry entries with their expiry times; expired ones are left out", async () => {
    const a = new MemoryBackend();
    await a.set("live", "1", 60_000);
    await a.set("gone", "2", 1);
    await new Promise((r) => setTimeout(r, 5));
    const dumped = a.dump();
    expect(dumped.map(([k, v]) => [k, v])).toEqual([["live", "1"]]);
    expect(dumped[0]![2]).toBeGreaterThan(Date.now());
    await a.close();
    const b = new MemoryBackend();
    b.load([...dumped, ["stale", "3", Date.now() - 1]]);
    expect(await b.get("live")).toBe("1");
    expect(await b.get("stale")).toBeUndefined();
    await b.close();
  });
});

describe("the development state file keeps only what is Rein's own", () => {
  it("the app's secret is never written; the backend's entries are", async () => {
    const file = join(dir, "own-secret.json");
    const backend = new MemoryBackend();
    await backend.set("v:1", "state", 60_000);
    const state = openDevState(file, { secret, backend, log: () => {} });
    expect(state.secret).toBe(secret);
    state.save();
    const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(saved["secret"]).toBeUndefined();
    expect(saved["entries"]).toHaveLength(1);
    await backend.close();
  });

  it("without a secret of the app's own, the next run signs with the same one", () => {
    const file = join(dir, "kept-secret.json");
    const first = openDevState(file, { secret: undefined, backend: undefined, log: () => {} });
    first.save();
    expect(openDevState(file, { secret: undefined, backend: undefined, log: () => {} }).secret).toBe(first.secret);
  });

  it("nothing of its own to keep (a secret and a backend of the app's): no file", () => {
    const file = join(dir, "nothing.json");
    openDevState(file, { secret, backend: undefined, log: () => {} }).save();
    expect(existsSync(file)).toBe(false);
  });
});
