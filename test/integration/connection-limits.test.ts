/**
 * Connection limits over real servers and sockets (docs/security.md): at most `maxConnectionsPerIp` sockets per
 * client address, refused with close code 4429 and the wait in the reason; the reconnect cooldown after abuse (a
 * frame flood, a frame over the size cap); the client address from `X-Forwarded-For` only through trusted proxies.
 *
 * Loopback clients are never limited, so the tests either connect through a trusted proxy hop (`X-Forwarded-For`
 * from 127.0.0.1 with `trustProxy`) or, for the socket's own address, over this machine's non-loopback interface.
 */
import { networkInterfaces } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createRein, serve, type ReinApp, type ReinOptions, type Served } from "rein";
import { loadPage, TestSocket } from "rein/testing";
import { routes } from "../fixtures/views.tsx";

const secret = "l".repeat(32);
const servers: Served[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Partial<ReinOptions>, host?: string): Promise<{ app: ReinApp; url: string; logs: string[] }> {
  const logs: string[] = [];
  const app = createRein({ routes, secret, log: (m) => logs.push(m), ...options });
  const srv = await serve(app, { port: 0, ...(host ? { host } : {}) });
  servers.push(srv);
  return { app, url: srv.url, logs };
}

/** What became of a connection attempt: accepted (the server answered a heartbeat) or closed with a code. */
type Attempt = { ok: true; ws: WebSocket } | { ok: false; code: number; reason: string };

