/**
 * `rein health`: is the configured Redis backend usable? PING round trip, server version and memory
 * ({@link RedisBackend.health}). Exit code 0 when healthy, 1 otherwise (unreachable, no Redis configured, a
 * failing PING). Mirrors `python -m djust.cli health`; fit for a container's health check.
 * @module
 */
import type { Command } from "commander";
import type { RedisHealth } from "../state/redis.ts";
import { backendOptions, type BackendFlags, closeBackend, fail, formatBytes, openBackend, print, printJson, redact, redisUrl } from "./common.ts";

/** What `rein health --json` prints. */
export interface HealthReport extends RedisHealth {
  /** The Redis URL, password hidden; absent when none is configured. */
  url?: string;
}

/** Registers `rein health`. */
export function registerHealth(program: Command): void {
  backendOptions(
    program
      .command("health")
      .summary("PING round trip, version and memory of Redis; exit 0 when healthy, 1 otherwise")
      .description(
        "Check the Redis state backend: PING round trip, server version and used memory. Exits 0 when healthy, " +
          "1 otherwise (unreachable, no Redis configured, an error).",
      ),
  )
    .addHelpText(
      "after",
      "\nExit codes: 0 healthy, 1 unhealthy or unreachable (the reason on stderr, or in the JSON).\n\nExamples:\n" +
        "  rein health --redis redis://127.0.0.1:6379\n  REIN_REDIS_URL=redis://redis:6379 rein health --json --timeout 2000",
    )
    .action(async (flags: BackendFlags) => {
      const report = await checkHealth(flags);
      if (flags.json) printJson(report);
      if (!report.ok) return fail(`unhealthy: ${report.error}`);
      if (!flags.json) {
        const memory = report.usedMemory === undefined ? "?" : formatBytes(report.usedMemory);
        print(`healthy: Redis ${report.version ?? "?"} at ${report.url}, PING ${report.pingMs} ms, used memory ${memory}`);
      }
    });
}

/** Connects and asks {@link RedisBackend.health}; every failure becomes `{ ok: false, error }`. */
export async function checkHealth(flags: BackendFlags): Promise<HealthReport> {
  const raw = redisUrl(flags);
  const url = raw === undefined ? {} : { url: redact(raw) };
  let opened;
  try {
    opened = await openBackend(flags);
  } catch (err) {
    return { ok: false, ...url, error: (err as Error).message };
  }
  try {
    return { ...(await opened.backend.health()), url: opened.url };
  } finally {
    await closeBackend(opened.backend);
  }
}
