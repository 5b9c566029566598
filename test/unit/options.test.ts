/**
 * One DEFAULTS object and the checks of createRein's options: a bad value or a bad combination is a TypeError
 * naming the option, before anything starts.
 */
import { describe, expect, it } from "vitest";
import { createEngine, createRein, DEFAULTS, liveRoutes, LiveView, MemoryBackend, MemoryPubSub, type ReinOptions } from "rein";
import { resolveOptions } from "../../src/server/options.ts";

class V extends LiveView {
  override render() {
    return "x" as never;
  }
}
const routes = liveRoutes([{ path: "/", view: V }]);
const secret = "s".repeat(32);

describe("DEFAULTS", () => {
  it("are what a new app gets", () => {
    const o = resolveOptions({ routes, secret });
    expect(o.maxFrameBytes).toBe(DEFAULTS.maxFrameBytes);
    expect(o.maxFrameBytes).toBe(65_536);
    expect(o.frameRate).toEqual({ rate: 100, burst: 200 });
    expect(o.maxChannels).toBe(16);
    expect(o.stateTtlMs).toBe(6 * 3600_000);
    expect(o.pageTtlMs).toBe(600_000);
    expect(o.sessionTtlMs).toBe(30 * 86400_000);
    expect(o.tokenTtlMs).toBe(86400_000);
    expect(o.heartbeatMs).toBe(30_000);
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
  });

  it("cap the default pageTtlMs at a shorter stateTtlMs", () => {
    expect(resolveOptions({ routes, secret, stateTtlMs: 60_000 }).pageTtlMs).toBe(60_000);
  });

  it("build a memory backend and a memory pubsub when none is given", async () => {
    const e = createEngine();
    expect(e.backend).toBeInstanceOf(MemoryBackend);
    expect(e.pubsub).toBeInstanceOf(MemoryPubSub);
    await e.close();
    const backend = new MemoryBackend();
    const e2 = createEngine({ backend });
    expect(e2.backend).toBe(backend);
    await e2.close();
  });
});

describe("bad options are a TypeError naming the option", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["a misspelt option", { maxFrameByte: 1 }, /unknown Rein option "maxFrameByte"/],
    ["a short secret", { secret: "short" }, /"secret" must be at least 32 characters/],
    ["a secret that is not a string", { secret: 42 }, /"secret" must be a string/],
    ["a negative TTL", { stateTtlMs: -1 }, /"stateTtlMs" must be an integer >= 1/],
    ["a fractional TTL", { sessionTtlMs: 1.5 }, /"sessionTtlMs" must be an integer/],
    ["a TTL given as a string", { tokenTtlMs: "1h" }, /"tokenTtlMs" must be an integer >= 1, got "1h"/],
    ["a frame cap below a join frame", { maxFrameBytes: 100 }, /"maxFrameBytes" must be an integer >= 1024/],
    ["zero channels", { maxChannels: 0 }, /"maxChannels"/],
    ["a frame rate without burst", { frameRate: { rate: 10 } }, /"frameRate" must be false or/],
    ["a frame rate of true", { frameRate: true }, /"frameRate"/],
    ["origins not an array", { allowedOrigins: "https://a.example" }, /"allowedOrigins" must be an array of strings/],
    ["debug not a boolean", { debug: "yes" }, /"debug" must be true or false/],
    ["a backend missing methods", { backend: { get() {} } }, /"backend" must implement .*missing: set, delete, stats, close/],
    ["a pubsub missing methods", { pubsub: {} }, /"pubsub" must implement/],
    ["a layout that is not a function", { layout: "<html>" }, /"layout" must be a function/],
    ["an asset path without a slash", { assets: { "app.css": "/srv/app.css" } }, /"assets": "app.css"/],
    ["pageTtlMs above stateTtlMs", { pageTtlMs: 7_200_000, stateTtlMs: 3_600_000 }, /"pageTtlMs" \(7200000\) must not exceed "stateTtlMs" \(3600000\)/],
  ];
  for (const [what, extra, message] of cases) {
    it(what, () => {
      const options = { routes, secret, ...extra } as unknown as ReinOptions;
      expect(() => createRein(options)).toThrow(TypeError);
      expect(() => createRein(options)).toThrow(message);
    });
  }

  it("missing routes", () => {
    expect(() => createRein({ secret } as unknown as ReinOptions)).toThrow(/"routes" is required/);
  });

  it("a short REIN_SECRET", () => {
    const saved = process.env["REIN_SECRET"];
    process.env["REIN_SECRET"] = "too-short";
    try {
      expect(() => createRein({ routes })).toThrow(/REIN_SECRET must be at least 32 characters/);
    } finally {
      if (saved === undefined) delete process.env["REIN_SECRET"];
      else process.env["REIN_SECRET"] = saved;
    }
  });

  it("the test client's engine refuses server-only and unknown options too", () => {
    expect(() => createEngine({ routes } as never)).toThrow(/unknown Rein option "routes"/);
  });
});
