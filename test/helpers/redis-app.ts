/**
 * A Rein app serving the test board as one process of a cluster would: its own Redis backend and pubsub
 * connections to a shared test Redis, served on a free loopback port.
 */
import { createRein, liveRoutes, RedisBackend, RedisPubSub, serve, type ReinApp, type Served } from "rein";
import { TestBoard } from "../fixtures/board-object.ts";

/** Starts one app (one "process") on the Redis at `url`. */
export async function startRedisApp(url: string): Promise<{ app: ReinApp; srv: Served }> {
  const backend = new RedisBackend({ url, log: () => {} });
  const pubsub = new RedisPubSub({ url, log: () => {} });
  const app = createRein({ routes: liveRoutes([]), objects: [TestBoard], secret: "s".repeat(32), backend, pubsub, log: () => {} });
  return { app, srv: await serve(app, { port: 0, host: "127.0.0.1" }) };
}
