/**
 * The per-address accounting (src/server/ip-limits.ts) on a fake clock, the client address through trusted
 * proxies (src/server/client-ip.ts) on fake requests, and the checks of the three connection options.
 */
import type { IncomingMessage } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { createRein, DEFAULTS, liveRoutes, LiveView, type ReinOptions } from "rein";
import { clientIpResolver, resolveTrustProxy } from "../../src/server/client-ip.ts";
import { addressKey, IpLimits, isLoopback, normalizeAddress, refusalReason, type Refused } from "../../src/server/ip-limits.ts";
import { resolveOptions } from "../../src/server/options.ts";

function limits(max: number | false = 2, cooldown = 1000) {
  let t = 0;
  const l = new IpLimits({ maxConnectionsPerIp: max, reconnectCooldownMs: cooldown, now: () => t });
  return { l, advance: (ms: number) => (t += ms) };
}

describe("IpLimits", () => {
  it("admits up to the limit per address, refuses the next (told to wait the cooldown), admits again after a release", () => {
    const { l } = limits(2, 5000);
    const a = l.admit("192.0.2.1");
    const b = l.admit("192.0.2.1");
    expect(a.ok && b.ok).toBe(true);
    const c = l.admit("192.0.2.1");
    expect(c).toEqual({ ok: false, reason: "limit", retryAfterMs: 5000 });
    expect(refusalReason(c as Refused)).toBe("5000 ms: too many connections from this address");
    expect(l.admit("192.0.2.2").ok).toBe(true);
    expect(l.stats()).toEqual({ addresses: 2, connections: 3, coolingDown: 0 });
    if (a.ok) a.release(), a.release(); // a second release does nothing
    expect(l.stats().connections).toBe(2);
    expect(l.admit("192.0.2.1").ok).toBe(true);
    expect(l.admit("192.0.2.1").ok).toBe(false);
  });

  it("refuses a penalized address for the cooldown, with the time left, then forgets it", () => {
    const { l, advance } = limits(10, 1000);
    l.penalize("198.51.100.1");
    advance(300);
    const r = l.admit("198.51.100.1");
    expect(r).toEqual({ ok: false, reason: "cooldown", retryAfterMs: 700 });
    expect(refusalReason(r as Refused)).toBe("700 ms: this address is cooling down after a policy violation");
    expect(l.admit("198.51.100.2").ok).toBe(true);
    l.penalize("198.51.100.3"); // penalized later: expires later
    advance(700);
    expect(l.admit("198.51.100.1").ok).toBe(true);
    expect(l.admit("198.51.100.3").ok).toBe(false);
    expect(l.stats().coolingDown).toBe(1);
    advance(300);
    expect(l.stats().coolingDown).toBe(0);
  });

  it("a penalty again restarts the cooldown", () => {
    const { l, advance } = limits(10, 1000);
    l.penalize("198.51.100.1");
    advance(900);
    l.penalize("198.51.100.1");
    advance(900);
    expect(l.admit("198.51.100.1")).toMatchObject({ ok: false, retryAfterMs: 100 });
  });

  it("penalizes an address refused at its limit more than `limit` times within one cooldown", () => {
    const { l, advance } = limits(2, 1000);
    const held = [l.admit("192.0.2.9"), l.admit("192.0.2.9")];
    expect(l.admit("192.0.2.9")).toMatchObject({ reason: "limit" });
    advance(1000); // a new window: a client that waits as told is never penalized
    expect(l.admit("192.0.2.9")).toMatchObject({ reason: "limit" });
    expect(l.admit("192.0.2.9")).toMatchObject({ reason: "limit" });
    expect(l.admit("192.0.2.9")).toMatchObject({ reason: "limit" }); // the 3rd in the window: penalized
    for (const h of held) if (h.ok) h.release();
    expect(l.admit("192.0.2.9")).toMatchObject({ ok: false, reason: "cooldown", retryAfterMs: 1000 });
  });

  it("maxConnectionsPerIp false: no limit, the cooldown still applies; cooldown 0: no cooldown", () => {
    const { l } = limits(false, 1000);
    for (let i = 0; i < 50; i++) expect(l.admit("192.0.2.1").ok).toBe(true);
    l.penalize("192.0.2.1");
    expect(l.admit("192.0.2.1").ok).toBe(false);
    const none = limits(1, 0).l;
    none.penalize("192.0.2.1");
    expect(none.admit("192.0.2.1").ok).toBe(true);
    expect(none.admit("192.0.2.1")).toEqual({ ok: false, reason: "limit", retryAfterMs: 0 });
  });

  it("never limits nor penalizes loopback clients (by default)", () => {
    const { l } = limits(1, 1000);
    for (const ip of ["127.0.0.1", "127.0.0.1", "::1", "::ffff:127.0.0.1", "127.9.9.9"]) expect(l.admit(ip).ok).toBe(true);
    l.penalize("127.0.0.1");
    expect(l.admit("127.0.0.1").ok).toBe(true);
    expect(l.stats()).toEqual({ addresses: 0, connections: 0, coolingDown: 0 });
    const strict = new IpLimits({ maxConnectionsPerIp: 1, reconnectCooldownMs: 0, exempt: () => false });
    expect(strict.admit("127.0.0.1").ok).toBe(true);
    expect(strict.admit("127.0.0.1").ok).toBe(false);
  });

  it("counts IPv4-mapped addresses as IPv4, and IPv6 addresses per /64", () => {
    const { l } = limits(2, 1000);
    expect(l.admit("::ffff:192.0.2.1").ok).toBe(true);
    expect(l.admit("192.0.2.1").ok).toBe(true);
    expect(l.admit("192.0.2.1").ok).toBe(false);
    expect(l.admit("2001:db8:0:1::1").ok).toBe(true);
    expect(l.admit("2001:db8:0:1:ffff:ffff:ffff:ffff").ok).toBe(true);
    expect(l.admit("2001:db8::1:abcd:0:0:1").ok).toBe(false); // the same /64, written another way
    expect(l.admit("2001:db8:0:2::1").ok).toBe(true);
  });

  it("checks its options", () => {
    expect(() => new IpLimits({ maxConnectionsPerIp: 0, reconnectCooldownMs: 0 })).toThrow(TypeError);
    expect(() => new IpLimits({ maxConnectionsPerIp: 1, reconnectCooldownMs: -1 })).toThrow(TypeError);
  });
});

