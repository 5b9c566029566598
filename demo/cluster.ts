/**
 * `npm run start:cluster`: the gallery on several worker processes sharing one port (node's `cluster`), with state,
 * sessions, PubSub and presence in Redis, so that any worker can serve any browser and the loss of a worker loses
 * nothing: its browsers reconnect to another worker, which restores their views from Redis.
 *
 * Environment:
 * - `REIN_REDIS_URL` (required): the Redis of the backend and PubSub.
 * - `REIN_SECRET`: the key that signs tokens and cookies; every worker must share it, and a restart with the same
 *   one keeps every browser's session. Without it the primary makes a random one for its workers (and says so).
 * - `REIN_WORKERS`: how many workers (default 2). `PORT` (default 8000) and `HOST` (default 127.0.0.1).
 *
 * A worker that dies is replaced. `kill -HUP <primary pid>` restarts the workers one at a time (a rolling restart:
 * each new worker listens before the old one leaves, so the port always has a worker).
 * @module
 */
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";

/** Default number of workers. */
const DEFAULT_WORKERS = 2;

if (cluster.isPrimary) {
  if (!process.env["REIN_REDIS_URL"]) {
    console.error(
      "start:cluster needs Redis: set REIN_REDIS_URL=redis://127.0.0.1:6379 (workers share state, sessions and PubSub there).",
    );
    process.exit(1);
  }
  const count = Number(process.env["REIN_WORKERS"] ?? DEFAULT_WORKERS);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    console.error(`REIN_WORKERS must be a whole number from 1 to 64, got ${process.env["REIN_WORKERS"]} (this machine has ${availableParallelism()} cores)`);
    process.exit(1);
  }
  if (!process.env["REIN_SECRET"]) {
    process.env["REIN_SECRET"] = randomBytes(32).toString("base64url");
    console.warn("REIN_SECRET is not set: the workers share a random one; a restart of the cluster starts every browser's session anew.");
  }
  let stopping = false;
  /** Workers being replaced by a rolling restart: their exit is expected. */
  const retiring = new Set<number>();
  const fork = (): Promise<Worker> =>
    new Promise((resolve) => {
      const w = cluster.fork();
      w.once("listening", () => resolve(w));
    });
  cluster.on("exit", (w, code, signal) => {
    if (stopping || retiring.delete(w.id)) return;
    console.error(`worker ${w.process.pid} died (${signal ?? code}); starting another`);
    void fork();
  });
  await Promise.all(Array.from({ length: count }, fork));
  console.log(`Rein demo gallery: http://${process.env["HOST"] ?? "127.0.0.1"}:${process.env["PORT"] ?? 8000}/ (${count} workers, Redis ${process.env["REIN_REDIS_URL"]})`);
  process.on("SIGHUP", () => {
    void (async () => {
      for (const old of Object.values(cluster.workers ?? {})) {
        if (!old) continue;
        await fork();
        // SIGTERM: the worker closes its sockets (its views store their state), then exits.
        retiring.add(old.id);
        const gone = new Promise((r) => old.once("exit", r));
        old.process.kill("SIGTERM");
        await gone;
      }
      console.log("rolling restart done");
    })();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      setTimeout(() => process.exit(0), 5000).unref();
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
} else {
  await import("./main.ts");
}
