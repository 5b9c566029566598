/**
 * Per-address connection accounting, for every transport: at most `maxConnectionsPerIp` connections open at once
 * per client address, and a cooldown during which an address that abused the server (a frame flood, a frame over
 * the size cap, a broken WebSocket protocol, or hammering past its connection limit) is refused. A transport asks
 * {@link IpLimits.admit} before it serves a client, calls the admission's `release()` when the connection ends,
 * and {@link IpLimits.penalize} when it closes a client for abuse. The WebSocket transport refuses with close code
 * `CLOSE.tryLater` (4429) and the reason {@link refusalReason}; see docs/security.md.
 *
 * Addresses are counted by {@link addressKey}: an IPv4 address (IPv4-mapped IPv6 included) on its own, an IPv6
 * address by its /64 network (one household or phone gets a whole /64). Loopback clients are not limited by
 * default: they are this machine (development, tests, benchmarks, or a reverse proxy on the same host that
 * `trustProxy` does not name, which would otherwise put every user behind one address and one limit).
 * @module
 */
import { isIP, isIPv6 } from "node:net";
import { performance } from "node:perf_hooks";

/** Options of {@link IpLimits}. Times in ms. */
export interface IpLimitsOptions {
  /** Connections one address may hold open at once; `false`: no limit (the cooldown still applies). */
  maxConnectionsPerIp: number | false;
  /** How long an address that abused the server is refused, and how long a client refused at the limit should wait. `0`: no cooldown. */
  reconnectCooldownMs: number;
  /** Addresses never limited nor penalized (given as {@link normalizeAddress} leaves them). Default: {@link isLoopback}. */
  exempt?: (address: string) => boolean;
  /** A monotonic clock in ms. Default: `performance.now`. For tests. */
  now?: () => number;
}

/** A connection let in: call `release()` once it ends (calling it again does nothing). */
export interface Admitted {
  readonly ok: true;
  release(): void;
}

/**
 * A connection refused: the client should wait `retryAfterMs` before trying again. `reason` is `"limit"` (the
 * address holds `maxConnectionsPerIp` connections already) or `"cooldown"` (the address abused the server).
 */
export interface Refused {
  readonly ok: false;
  readonly reason: "limit" | "cooldown";
  readonly retryAfterMs: number;
}

/** The answer of {@link IpLimits.admit}. */
export type Admission = Admitted | Refused;

/** What {@link IpLimits.stats} reports. */
export interface IpLimitsStats {
  /** Addresses (keys) holding at least one connection. */
  addresses: number;
  /** Connections counted (exempt addresses are not). */
  connections: number;
  /** Addresses refused until their cooldown ends. */
  coolingDown: number;
}

const NOOP = (): void => {};
const ADMITTED_EXEMPT: Admitted = Object.freeze({ ok: true as const, release: NOOP });
/** The longest key kept for an address that is not an IP address (a proxy's odd `X-Forwarded-For` entry). */
const MAX_KEY_LENGTH = 64;

/**
 * Counts open connections per client address and keeps the cooldowns of addresses that abused the server. One
 * instance per application, shared by all its transports, so that a client's WebSockets and HTTP streams count
 * against one limit.
 */
export class IpLimits {
  readonly #max: number | false;
  readonly #cooldown: number;
  readonly #exempt: (address: string) => boolean;
  readonly #now: () => number;
  /** Open connections per key (keys with none are removed). */
  readonly #open = new Map<string, number>();
  /** When each penalized key's cooldown ends. Insertion order is expiry order (one cooldown length for all). */
  readonly #cooling = new Map<string, number>();
  /** Refusals at the limit per key in the current window (one cooldown long); insertion order is window order. */
  readonly #refusals = new Map<string, { n: number; since: number }>();

  /** @throws TypeError for a limit that is not `false` or an integer >= 1, or a negative cooldown. */
  constructor(options: IpLimitsOptions) {
    const { maxConnectionsPerIp: max, reconnectCooldownMs: cooldown } = options;
    if (max !== false && !(Number.isSafeInteger(max) && max >= 1)) throw new TypeError(`maxConnectionsPerIp must be false or an integer >= 1, got ${String(max)}`);
    if (!(Number.isSafeInteger(cooldown) && cooldown >= 0)) throw new TypeError(`reconnectCooldownMs must be an integer >= 0, got ${String(cooldown)}`);
    this.#max = max;
    this.#cooldown = cooldown;
    this.#exempt = options.exempt ?? isLoopback;
    this.#now = options.now ?? (() => performance.now());
  }