describe("addresses", () => {
  it("normalizeAddress, addressKey, isLoopback", () => {
    expect(normalizeAddress(" ::FFFF:192.0.2.7 ")).toBe("192.0.2.7");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(addressKey("2001:db8:a:b:c:d:e:f")).toBe("2001:db8:a:b::/64");
    expect(addressKey("::ffff:1.2.3.4")).toBe("1.2.3.4");
    expect(addressKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("x".repeat(100))).toHaveLength(64);
    expect(["127.0.0.1", "127.255.0.1", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(["128.0.0.1", "::2", "::", "192.0.2.1", "fd00::1", "localhost"].map(isLoopback)).toEqual([false, false, false, false, false, false]);
  });
});

/** A request as the resolver sees it: the socket's peer and an optional X-Forwarded-For. */
const req = (peer: string | undefined, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { "x-forwarded-for": xff } }) as unknown as IncomingMessage;

describe("the client address (trustProxy)", () => {
  it("false: the socket's peer, X-Forwarded-For ignored and warned about once", () => {
    const warn = vi.fn();
    const ip = clientIpResolver(false, warn);
    expect(ip(req("::ffff:192.0.2.1"))).toBe("192.0.2.1");
    expect(ip(req("192.0.2.1", "203.0.113.1"))).toBe("192.0.2.1");
    expect(ip(req("192.0.2.1", "203.0.113.2"))).toBe("192.0.2.1");
    expect(warn).toHaveBeenCalledOnce();
    expect(ip(req(undefined))).toBe(""); // a socket already gone
  });

  it("a hop count: the n-th entry from the right, the leftmost when there are fewer", () => {
    const one = clientIpResolver(resolveTrustProxy(true));
    expect(one(req("10.0.0.1", "6.6.6.6, 203.0.113.1"))).toBe("203.0.113.1");
    expect(one(req("10.0.0.1"))).toBe("10.0.0.1"); // no header: the peer
    expect(one(req("10.0.0.1", " , "))).toBe("10.0.0.1"); // nothing but blanks
    const two = clientIpResolver(resolveTrustProxy(2));
    expect(two(req("10.0.0.1", "6.6.6.6, 203.0.113.1, 10.0.0.2"))).toBe("203.0.113.1");
    expect(two(req("10.0.0.1", "203.0.113.1"))).toBe("203.0.113.1");
    const five = clientIpResolver(resolveTrustProxy(5));
    expect(five(req("10.0.0.1", "203.0.113.1, 10.0.0.2"))).toBe("203.0.113.1");
  });

  it("a list: right to left past the listed proxies, to the first unlisted hop", () => {
    const ip = clientIpResolver(resolveTrustProxy(["10.0.0.0/8", "::1", "2001:db8::/32"]));
    expect(ip(req("10.1.2.3", "6.6.6.6, 203.0.113.1, 10.9.9.9"))).toBe("203.0.113.1");
    expect(ip(req("::ffff:10.1.2.3", "203.0.113.1"))).toBe("203.0.113.1"); // a mapped peer is its IPv4 address
    expect(ip(req("::1", "203.0.113.1, [2001:db8:1::7]:443"))).toBe("203.0.113.1"); // IPv6, brackets and port dropped
    expect(ip(req("::1", "[2001:db9::7]:443, 2001:db8::9"))).toBe("2001:db9::7");
    expect(ip(req("192.0.2.1", "203.0.113.1"))).toBe("192.0.2.1"); // an unlisted peer: its header is not believed
    expect(ip(req("10.0.0.1", "203.0.113.1:8080, 10.0.0.2"))).toBe("203.0.113.1"); // ports dropped
    expect(ip(req("10.0.0.1", "10.0.0.3, 10.0.0.2"))).toBe("10.0.0.3"); // all listed: the leftmost
    expect(ip(req("10.0.0.1", "unknown, 10.0.0.2"))).toBe("unknown"); // not an address: not a listed proxy either
  });

  it("checks the option: every bad value is a TypeError", () => {
    expect(resolveTrustProxy(undefined)).toBe(false);
    expect(resolveTrustProxy(false)).toBe(false);
    expect(resolveTrustProxy(true)).toBe(1);
    expect(resolveTrustProxy(3)).toBe(3);
    expect(resolveTrustProxy(["10.0.0.0/8", "192.0.2.1", "fd00::/8", "::ffff:10.0.0.1"])).toEqual(["10.0.0.0/8", "192.0.2.1", "fd00::/8", "::ffff:10.0.0.1"]);
    const bad: Array<[unknown, RegExp]> = [
      [0, /hop count >= 1/],
      [1.5, /hop count >= 1/],
      [-1, /hop count >= 1/],
      [[], /at least one proxy/],
      ["10.0.0.1", /must be false, true, a hop count or an array/],
      ["loopback", /must be false, true, a hop count or an array/],
      [{}, /must be false, true, a hop count or an array/],
      [null, /must be false, true, a hop count or an array/],
      [["10.0.0.300"], /"10.0.0.300" is not an IP address or a CIDR range/],
      [["example.com"], /not an IP address/],
      [[10], /10 is not a string/],
      [["10.0.0.0/33"], /prefix length must be 0-32/],
      [["fd00::/129"], /prefix length must be 0-128/],
      [["10.0.0.0/8/1"], /not an IP address/],
      [["10.0.0.0/x"], /prefix length/],
      [["fe80::1%eth0"], /not an IP address/],
      [["0.0.0.0/0"], /every address/],
      [["::/0"], /every address/],
    ];
    for (const [v, message] of bad) {
      expect(() => resolveTrustProxy(v), JSON.stringify(v)).toThrow(TypeError);
      expect(() => resolveTrustProxy(v), JSON.stringify(v)).toThrow(message);
    }
  });
});

class V extends LiveView {
  override render() {
    return "x" as never;
  }
}
const routes = liveRoutes([{ path: "/", view: V }]);
const secret = "s".repeat(32);

describe("the connection options", () => {
  it("default to 10 connections per address, a 5 s cooldown, no trusted proxy, strict events", () => {
    const o = resolveOptions({ routes, secret });
    expect(o.maxConnectionsPerIp).toBe(10);
    expect(o.reconnectCooldownMs).toBe(5000);
    expect(o.trustProxy).toBe(false);
    expect(o.eventSecurity).toBe("strict");
    expect([DEFAULTS.maxConnectionsPerIp, DEFAULTS.reconnectCooldownMs, DEFAULTS.trustProxy, DEFAULTS.eventSecurity]).toEqual([10, 5000, false, "strict"]);
    const set = resolveOptions({ routes, secret, maxConnectionsPerIp: false, reconnectCooldownMs: 0, trustProxy: ["10.0.0.0/8"] });
    expect([set.maxConnectionsPerIp, set.reconnectCooldownMs, set.trustProxy]).toEqual([false, 0, ["10.0.0.0/8"]]);
  });

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["a limit of 0", { maxConnectionsPerIp: 0 }, /"maxConnectionsPerIp" must be an integer >= 1/],
    ["a limit of true", { maxConnectionsPerIp: true }, /"maxConnectionsPerIp" must be an integer >= 1/],
    ["a fractional limit", { maxConnectionsPerIp: 2.5 }, /"maxConnectionsPerIp"/],
    ["a negative cooldown", { reconnectCooldownMs: -1 }, /"reconnectCooldownMs" must be an integer >= 0/],
    ["a cooldown in seconds as a string", { reconnectCooldownMs: "5s" }, /"reconnectCooldownMs" must be an integer >= 0, got "5s"/],
    ["a trustProxy string", { trustProxy: "10.0.0.1" }, /"trustProxy" must be false, true, a hop count or an array/],
    ["a trustProxy that trusts everyone", { trustProxy: ["0.0.0.0/0"] }, /"trustProxy": "0.0.0.0\/0" is every address/],
  ];
  for (const [what, extra, message] of cases) {
    it(`refuses ${what} with a TypeError`, () => {
      const options = { routes, secret, ...extra } as unknown as ReinOptions;
      expect(() => createRein(options)).toThrow(TypeError);
      expect(() => createRein(options)).toThrow(message);
    });
  }
});
