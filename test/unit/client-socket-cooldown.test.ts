// @vitest-environment happy-dom
/**
 * The browser client's answer to close code 4429 (`CLOSE.tryLater`: too many connections from this address, or
 * a cooldown after abuse): it waits the milliseconds the reason starts with, plus its usual jittered backoff,
 * before it reconnects, instead of hammering the server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLOSE } from "../../src/protocol/frames.ts";
import { FakeWS } from "../helpers/fake-ws.ts";

/** Closes a fake socket with a code and a reason (FakeWS's `drop` sends no reason). */
function closeWith(ws: FakeWS, code: number, reason: string): void {
  ws.readyState = 3;
  (ws.onclose as (e: { code: number; reason: string }) => void)({ code, reason });
}

describe("socket: close code 4429 (try later)", () => {
  let sock: (typeof import("../../src/client/socket.ts"))["webSocketTransport"];
  const h = { open: vi.fn(), frame: vi.fn(), down: vi.fn() };
  let random = 0.999;
  beforeEach(async () => {
    vi.useFakeTimers();
    random = 0.999;
    vi.spyOn(Math, "random").mockImplementation(() => random);
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

  it("is the protocol's CLOSE.tryLater", () => {
    expect(CLOSE.tryLater).toBe(4429);
  });

  it("waits at least the time the server asked for, plus the jittered backoff", () => {
    sock.connect(h);
    FakeWS.all[0]!.open(); // the server completes the handshake, then refuses
    closeWith(FakeWS.all[0]!, 4429, "5000 ms: too many connections from this address");
    expect(h.down).toHaveBeenCalledWith(4429);
    vi.advanceTimersByTime(5000);
    expect(FakeWS.all).toHaveLength(1); // not yet: 5000 + up to 250 ms of jitter (attempt 0)
    vi.advanceTimersByTime(250);
    expect(FakeWS.all).toHaveLength(2);
  });

  it("never retries sooner than the cooldown, whatever the jitter, and the backoff keeps growing", () => {
    random = 0; // the shortest jitter: exactly the server's wait
    sock.connect(h);
    closeWith(FakeWS.all[0]!, 4429, "1200 ms: this address is cooling down after a policy violation");
    vi.advanceTimersByTime(1199);
    expect(FakeWS.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWS.all).toHaveLength(2);
    random = 0.999;
    closeWith(FakeWS.all[1]!, 4429, "1200 ms: this address is cooling down after a policy violation");
    vi.advanceTimersByTime(1200 + 490); // attempt 1: up to 500 ms on top
    expect(FakeWS.all).toHaveLength(2);
    vi.advanceTimersByTime(10);
    expect(FakeWS.all).toHaveLength(3);
  });

  it("a reason without a number falls back to the plain backoff (never a zero-delay loop)", () => {
    sock.connect(h);
    closeWith(FakeWS.all[0]!, 4429, "try later");
    vi.advanceTimersByTime(249);
    expect(FakeWS.all).toHaveLength(2);
    closeWith(FakeWS.all[1]!, 4429, "");
    vi.advanceTimersByTime(100);
    expect(FakeWS.all).toHaveLength(2); // attempt 1: ~500 ms
    vi.advanceTimersByTime(400);
    expect(FakeWS.all).toHaveLength(3);
  });

  it("other codes keep the plain backoff (a reason is not read)", () => {
    sock.connect(h);
    closeWith(FakeWS.all[0]!, 1009, "5000");
    vi.advanceTimersByTime(250);
    expect(FakeWS.all).toHaveLength(2);
  });
});
