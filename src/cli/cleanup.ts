/**
 * `rein cleanup --ttl <s> [--stats]`: deletes the view states (`v:` keys) not written for more than `ttl` seconds.
 * djust's `cleanup_liveview_sessions --ttl=7200 --stats`.
 *
 * Redis expires every key by itself (each write sets the key's TTL), so this is only needed to free memory
 * sooner than the app's `stateTtlMs`. Rein stores no timestamp: a view state's age is derived from its remaining
 * TTL. Every write of a joined view's state sets its TTL to `stateTtlMs` (default 6 h), so
 *
 *     age = stateTtl - PTTL        and a state is older than `ttl` when   PTTL < stateTtl - ttl.
 *
 * One exception: a page rendered but not joined yet is stored with the shorter `pageTtlMs` (default 10 min), so
 * a key with at most `pageTtl` left may be a page rendered moments ago; such keys are kept (whatever their age,
 * they expire within `pageTtl` anyway). Keys without expiry are kept too (Rein never writes one). Pass
 * `--state-ttl` / `--page-ttl` when the app sets other values. The check and the delete are one Lua script per
 * SCAN batch, so a state written meanwhile (its TTL reset) is never deleted.
 * @module
 */
import type { Command } from "commander";
import { DEFAULTS } from "../server/options.ts";
import type { RedisBackend } from "../state/redis.ts";
import {
  backendOptions,
  type BackendFlags,
  CliError,
  closeBackend,
  formatBytes,
  formatDuration,
  globEscape,
  openBackend,
  plural,
  positiveInt,
  print,
  printJson,
} from "./common.ts";
import { SCAN_COUNT, VIEW } from "./keys.ts";

/** Options of `rein cleanup`. */
export interface CleanupFlags extends BackendFlags {
  /** Seconds: view states older than this are deleted. */
  ttl: number;
  /** The app's `stateTtlMs`, in seconds. */
  stateTtl: number;
  /** The app's `pageTtlMs`, in seconds. */
  pageTtl: number;
  /** Print what was removed. */
  stats?: boolean;
}

/** What `rein cleanup --json` prints. */
export interface CleanupReport {
  url: string;
  prefix: string;
  /** The rule, in ms: deleted when `pageTtlMs < PTTL < stateTtlMs - ttlMs`. */
  ttlMs: number;
  stateTtlMs: number;
  pageTtlMs: number;
  /** View states looked at. */
  scanned: number;
  /** View states deleted, their stored bytes, and the ages of the youngest and oldest deleted (ms). */
  removed: { keys: number; bytes: number; youngestMs: number | null; oldestMs: number | null };
  /** View states kept: younger than `ttl`, within `pageTtl` of expiry, without expiry (or gone meanwhile). */
  kept: number;
}

/**
 * Deletes, atomically per batch, the keys whose PTTL is in (ARGV[2], ARGV[1]); returns [key, pttl, strlen]
 * triples of what it deleted.
 */
const DELETE_OLD = `
local out = {}
local below = tonumber(ARGV[1])
local above = tonumber(ARGV[2])
for _, k in ipairs(KEYS) do
  local t = redis.call('PTTL', k)
  if t > above and t < below then
    local n = redis.call('STRLEN', k)
    redis.call('DEL', k)
    table.insert(out, k)
    table.insert(out, t)
    table.insert(out, n)
  end
end
return out
`;

