/**
 * Presence in Redis: two processes' worth of stores see each other's presences, diffs reach subscribers of every
 * process, and the presence of a process killed with SIGKILL is reaped within the documented bound (4 heartbeats).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { RedisPresence, RedisPubSub, type PresenceDiff } from "rein";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const HEARTBEAT = 100;
const quiet = () => {};

describe.skipIf(!hasRedis)("RedisPresence", () => {
  let server: TestRedis;
  const closers: Array<() => Promise<unknown> | void> = [];
  const store = () => {
    const redis = new Redis(server.url);
    const pubsub = new RedisPubSub({ url: server.url, log: quiet });
    const presence = new RedisPresence({ redis, pubsub, heartbeatMs: HEARTBEAT, log: quiet });
    closers.push(() => presence.close(), () => pubsub.close(), () => redis.disconnect());
    return { presence, pubsub };
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await server?.stop();
  });

  it("presences of two processes are listed together; joins, updates and leaves reach every subscriber", async () => {
    const a = store();
    const b = store();
    const diffs: PresenceDiff[] = [];
    await b.pubsub.subscribe("doc:1", (raw) => diffs.push((JSON.parse(raw) as [string, PresenceDiff])[1]));
    const ref = await a.presence.track("doc:1", "ada", { name: "Ada" });
    await b.presence.track("doc:1", "bob", { name: "Bob" });
    const list = await b.presence.list("doc:1");
    expect(Object.keys(list).sort()).toEqual(["ada", "bob"]);
    expect(list["ada"]!.metas).toEqual([{ name: "Ada", ref }]);
    await a.presence.update(ref, { name: "Ada", typing: true });
    await a.presence.untrack(ref);
    await expect.poll(() => diffs.length).toBe(4);
    expect(diffs[0]).toEqual({ joins: { ada: { metas: [{ name: "Ada", ref }] } }, leaves: {} });
    expect(diffs[2]!.joins["ada"]!.metas[0]).toMatchObject({ typing: true });
    expect(diffs[3]).toEqual({ joins: {}, leaves: { ada: { metas: [{ name: "Ada", typing: true, ref }] } } });
    expect(Object.keys(await a.presence.list("doc:1"))).toEqual(["bob"]);
  });

  it("a process killed with SIGKILL leaves: its presence is reaped and its leave published once", async () => {
    const watcher = store();
    const leaves: string[] = [];
    await watcher.pubsub.subscribe("room:ghosts", (raw) => {
      const diff = (JSON.parse(raw) as [string, PresenceDiff])[1];
      leaves.push(...Object.keys(diff.leaves));
    });
    const other = store(); // a second live process: both check, one publishes
    const child = spawn(process.execPath, ["--conditions=rein-source", "--import", "tsx", fileURLToPath(new URL("../fixtures/presence-child.ts", import.meta.url)), server.url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => child.stdout!.on("data", (d) => String(d).includes("tracked") && resolve()));
    expect(Object.keys(await watcher.presence.list("room:ghosts"))).toEqual(["ghost"]);
    child.kill("SIGKILL");
    // The bound is 4 heartbeats (400 ms here); the poll allows far more, so a busy machine cannot fail it.
    await expect.poll(() => leaves, { timeout: 10_000, interval: 20 }).toEqual(["ghost"]);
    expect(await watcher.presence.list("room:ghosts")).toEqual({});
    await new Promise((r) => setTimeout(r, HEARTBEAT * 3));
    expect(leaves).toEqual(["ghost"]);
    void other;
  });
});
