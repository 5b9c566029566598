/**
 * The Redis benchmarks (issue 9), run by `npm run bench -- --only=redis` (they start their own `redis-server` on a
 * free loopback port, Debian's, and stop it): the counter's events/s and latency with 1 and 32 clients on the Redis
 * backend and PubSub beside the memory ones (target: Redis costs at most 30 %), the heap per idle session with
 * Redis, 10,000 idle connected sessions held by one process on Redis (heap and the time to join them), and a
 * broadcast to 1,000 subscribed views on each PubSub.
 * @module
 */
import { startRedis } from "../test/helpers/redis.ts";
import { benchBroadcast, type BroadcastRow } from "./broadcast.tsx";
import { benchMemory, type MemoryResult } from "./memory.ts";
import { benchThroughput, type ThroughputRow } from "./throughput.ts";

/** What {@link benchRedis} measured. */
export interface RedisResult {
  throughput: { memory: ThroughputRow[]; redis: ThroughputRow[] };
  memory: { memory: MemoryResult; redis: MemoryResult };
  /** 10,000 idle connected sessions held by one process, on Redis. */
  tenThousand: MemoryResult;
  broadcast: BroadcastRow[];
}

/** Runs every Redis benchmark against a fresh local Redis. */
export async function benchRedis(): Promise<RedisResult> {
  const redis = await startRedis();
  try {
    const memoryTp = await benchThroughput({ clients: [1, 32] });
    const redisTp = await benchThroughput({ clients: [1, 32], redisUrl: redis.url });
    const memoryMem = await benchMemory({ sessions: [1000] });
    const redisMem = await benchMemory({ sessions: [1000], redisUrl: redis.url });
    const tenThousand = await benchMemory({ sessions: [10_000], redisUrl: redis.url });
    const broadcast = [await benchBroadcast(), await benchBroadcast(redis.url)];
    return { throughput: { memory: memoryTp, redis: redisTp }, memory: { memory: memoryMem, redis: redisMem }, tenThousand, broadcast };
  } finally {
    await redis.stop();
  }
}

/** Prints the results. */
export function report(r: RedisResult): void {
  console.log("\nCounter on the memory backend vs Redis (backend + PubSub), closed-loop clients:");
  console.table(
    [...r.throughput.memory.map((t) => ({ backend: "memory", ...t })), ...r.throughput.redis.map((t) => ({ backend: "Redis", ...t }))].map((t) => ({
      backend: t.backend,
      clients: t.clients,
      eventsPerSec: t.eventsPerSec,
      trials: t.trials.join(" "),
      p50Ms: t.p50Ms,
      p99Ms: t.p99Ms,
      serverCores: t.serverCores,
      errors: t.errors,
    })),
  );
  for (const n of [1, 32]) {
    const m = r.throughput.memory.find((t) => t.clients === n);
    const x = r.throughput.redis.find((t) => t.clients === n);
    if (m && x) console.log(`${n} client(s): Redis at ${Math.round((x.eventsPerSec / m.eventsPerSec) * 100)}% of memory's events/s`);
  }
  console.log("\nHeap per idle session, 1,000 sessions:");
  console.table([
    { backend: "memory", ...r.memory.memory.rows[0] },
    { backend: "Redis", ...r.memory.redis.rows[0] },
  ]);
  console.log("\n10,000 idle connected sessions in one process, on Redis (openMs: loading and joining them all):");
  console.table(r.tenThousand.rows);
  console.log("\nA broadcast to 1,000 subscribed views (event sent -> last update frame received):");
  console.table(r.broadcast.map((b) => ({ ...b, trials: b.trials.join(" ") })));
}