/** Registers `rein cleanup`. */
export function registerCleanup(program: Command): void {
  const sec = (ms: number) => Math.round(ms / 1000);
  backendOptions(
    program
      .command("cleanup")
      .summary("delete the view states not written for more than --ttl seconds")
      .description(
        "Delete the stored view states (v: keys) older than --ttl seconds. Redis expires them by itself after the " +
          "app's stateTtlMs; this frees memory sooner. Age = stateTtl - remaining TTL (each write sets the TTL to " +
          "stateTtl); keys with at most --page-ttl left are kept (possibly a page rendered moments ago, waiting for " +
          "its socket; they expire within that time anyway). Sessions are never touched.",
      ),
  )
    .requiredOption("--ttl <seconds>", "delete view states older than this", positiveInt("--ttl"))
    .option("--stats", "print what was removed")
    .option("--state-ttl <seconds>", "the app's stateTtlMs, in seconds", positiveInt("--state-ttl"), sec(DEFAULTS.stateTtlMs))
    .option("--page-ttl <seconds>", "the app's pageTtlMs, in seconds", positiveInt("--page-ttl"), sec(DEFAULTS.pageTtlMs))
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 1 bad options or Redis unreachable.\n\nExamples:\n" +
        "  rein cleanup --ttl 7200 --stats          # djust: cleanup_liveview_sessions --ttl=7200 --stats\n" +
        "  rein cleanup --ttl 600 --state-ttl 3600 --json",
    )
    .action(async (flags: CleanupFlags) => {
      if (flags.ttl >= flags.stateTtl) {
        throw new CliError(
          `--ttl (${flags.ttl} s) must be below --state-ttl (${flags.stateTtl} s): Redis already expires every view state after stateTtl`,
        );
      }
      const { backend, url } = await openBackend(flags);
      try {
        const report = await cleanup(backend, url, flags.ttl * 1000, flags.stateTtl * 1000, flags.pageTtl * 1000);
        if (flags.json) printJson(report);
        else print(...formatCleanup(report, flags.stats === true));
      } finally {
        await closeBackend(backend);
      }
    });
}

/**
 * Deletes the view states older than `ttlMs` (see the module comment for the rule) and says what it did.
 * @throws Error when Redis fails.
 */
export async function cleanup(backend: RedisBackend, url: string, ttlMs: number, stateTtlMs: number, pageTtlMs: number): Promise<CleanupReport> {
  const redis = backend.redis;
  const report: CleanupReport = {
    url,
    prefix: backend.prefix,
    ttlMs,
    stateTtlMs,
    pageTtlMs,
    scanned: 0,
    removed: { keys: 0, bytes: 0, youngestMs: null, oldestMs: null },
    kept: 0,
  };
  const below = stateTtlMs - ttlMs;
  const seen = new Set<string>();
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", globEscape(backend.prefix + VIEW) + "*", "COUNT", SCAN_COUNT);
    cursor = next;
    const batch = found.filter((k) => !seen.has(k) && (seen.add(k), true));
    if (batch.length === 0) continue;
    report.scanned += batch.length;
    const out = below > pageTtlMs ? ((await redis.eval(DELETE_OLD, batch.length, ...batch, below, pageTtlMs)) as (string | number)[]) : [];
    for (let i = 0; i < out.length; i += 3) {
      const age = stateTtlMs - Number(out[i + 1]);
      const r = report.removed;
      r.keys++;
      r.bytes += Number(out[i + 2]);
      r.youngestMs = r.youngestMs === null ? age : Math.min(r.youngestMs, age);
      r.oldestMs = r.oldestMs === null ? age : Math.max(r.oldestMs, age);
    }
  } while (cursor !== "0");
  report.kept = report.scanned - report.removed.keys;
  return report;
}

/** The text form of a {@link CleanupReport}; `stats` adds the details (`--stats`). */
export function formatCleanup(r: CleanupReport, stats: boolean): string[] {
  const lines = [`Removed ${plural(r.removed.keys, "view state")} older than ${formatDuration(r.ttlMs)}.`];
  if (r.stateTtlMs - r.ttlMs <= r.pageTtlMs) {
    lines.push(`(Nothing can be older than that without being within --page-ttl of expiry: Redis expires those itself.)`);
  }
  if (!stats) return lines;
  const age = (ms: number | null) => (ms === null ? "-" : formatDuration(ms));
  lines.push(
    `  scanned:  ${plural(r.scanned, "view state")} under "${r.prefix}" on ${r.url}`,
    `  removed:  ${r.removed.keys} (${formatBytes(r.removed.bytes)}), ages ${age(r.removed.youngestMs)} to ${age(r.removed.oldestMs)}`,
    `  kept:     ${r.kept}`,
    `  rule:     age = ${formatDuration(r.stateTtlMs)} (state TTL) - TTL left; kept when TTL left <= ${formatDuration(r.pageTtlMs)} (page TTL)`,
  );
  return lines;
}
