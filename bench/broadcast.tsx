/**
 * A broadcast to 1,000 subscribed views: the time from the event that broadcasts to the moment the last of the
 * 1,000 browsers (WebSocket clients) has its patch. One server (real HTTP + WebSocket on loopback) and the clients
 * in this process; on the memory PubSub, and on Redis's when a Redis URL is given (the message then goes out to
 * Redis and back). Each trial broadcasts one new message; the median of the trials is reported.
 * @module
 */
import { createRein, event, LiveView, liveRoutes, MemoryBackend, RedisBackend, RedisPubSub, serve, type StateBackend } from "rein";
import { loadPage, TestSocket } from "rein/testing";
import { median, round } from "./lib/stats.ts";

/** Views subscribed. */
export const SUBSCRIBERS = 1_000;
const TRIALS = 9;

/** Every view shows the last message of the topic. */
class BoardView extends LiveView {
  last = "";
  override mount() {
    this.subscribe("bench:board");
  }
  @event() async post({ text }: { text?: string }) {
    await this.broadcast("bench:board", "posted", text ?? "");
  }
  override handleInfo(_event: string, payload: unknown) {
    this.last = String(payload);
  }
  override render() {
    return <p>{this.last}</p>;
  }
}

/** One case's figures. */
export interface BroadcastRow {
  pubsub: string;
  subscribers: number;
  /** Median over the trials: the event's send to the last subscriber's update frame, ms. */
  lastPatchMs: number;
  /** Median: to the first subscriber's update frame, ms. */
  firstPatchMs: number;
  trials: number[];
}

/** Runs the benchmark on the memory PubSub, or on Redis at `redisUrl`. */
export async function benchBroadcast(redisUrl?: string): Promise<BroadcastRow> {
  const backend: StateBackend = redisUrl ? new RedisBackend({ url: redisUrl, prefix: "bench:" }) : new MemoryBackend();
  const app = createRein({
    routes: liveRoutes([{ path: "/board", view: BoardView }]),
    secret: "bench-secret-bench-secret-bench-secret",
    debug: false,
    backend,
    ...(redisUrl ? { pubsub: new RedisPubSub({ url: redisUrl, prefix: "bench:" }) } : {}),
    frameRate: false,
    hibernateAfterMs: false,
    log: () => {},
  });
  const served = await serve(app, { host: "127.0.0.1", port: 0, announce: false });
  const sockets: TestSocket[] = [];
  try {
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const page = await loadPage(served.url + "/board");
      const sock = await TestSocket.open(served.url);
      await sock.join(1, page.token);
      sockets.push(sock);
    }
    const lasts: number[] = [];
    const firsts: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const text = `message ${t}`;
      let first = 0;
      const arrived = sockets.map((s) =>
        s.next((f) => f[0] === "u" && JSON.stringify(f).includes(text), 30_000).then(() => {
          if (!first) first = performance.now();
        }),
      );
      const t0 = performance.now();
      await sockets[0]!.event(1, "post", { text });
      await Promise.all(arrived);
      lasts.push(performance.now() - t0);
      firsts.push(first - t0);
    }
    return {
      pubsub: redisUrl ? "Redis" : "memory",
      subscribers: SUBSCRIBERS,
      lastPatchMs: round(median(lasts), 1),
      firstPatchMs: round(median(firsts), 1),
      trials: lasts.map((x) => round(x, 1)),
    };
  } finally {
    for (const s of sockets) s.close();
    await served.close();
  }
}
