/**
 * `rein stats`: what the configured Redis backend holds under the app's prefix. Mirrors `python -m djust.cli
 * stats`.
 *
 * Reports view states (`v:`) and browser sessions (`s:`) apart: keys, stored bytes, how many values are stored
 * compressed (their first byte is the deflate marker) and their size, the remaining TTL (min / median / max, from
 * PTTL), and Redis's own memory and version ({@link RedisBackend.health}). The bytes compression saved are only
 * known to the process that wrote them (`RedisBackend.stats()` in the app), so the CLI reports what is stored.
 * @module
 */
import type { Command } from "commander";
import type { RedisBackend, RedisHealth } from "../state/redis.ts";
import {
  backendOptions,
  type BackendFlags,
  closeBackend,
  formatBytes,
  formatDuration,
  openBackend,
  print,
  printJson,
  spread,
  table,
} from "./common.ts";
import { isCompressed, isKnownFormat, type KeyKind, scanKeys } from "./keys.ts";

/** The figures of one kind of key. */
export interface KindStats {
  keys: number;
  /** Stored bytes (compressed or not, marker byte included). */
  bytes: number;
  /** Values stored compressed (deflate marker), and their stored bytes. */
  compressed: { keys: number; bytes: number };
  /** Values stored as plain text, and their bytes. */
  plain: { keys: number; bytes: number };
  /** Values whose first byte is no marker Rein writes (not written by Rein, or corrupt). */
  unknownFormat: number;
  /** Remaining time to live in ms, over the keys that have one; `null` when none has. */
  ttlMs: { min: number; median: number; max: number } | null;
  /** Keys without expiry (Rein always sets one). */
  noExpiry: number;
}

/** What `rein stats --json` prints. */
export interface StatsReport {
  /** The Redis URL, password hidden. */
  url: string;
  prefix: string;
  /** Keys under the prefix: all of them, and by kind (`other`: presence and anything else under the prefix). */
  keys: { total: number; views: number; sessions: number; other: number };
  views: KindStats;
  sessions: KindStats;
  /** Stored bytes of views and sessions. */
  bytes: number;
  /** Compressed values of views and sessions together. */
  compression: { keys: number; bytes: number; plainKeys: number; plainBytes: number };
  /** PING round trip, version and memory of the server. */
  redis: RedisHealth;
}

/** Registers `rein stats`. */
export function registerStats(program: Command): void {
  backendOptions(
    program
      .command("stats")
      .summary("keys, sizes, TTLs and compression of the stored state, and Redis memory")
      .description(
        "Show what the Redis state backend holds under the app's prefix: view states (v:) and browser sessions " +
          "(s:) counted apart, their bytes, how many are stored compressed, their remaining TTL (min / median / " +
          "max) and Redis's memory. Needs --redis <url> or REIN_REDIS_URL: the in-memory backend lives inside the " +
          "app's process and cannot be inspected from outside.",
      ),
  )
    .addHelpText("after", "\nExit codes: 0 done, 1 no Redis configured or unreachable.\n\nExample:\n  rein stats --redis redis://127.0.0.1:6379 --json")
    .action(async (flags: BackendFlags) => {
      const { backend, url } = await openBackend(flags);
      try {
        const report = await collectStats(backend, url);
        if (flags.json) printJson(report);
        else print(...formatStats(report));
      } finally {
        await closeBackend(backend);
      }
    });
}

/**
 * Scans the backend's prefix and gathers a {@link StatsReport}.
 * @throws Error when Redis fails during the scan.
 */
export async function collectStats(backend: RedisBackend, url: string): Promise<StatsReport> {
  const kinds: Record<Exclude<KeyKind, "other">, { stats: KindStats; ttls: number[] }> = {
    view: { stats: emptyKind(), ttls: [] },
    session: { stats: emptyKind(), ttls: [] },
  };
  let other = 0;
  for await (const batch of scanKeys(backend.redis, backend.prefix)) {
    for (const k of batch) {
      if (k.pttl === -2) continue; // gone meanwhile
      if (k.kind === "other") {
        other++;
        continue;
      }
      const { stats, ttls } = kinds[k.kind];
      stats.keys++;
      stats.bytes += k.bytes;
      if (isCompressed(k)) {
        stats.compressed.keys++;
        stats.compressed.bytes += k.bytes;
      } else if (isKnownFormat(k)) {
        stats.plain.keys++;
        stats.plain.bytes += k.bytes;
      } else stats.unknownFormat++;
      if (k.pttl >= 0) ttls.push(k.pttl);
      else stats.noExpiry++;
    }
  }
  for (const kind of Object.values(kinds)) kind.stats.ttlMs = spread(kind.ttls);
  const views = kinds.view.stats;
  const sessions = kinds.session.stats;
  return {
    url,
    prefix: backend.prefix,
    keys: { total: views.keys + sessions.keys + other, views: views.keys, sessions: sessions.keys, other },
    views,
    sessions,
    bytes: views.bytes + sessions.bytes,
    compression: {
      keys: views.compressed.keys + sessions.compressed.keys,
      bytes: views.compressed.bytes + sessions.compressed.bytes,
      plainKeys: views.plain.keys + sessions.plain.keys,
      plainBytes: views.plain.bytes + sessions.plain.bytes,
    },
    redis: await backend.health(),
  };
}

function emptyKind(): KindStats {
  return {
    keys: 0,
    bytes: 0,
    compressed: { keys: 0, bytes: 0 },
    plain: { keys: 0, bytes: 0 },
    unknownFormat: 0,
    ttlMs: null,
    noExpiry: 0,
  };
}

/** The text form of a {@link StatsReport}. */
export function formatStats(r: StatsReport): string[] {
  const ttl = (s: KindStats) =>
    s.ttlMs ? `${formatDuration(s.ttlMs.min)} / ${formatDuration(s.ttlMs.median)} / ${formatDuration(s.ttlMs.max)}` : "-";
  const compressed = (s: KindStats) => (s.compressed.keys ? `${s.compressed.keys} (${formatBytes(s.compressed.bytes)})` : "0");
  const rows = [
    ["", "keys", "bytes", "compressed", "TTL left min / median / max"],
    ["views", String(r.views.keys), formatBytes(r.views.bytes), compressed(r.views), ttl(r.views)],
    ["sessions", String(r.sessions.keys), formatBytes(r.sessions.bytes), compressed(r.sessions), ttl(r.sessions)],
    ["other", String(r.keys.other), "", "", ""],
  ];
  const lines = [`Redis ${r.url}, prefix "${r.prefix}": ${r.keys.total} keys`, "", ...table(rows, new Set([1, 2])), ""];
  const odd = r.views.unknownFormat + r.sessions.unknownFormat;
  if (odd > 0) lines.push(`${odd} values with an unknown format marker (not written by Rein?)`);
  const noExpiry = r.views.noExpiry + r.sessions.noExpiry;
  if (noExpiry > 0) lines.push(`${noExpiry} keys without expiry (Rein always sets one)`);
  lines.push(
    `compression: ${r.compression.keys} values stored compressed (${formatBytes(r.compression.bytes)}), ` +
      `${r.compression.plainKeys} plain (${formatBytes(r.compression.plainBytes)})`,
  );
  const h = r.redis;
  lines.push(
    h.ok
      ? `Redis ${h.version ?? "?"}: used memory ${h.usedMemory === undefined ? "?" : formatBytes(h.usedMemory)}, PING ${h.pingMs} ms`
      : `Redis health: ${h.error}`,
  );
  return lines;
}
