/**
 * `npm run start:cluster` (demo/cluster.ts): refuses to start without Redis; with it, N workers share the port,
 * a worker killed with SIGKILL is replaced, and SIGTERM stops them all.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const CLUSTER = fileURLToPath(new URL("../../demo/cluster.ts", import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--conditions=rein-source", "--import", "tsx", CLUSTER], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  return { child, output: () => out };
}

describe("start:cluster", () => {
  it("refuses to start without REIN_REDIS_URL, saying why", async () => {
    const env = { ...process.env } as Record<string, string>;
    delete env["REIN_REDIS_URL"];
    const { child, output } = run({ ...env, REIN_REDIS_URL: "" });
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(1);
    expect(output()).toContain("start:cluster needs Redis");
  });
});

describe.skipIf(!hasRedis)("start:cluster with Redis", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("serves from 2 workers, replaces a killed one, and stops on SIGTERM", async () => {
    const port = await freePort();
    const { child, output } = run({ REIN_REDIS_URL: redis.url, PORT: String(port), REIN_WORKERS: "2", REIN_SECRET: "c".repeat(40) });
    await expect.poll(output, { timeout: 30_000 }).toContain("(2 workers");
    expect((await fetch(`http://127.0.0.1:${port}/counter`)).status).toBe(200);
    const pids = await new Promise<number[]>((resolve) => {
      const ps = spawn("pgrep", ["-P", String(child.pid)]);
      let text = "";
      ps.stdout.on("data", (d) => (text += String(d)));
      ps.once("exit", () => resolve(text.trim().split(/\s+/).map(Number).filter(Boolean)));
    });
    expect(pids).toHaveLength(2);
    process.kill(pids[0]!, "SIGKILL");
    await expect.poll(output, { timeout: 30_000 }).toContain(`worker ${pids[0]} died (SIGKILL); starting another`);
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/counter`)).status, { timeout: 30_000 }).toBe(200);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }, 90_000);
});