/** Opens a socket (optionally with an `X-Forwarded-For`) and waits until the server either serves or closes it. */
function attempt(url: string, forwardedFor?: string): Promise<Attempt> {
  const u = new URL("/rein/ws", url);
  u.protocol = "ws:";
  const ws = new WebSocket(u, { origin: new URL(url).origin, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once("open", () => ws.send('["h"]'));
    ws.once("message", () => resolve({ ok: true, ws })); // the heartbeat answer: a connection serves this socket
    ws.once("close", (code, reason) => resolve({ ok: false, code, reason: String(reason) }));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

async function openMany(url: string, n: number, forwardedFor?: (i: number) => string): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < n; i++) {
    const a = await attempt(url, forwardedFor?.(i));
    if (!a.ok) throw new Error(`connection ${i + 1} refused: ${a.code} ${a.reason}`);
    out.push(a.ws);
  }
  return out;
}

/** Waits until the app holds `n` sockets (a close reaches the server a moment after the client's). */
async function untilSockets(app: ReinApp, n: number): Promise<void> {
  for (let i = 0; i < 200 && app.socketCount !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(app.socketCount).toBe(n);
}

const refused = (a: Attempt) => (a.ok ? { code: 0, reason: "accepted" } : { code: a.code, reason: a.reason });

/** This machine's first non-loopback IPv4 address (connecting to it, the socket's peer is that address); tests
 * that need one are skipped without it. */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

describe("at most maxConnectionsPerIp sockets per client address", () => {
  it("refuses the 11th socket of an address with 4429 while 10 are open, and accepts it once one closes", async () => {
    // A long cooldown: getting in again after a close must not depend on it.
    const { app, url } = await start({ trustProxy: true, reconnectCooldownMs: 60_000 });
    const ten = await openMany(url, 10, () => "203.0.113.5");
    const eleventh = await attempt(url, "203.0.113.5");
    expect(refused(eleventh)).toEqual({ code: 4429, reason: "60000 ms: too many connections from this address" });
    expect((ten.filter((ws) => ws.readyState === WebSocket.OPEN)).length).toBe(10); // the open ones are untouched
    expect((await attempt(url, "203.0.113.6")).ok).toBe(true); // another address has its own 10
    await untilSockets(app, 11);

    ten[0]!.close();
    await untilSockets(app, 10);
    expect((await attempt(url, "203.0.113.5")).ok).toBe(true);
    expect(refused(await attempt(url, "203.0.113.5")).code).toBe(4429); // 10 again
  });

  it.skipIf(!lan)("counts the socket's own address when there is no trusted proxy (over a non-loopback interface)", async () => {
    const { url } = await start({ maxConnectionsPerIp: 2 }, lan);
    // Each claims another X-Forwarded-For: ignored, they are all the peer's.
    await openMany(url, 2, (i) => `198.51.100.${i + 1}`);
    expect(refused(await attempt(url, "198.51.100.3")).code).toBe(4429);
  });

  it("a refused socket never reaches a connection: a join on it gets no answer", async () => {
    const { app, url } = await start({ trustProxy: true, maxConnectionsPerIp: 1 });
    const page = await loadPage(url + "/counter");
    await openMany(url, 1, () => "203.0.113.7");
    const u = new URL("/rein/ws", url);
    u.protocol = "ws:";
    const ws = new WebSocket(u, { origin: new URL(url).origin, headers: { "x-forwarded-for": "203.0.113.7" } });
    sockets.push(ws);
    const frames: string[] = [];
    ws.on("message", (d) => frames.push(String(d)));
    ws.once("open", () => ws.send(JSON.stringify(["j", 1, page.token, url + "/counter"])));
    const [code] = await new Promise<[number]>((r) => ws.once("close", (c) => r([c])));
    expect(code).toBe(4429);
    expect(frames).toEqual([]);
    expect(app.stats().views).toBe(0);
  });
});

describe("the reconnect cooldown after abuse", () => {
  it("refuses an address for the cooldown after a frame flood (1008), then accepts it again", async () => {
    const cooldown = 400;
    const { url } = await start({ trustProxy: true, reconnectCooldownMs: cooldown, frameRate: { rate: 1, burst: 2 } });
    const page = await loadPage(url + "/counter");
    const [flooder] = await openMany(url, 1, () => "198.51.100.20"); // the heartbeat took one token
    const [bystander] = await openMany(url, 1, () => "198.51.100.20");
    const closed = new Promise<number>((r) => flooder!.once("close", (c) => r(c)));
    for (let i = 0; i < 10; i++) flooder!.send('["h"]');
    expect(await closed).toBe(1008);
    const penalizedAt = Date.now();

    const during = refused(await attempt(url, "198.51.100.20"));
    expect(during.code).toBe(4429);
    expect(during.reason).toMatch(/^\d+ ms: this address is cooling down after a policy violation$/);
    const wait = parseInt(during.reason);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(cooldown);
    expect(bystander!.readyState).toBe(WebSocket.OPEN); // its open sockets stay
    expect((await attempt(url, "198.51.100.21")).ok).toBe(true); // another address is not concerned

    await new Promise((r) => setTimeout(r, cooldown - (Date.now() - penalizedAt) + 20));
    const after = await attempt(url, "198.51.100.20");
    expect(after.ok).toBe(true);
    // And it works: a view joins on it.
    const sock = await TestSocket.open(url);
    expect(JSON.stringify(await sock.join(1, page.token))).toContain("Count: 0");
    sock.close();
  });

  it("refuses an address for the cooldown after a frame over maxFrameBytes (1009)", async () => {
    const { url } = await start({ trustProxy: true, reconnectCooldownMs: 60_000, maxFrameBytes: 1024 });
    const [big] = await openMany(url, 1, () => "198.51.100.30");
    const closed = new Promise<number>((r) => big!.once("close", (c) => r(c)));
    big!.send("x".repeat(2000));
    expect(await closed).toBe(1009);
    const during = refused(await attempt(url, "198.51.100.30"));
    expect(during.code).toBe(4429);
    expect(parseInt(during.reason)).toBeGreaterThan(59_000);
  });

  it("penalizes an address that keeps retrying past its limit instead of waiting", async () => {
    const { app, url } = await start({ trustProxy: true, maxConnectionsPerIp: 2, reconnectCooldownMs: 60_000 });
    const two = await openMany(url, 2, () => "198.51.100.40");
    // Refusals at the limit: up to 2 (the limit) within a cooldown are fine, the 3rd makes it abuse.
    for (let i = 0; i < 3; i++) expect(refused(await attempt(url, "198.51.100.40")).reason).toMatch(/too many connections/);
    two[0]!.close();
    await untilSockets(app, 1);
    // A slot is free, but the address now cools down.
    expect(refused(await attempt(url, "198.51.100.40")).reason).toMatch(/cooling down/);
  });
});

describe("trustProxy: the client address from X-Forwarded-For", () => {
  it("off (the default): X-Forwarded-For is ignored, and said once in the log", async () => {
    // From 127.0.0.1 (never limited): were the header believed, the third 203.0.113.9 would be refused.
    const { url, logs } = await start({ maxConnectionsPerIp: 2 });
    await openMany(url, 3, () => "203.0.113.9");
    const warnings = logs.filter((l) => l.includes("X-Forwarded-For"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"trustProxy" is false: the header is ignored/);
  });

  it("on: limits count per forwarded address, the rightmost entry (what the trusted proxy saw)", async () => {
    const { url } = await start({ trustProxy: true, maxConnectionsPerIp: 2 });
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    await openMany(url, 2, (i) => `${i + 1}.1.1.1, 203.0.113.10`);
    expect(refused(await attempt(url, "9.9.9.9, 203.0.113.10")).code).toBe(4429);
    expect((await attempt(url, "203.0.113.11")).ok).toBe(true);
  });

  it.skipIf(!lan)("a list of proxies: a forged X-Forwarded-For from a peer not in it is ignored", async () => {
    // The peer (this machine's LAN address) is not a listed proxy: its header is the client's own words.
    const untrusted = await start({ trustProxy: ["10.0.0.0/8"], maxConnectionsPerIp: 2 }, lan);
    await openMany(untrusted.url, 2, (i) => `203.0.113.${20 + i}`);
    expect(refused(await attempt(untrusted.url, "203.0.113.22")).code).toBe(4429);
    // Listed, the same peer's header is believed: each forwarded address has its own limit.
    const trusted = await start({ trustProxy: [`${lan}/32`], maxConnectionsPerIp: 2 }, lan);
    await openMany(trusted.url, 3, (i) => `203.0.113.${20 + i}`);
  });

  it("a hop count: two proxies, the client is the second entry from the right", async () => {
    const { url } = await start({ trustProxy: 2, maxConnectionsPerIp: 1 });
    await openMany(url, 1, () => "6.6.6.6, 203.0.113.30, 10.0.0.1");
    expect(refused(await attempt(url, "7.7.7.7, 203.0.113.30, 10.0.0.2")).code).toBe(4429);
    expect((await attempt(url, "6.6.6.6, 203.0.113.31, 10.0.0.1")).ok).toBe(true);
  });
});
