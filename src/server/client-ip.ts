/**
 * The client's address of a request: the socket's remote address, or, behind trusted reverse proxies (option
 * `trustProxy`), the rightmost `X-Forwarded-For` entry that no trusted proxy wrote. Per-address limits
 * (`ip-limits.ts`) count what this returns; every transport resolves its requests here. See docs/security.md.
 *
 * `X-Forwarded-For: a, b, c` arriving from peer `p` is the chain `a, b, c, p`, nearest hop last; each proxy
 * appends the address it saw. Only entries written by proxies the server trusts can be believed: a client can
 * send any `X-Forwarded-For` it likes, so entries left of the first untrusted hop are its own words.
 * @module
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import { normalizeAddress } from "./ip-limits.ts";

/**
 * Which hops in front of the server are reverse proxies whose `X-Forwarded-For` entries are believed:
 * - `false` (default): none; the client is the socket's peer, `X-Forwarded-For` is ignored.
 * - `true`: the nearest hop only (the same as `1`): the client is the rightmost `X-Forwarded-For` entry. Note:
 *   Express's `trust proxy: true` trusts every hop (the leftmost entry, which any client can forge); Rein's does not.
 * - a number `n` >= 1: the `n` nearest hops are proxies (the peer and the `n - 1` rightmost entries); the client
 *   is the `n`-th entry from the right (the leftmost when there are fewer).
 * - a list of proxy addresses and CIDR ranges (`["10.0.0.0/8", "::1"]`): going right to left from the peer, every
 *   hop in the list is skipped; the client is the first hop that is not (the leftmost when all are).
 */
export type TrustProxy = boolean | number | readonly string[];

/** {@link TrustProxy} checked: `false`, a hop count, or a list of addresses and ranges. */
export type ResolvedTrustProxy = false | number | readonly string[];

/**
 * Checks a `trustProxy` option value.
 * @throws TypeError naming the option: a value of another type, a hop count that is not an integer >= 1, an empty
 * list, an entry that is not an IP address or a CIDR range (`/0` ranges included: trusting every address would
 * let any client choose its own).
 */
export function resolveTrustProxy(v: unknown): ResolvedTrustProxy {
  if (v === undefined || v === false) return false;
  if (v === true) return 1;
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 1) throw new TypeError(`option "trustProxy" must be a hop count >= 1 (or false), got ${v}`);
    return v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) throw new TypeError(`option "trustProxy" must list at least one proxy address or range (or be false)`);
    for (const entry of v) {
      const problem = typeof entry === "string" ? rangeProblem(entry) : "not a string";
      if (problem) throw new TypeError(`option "trustProxy": ${JSON.stringify(entry)} is ${problem}`);
    }
    return Object.freeze([...(v as string[])]);
  }
  throw new TypeError(
    `option "trustProxy" must be false, true, a hop count or an array of proxy addresses and CIDR ranges, got ${typeof v === "string" ? JSON.stringify(v) : typeof v}`,
  );
}

/** Why `entry` is not an IP address nor a CIDR range, or `undefined` when it is one. */
function rangeProblem(entry: string): string | undefined {
  const [addr = "", prefix, extra] = entry.split("/");
  const family = isIP(normalizeAddress(addr));
  if (family === 0 || addr.includes("%") || extra !== undefined) return "not an IP address or a CIDR range (\"10.0.0.0/8\")";
  if (prefix === undefined) return undefined;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  const max = family === 4 || normalizeAddress(addr) !== addr ? 32 : 128;
  if (!(bits >= 0 && bits <= max)) return `not a CIDR range: the prefix length must be 0-${max}`;
  if (bits === 0) return "every address: a client could then choose its own address";
  return undefined;
}

/**
 * Makes the function that gives a request's client address under `trust` (see {@link TrustProxy}).
 * @param warn - told once, when a request carries `X-Forwarded-For` while `trust` is `false` (a proxy nobody
 *   declared: every client behind it would share its address and its limits).
 */
export function clientIpResolver(trust: ResolvedTrustProxy, warn?: (message: string) => void): (req: IncomingMessage) => string {
  if (trust === false) {
    let warned = !warn;
    return (req) => {
      if (!warned && req.headers["x-forwarded-for"] !== undefined) {
        warned = true;
        warn!(
          `requests carry X-Forwarded-For but the option "trustProxy" is false: the header is ignored and every client ` +
            `behind that proxy shares its address (${peerOf(req)}) and its connection limit; name the proxy in "trustProxy"`,
        );
      }
      return peerOf(req);
    };
  }
  if (typeof trust === "number") {
    return (req) => {
      const chain = chainOf(req);
      return chain[Math.max(0, chain.length - 1 - trust)]!;
    };
  }
  const proxies = new BlockList();
  for (const entry of trust) {
    const [addr = "", prefix] = entry.split("/");
    const a = normalizeAddress(addr);
    const type = isIP(a) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) proxies.addAddress(a, type);
    else proxies.addSubnet(a, Number(prefix), type);
  }
  const trusted = (a: string) => {
    const family = isIP(a);
    return family !== 0 && proxies.check(a, family === 4 ? "ipv4" : "ipv6");
  };
  return (req) => {
    const chain = chainOf(req);
    let i = chain.length - 1;
    while (i > 0 && trusted(chain[i]!)) i--;
    return chain[i]!;
  };
}

/** The socket's remote address, tidied (`""` once the socket is gone). */
function peerOf(req: IncomingMessage): string {
  return normalizeAddress(req.socket.remoteAddress ?? "");
}

/** The hops of a request, farthest first: the `X-Forwarded-For` entries (ports and brackets dropped), then the peer. */
function chainOf(req: IncomingMessage): string[] {
  const header = req.headers["x-forwarded-for"];
  const chain: string[] = [];
  if (typeof header === "string") {
    for (const raw of header.split(",")) {
      const entry = hostOf(raw.trim());
      if (entry) chain.push(entry);
    }
  }
  chain.push(peerOf(req));
  return chain;
}

/** An `X-Forwarded-For` entry without its port: `[2001:db8::1]:443` and `192.0.2.1:80` as their addresses. */
function hostOf(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return normalizeAddress(bracketed[1]!);
  const v4port = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return normalizeAddress(v4port ? v4port[1]! : entry);
}
