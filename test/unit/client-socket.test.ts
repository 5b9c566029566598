// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoff } from "../../src/client/socket.ts";
import { FakeWS } from "../helpers/fake-ws.ts";

describe("backoff (full jitter, 250 ms doubling to 10 s)", () => {
  it("caps at 250 ms * 2^n, then at 10 s", () => {
    const caps = [0, 1, 2, 3, 4, 5, 6, 7, 10, 50].map((n) => backoff(n, 1));
    expect(caps).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
  });

  it("is uniformly spread from 0 to the cap", () => {
    expect(backoff(3, 0)).toBe(0);
    expect(backoff(3, 0.5)).toBe(1000);
    for (let n = 0; n < 20; n++) {
      const d = backoff(n);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(10000, 250 * 2 ** n));
    }
  });
});


describe("socket", () => {
  let sock: (typeof import("../../src/client/socket.ts"))["webSocketTransport"];
  const h = { open: vi.fn(), frame: vi.fn(), down: vi.fn() };
  beforeEach(async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    FakeWS.all = [];
    vi.stubGlobal("WebSocket", FakeWS);
    vi.resetModules();
    sock = (await import("../../src/client/socket.ts")).webSocketTransport;
    for (const f of Object.values(h)) f.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("connects to /rein/ws on the page's host and reports frames", () => {
    sock.connect(h);
    const ws = FakeWS.all[0];
    expect(ws.url).toBe(`ws://${location.host}/rein/ws`);
    expect(sock.send(["h"])).toBe(false); // not open yet: the caller queues
    ws.open();
    expect(h.open).toHaveBeenCalledOnce();
    ws.recv(["t", 1, 0, []]);
    expect(h.frame).toHaveBeenCalledWith(["t", 1, 0, []]);
  });

  it("sends a heartbeat only after 30 s without any other frame sent", () => {
    sock.connect(h);
    const ws = FakeWS.all[0];
    ws.open();
    sock.send(["e", 1, 1, "x", {}]);
    vi.advanceTimersByTime(20_000);
    sock.send(["e", 1, 2, "y", {}]);
    vi.advanceTimersByTime(29_000);
    expect(ws.sent.filter((f: any) => f[0] == "h")).toHaveLength(0);
    vi.advanceTimersByTime(1_000);
    expect(ws.sent.at(-1)).toEqual(["h"]);
  });

  it("treats a connection that answers nothing for a heartbeat period as dead", () => {
    sock.connect(h);
    const ws = FakeWS.all[0];
    ws.open();
    vi.advanceTimersByTime(30_000); // heartbeat sent
    ws.recv(["h"]);
    vi.advanceTimersByTime(30_000); // answered: another heartbeat
    expect(h.down).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30_000); // no answer: dead
    expect(h.down).toHaveBeenCalledWith(1006);
    expect(ws.readyState).toBe(3);
  });

  it("reconnects with growing backoff, resets it once a frame arrives, stops on 1008", () => {
    sock.connect(h);
    FakeWS.all[0].drop();
    expect(h.down).toHaveBeenCalledWith(1006);
    vi.advanceTimersByTime(249); // attempt 0: up to 250 ms
    expect(FakeWS.all).toHaveLength(2);
    FakeWS.all[1].drop();
    vi.advanceTimersByTime(490);
    expect(FakeWS.all).toHaveLength(2);
    vi.advanceTimersByTime(10); // attempt 1: up to 500 ms
    expect(FakeWS.all).toHaveLength(3);
    FakeWS.all[2].open();
    FakeWS.all[2].recv(["h"]); // the server spoke: back to attempt 0
    FakeWS.all[2].drop();
    vi.advanceTimersByTime(250);
    expect(FakeWS.all).toHaveLength(4);
    FakeWS.all[3].drop(1008); // token refused: no retry (index.ts reloads)
    vi.advanceTimersByTime(60_000);
    expect(FakeWS.all).toHaveLength(4);
    expect(h.down).toHaveBeenLastCalledWith(1008);
  });
});