  /**
   * Asks to open one connection for the client address `ip` (as a transport knows it: the socket's remote
   * address, or the client address resolved through trusted proxies). Refused while the address cools down, or
   * when it holds `maxConnectionsPerIp` connections already; an address refused at its limit more than
   * `maxConnectionsPerIp` times within one cooldown (a client that does not wait as told) is penalized.
   */
  admit(ip: string): Admission {
    const address = normalizeAddress(ip);
    if (this.#exempt(address)) return ADMITTED_EXEMPT;
    const key = addressKey(address);
    const now = this.#now();
    this.#sweep(now);
    const until = this.#cooling.get(key);
    if (until !== undefined) return { ok: false, reason: "cooldown", retryAfterMs: Math.max(1, Math.ceil(until - now)) };
    const open = this.#open.get(key) ?? 0;
    if (this.#max !== false && open >= this.#max) {
      this.#refusedAtLimit(key, now);
      return { ok: false, reason: "limit", retryAfterMs: this.#cooldown };
    }
    this.#open.set(key, open + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.#open.get(key) ?? 1) - 1;
        if (n > 0) this.#open.set(key, n);
        else this.#open.delete(key);
      },
    };
  }

  /**
   * Starts (or restarts) the cooldown of `ip`: its new connections are refused for `reconnectCooldownMs`. The
   * connections it holds are the transport's to close. Call it when closing a client for abuse.
   */
  penalize(ip: string): void {
    const address = normalizeAddress(ip);
    if (this.#cooldown === 0 || this.#exempt(address)) return;
    const key = addressKey(address);
    const now = this.#now();
    this.#sweep(now);
    this.#cooling.delete(key); // re-inserted last: insertion order stays expiry order
    this.#cooling.set(key, now + this.#cooldown);
  }

  /** What is counted right now. */
  stats(): IpLimitsStats {
    this.#sweep(this.#now());
    let connections = 0;
    for (const n of this.#open.values()) connections += n;
    return { addresses: this.#open.size, connections, coolingDown: this.#cooling.size };
  }

  #refusedAtLimit(key: string, now: number): void {
    if (this.#cooldown === 0) return;
    let r = this.#refusals.get(key);
    if (!r) this.#refusals.set(key, (r = { n: 0, since: now }));
    if (++r.n > (this.#max as number)) {
      this.#refusals.delete(key);
      this.#cooling.delete(key);
      this.#cooling.set(key, now + this.#cooldown);
    }
  }

  /** Forgets cooldowns and refusal windows that ended (the oldest first: both maps are in expiry order). */
  #sweep(now: number): void {
    for (const [key, until] of this.#cooling) {
      if (until > now) break;
      this.#cooling.delete(key);
    }
    for (const [key, r] of this.#refusals) {
      if (r.since + this.#cooldown > now) break;
      this.#refusals.delete(key);
    }
  }
}

/**
 * The close reason (at most 123 bytes) that goes with `CLOSE.tryLater`: the milliseconds to wait first, so that
 * `parseInt(reason)` reads them (the browser client does), then words for people.
 */
export function refusalReason(r: Refused): string {
  return r.reason === "limit"
    ? `${r.retryAfterMs} ms: too many connections from this address`
    : `${r.retryAfterMs} ms: this address is cooling down after a policy violation`;
}

/** An address as written, tidied: trimmed, its IPv6 zone (`%eth0`) dropped, an IPv4-mapped IPv6 address as IPv4. */
export function normalizeAddress(ip: string): string {
  const a = ip.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

/**
 * The key an address is counted under: an IPv4 address as it is (`::ffff:192.0.2.1` is `192.0.2.1`), an IPv6
 * address by its /64 network (`2001:db8:0:1::/64`), its zone (`%eth0`) dropped; anything else (an address a
 * proxy wrote oddly) as its first 64 characters.
 */
export function addressKey(ip: string): string {
  const a = normalizeAddress(ip);
  if (isIPv6(a)) return `${ipv6Groups(a).slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
  return a.slice(0, MAX_KEY_LENGTH);
}

/** Whether an address is a loopback one: 127.0.0.0/8, `::1`, `::ffff:127.0.0.1`. */
export function isLoopback(ip: string): boolean {
  const a = normalizeAddress(ip);
  if (isIP(a) === 4) return a.startsWith("127.");
  return isIPv6(a) && ipv6Groups(a).every((g, i) => g === (i === 7 ? 1 : 0));
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded dotted IPv4 tail counts as two). */export function ipv6Groups(a: string): number[] {
  let s = a;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = s.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
