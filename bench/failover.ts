/**
 * Failover time (issue 9): two gallery processes on one Redis behind a loopback proxy (the first live target takes
 * each new connection); a client counts on process A; A is killed with SIGKILL; the time from the kill to the
 * first patch from process B: the client sees its socket close, reconnects through the proxy (to B), joins with its
 * token (B restores the view from Redis) and sends its next click, whose reply carries the patch. The client
 * reconnects at once: a browser adds its reconnect backoff (0-250 ms of jitter on the first try). 20 runs (A is
 * started again between runs); p50 and p90 reported. Run with `npm run bench -- --only=failover`.
 * @module
 */
import { loadPage, TestSocket } from "rein/testing";
import { startFailoverProxy } from "../test/helpers/failover-proxy.ts";
import { startGalleryProcess, type GalleryProcess } from "../test/helpers/gallery-process.ts";
import { freePort, startRedis } from "../test/helpers/redis.ts";
import { quantile, round } from "./lib/stats.ts";

/** Runs measured. */
const RUNS = 20;
const SECRET = "bench-failover-secret-bench-failover-secret";

/** What {@link benchFailover} measured, in ms. */
export interface FailoverResult {
  runs: number;
  p50Ms: number;
  p90Ms: number;
  maxMs: number;
  /** Every run's time, in run order. */
  timesMs: number[];
  /** The count the client read after the last failover (it must be `runs` x 2: nothing lost). */
  finalCount: number;
}

/**
 * Opens a socket, trying again at once when the attempt fails (a dying process's port can still take a connection
 * in the instant before it goes), as the browser's reconnect does; at most {@link ATTEMPTS} tries.
 */
async function reopen(url: string): Promise<TestSocket> {
  for (let i = 1; ; i++) {
    try {
      return await TestSocket.open(url);
    } catch (err) {
      if (i === ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
const ATTEMPTS = 20;

/** Runs the benchmark (~2 minutes: a process is started per run). */
export async function benchFailover(runs = RUNS): Promise<FailoverResult> {
  const redis = await startRedis();
  const env = { REIN_REDIS_URL: redis.url, REIN_SECRET: SECRET };
  const portA = await freePort();
  let a: GalleryProcess = await startGalleryProcess(portA, env);
  const b = await startGalleryProcess(await freePort(), env);
  const proxy = await startFailoverProxy([portA, b.port]);
  const times: number[] = [];
  let count = 0;
  try {
    const page = await loadPage(proxy.url + "/counter");
    for (let run = 0; run < runs; run++) {
      // Join on A (it is the first live target), count once.
      let sock = await TestSocket.open(proxy.url);
      await sock.join(1, page.token, proxy.url + "/counter");
      await sock.event(1, "increment", {});
      count++;
      const closed = new Promise<void>((r) => sock.ws.once("close", () => r()));
      const t0 = performance.now();
      a.child.kill("SIGKILL");
      await closed;
      sock = await reopen(proxy.url);
      await sock.join(1, page.token, proxy.url + "/counter");
      const reply = await sock.event(1, "increment", {});
      times.push(performance.now() - t0);
      count++;
      if (reply[0] !== "r" || !JSON.stringify(reply[4]).includes(`"${count}"`)) {
        throw new Error(`run ${run}: the count did not go on (expected ${count}): ${JSON.stringify(reply)}`);
      }
      sock.close();
      await a.kill("SIGKILL");
      a = await startGalleryProcess(portA, env);
    }
    return {
      runs,
      p50Ms: round(quantile(times, 0.5), 1),
      p90Ms: round(quantile(times, 0.9), 1),
      maxMs: round(Math.max(...times), 1),
      timesMs: times.map((t) => round(t, 1)),
      finalCount: count,
    };
  } finally {
    await proxy.close();
    await a.kill("SIGKILL");
    await b.kill("SIGKILL");
    await redis.stop();
  }
}
