/** `serve()` says where it listens: to stdout by default, to a function, or not at all. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRein, liveRoutes, serve } from "rein";

const app = () => createRein({ routes: liveRoutes([]), log: () => {} });

describe("serve announces its URL", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints `Rein listening on <url>` when asked (the default outside Vitest)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const served = await serve(app(), { port: 0, announce: true });
    expect(log).toHaveBeenCalledWith(`Rein listening on ${served.url}`);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await served.close();
  });

  it("hands the URL to a function, or says nothing", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const seen: string[] = [];
    const a = await serve(app(), { port: 0, announce: (url) => seen.push(url) });
    const b = await serve(app(), { port: 0, announce: false });
    expect(seen).toEqual([a.url]);
    expect(log).not.toHaveBeenCalled();
    await a.close();
    await b.close();
  });
});
