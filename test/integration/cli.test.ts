/**
 * The `rein` CLI (bin/rein.mjs, docs/cli.md) run as a child process, as a user runs it: `--help` of every
 * command, the in-memory refusal, and against a real Redis (Debian's redis-server on a free loopback port) seeded
 * through `RedisBackend`: `stats` numbers, `health` exit codes, `clear` with and without `--yes` (and on a
 * terminal, through `script`), `cleanup`'s age rule, and `--json` shapes. `analyze` on test/fixtures/analyze,
 * whose findings are asserted exactly.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL_ENV as CLI_ENV } from "../../src/cli/common.ts";
import { REDIS_URL_ENV } from "../../src/server/engine.ts";
import { FORMAT, RedisBackend } from "../../src/state/redis.ts";
import { freePort, hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = "bin/rein.mjs";
const HOUR = 3_600_000;
const quiet = () => {};

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `rein ...args` from the repository's root, stdin a pipe (not a terminal) fed with `input`. */
function rein(args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<Ran> {
  return runProcess(process.execPath, [BIN, ...args], options);
}

function runProcess(cmd: string, args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<Ran> {
  const env: Record<string, string | undefined> = { ...process.env, [REDIS_URL_ENV]: undefined, NO_COLOR: "1", ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

const json = (r: Ran): any => JSON.parse(r.stdout);

it("the CLI reads the same environment variable as the engine", () => {
  expect(CLI_ENV).toBe(REDIS_URL_ENV);
});

describe("rein: help and no backend", () => {
  it("prints --help for the program and for each command, exit 0", async () => {
    const root = await rein(["--help"]);
    expect(root.code).toBe(0);
    for (const c of ["stats", "health", "analyze", "clear", "cleanup"]) expect(root.stdout).toContain(c);
    const cases: [string, string[]][] = [
      ["stats", ["--redis <url>", "--prefix <prefix>", "--json", "Exit codes"]],
      ["health", ["--redis <url>", "--json", "Exits 0 when healthy, 1 otherwise"]],
      ["analyze", ["<path>", "--json", "--strict", "list-without-key", "unknown-event"]],
      ["clear", ["--all", "--yes", "--json", "--prefix <prefix>"]],
      ["cleanup", ["--ttl <seconds>", "--stats", "--state-ttl", "--json"]],
    ];
    const runs = await Promise.all(cases.map(([c]) => rein([c, "--help"])));
    cases.forEach(([c, words], i) => {
      const r = runs[i]!;
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain(`Usage: rein ${c}`);
      for (const w of words) expect(r.stdout, `${c}: ${w}`).toContain(w);
    });
  });

  it("refuses the in-memory backend clearly, exit 1 (text and --json)", async () => {
    const [text, asJson, health] = await Promise.all([rein(["stats"]), rein(["stats", "--json"]), rein(["health"])]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe("");
    expect(text.stderr).toMatch(/no Redis configured: pass --redis <url> or set REIN_REDIS_URL/);
    expect(text.stderr).toMatch(/in-memory backend, which lives inside the app's own process and cannot be inspected/);
    expect(asJson.code).toBe(1);
    expect(json(asJson).error).toMatch(/^no Redis configured/);
    expect(health.code).toBe(1);
    expect(health.stderr).toMatch(/unhealthy: no Redis configured/);
  });

  it("rejects bad options with a usage error, exit 1", async () => {
    const [noTtl, badTtl, unknown] = await Promise.all([
      rein(["cleanup", "--redis", "redis://127.0.0.1:1"]),
      rein(["cleanup", "--ttl", "0"]),
      rein(["stats", "--nope"]),
    ]);
    expect(noTtl.code).toBe(1);
    expect(noTtl.stderr).toContain("required option '--ttl <seconds>' not specified");
    expect(badTtl.code).toBe(1);
    expect(badTtl.stderr).toContain("--ttl must be a whole number > 0");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown option '--nope'");
  });
});

describe.skipIf(!hasRedis)("rein against Redis", () => {
  let server: TestRedis;
  let raw: Redis;
  beforeAll(async () => {
    server = await startRedis();
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.stop();
  });

  /** A backend on the test Redis under `prefix`, with its own writes. */
  async function seed(prefix: string, entries: [key: string, value: string, ttlMs: number][]): Promise<void> {
    const b = new RedisBackend({ url: server.url, prefix, log: quiet });
    for (const [k, v, ttl] of entries) await b.set(k, v, ttl);
    await b.close();
  }

  it("stats: views and sessions apart, bytes, compression, TTLs, Redis memory", async () => {
    const big = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ id: i, label: "row" })) });
    await seed("st:", [
      ["v:a", "small", 6 * HOUR],
      ["v:b", big, 3 * HOUR], // compressed (over 10 KB)
      ["v:c", "page", 10 * 60_000],
      ["s:1", "{}", 720 * HOUR],
      ["s:2", '{"todos":[]}', 700 * HOUR],
    ]);
    await raw.hset("st:presence:topic:room", "ref", "{}"); // not a view, not a session
    await raw.set("other:v:x", "\u0000elsewhere"); // another prefix: not counted
    const bytes = async (k: string) => raw.strlen(k);

    const r = await rein(["stats", "--redis", server.url, "--prefix", "st:", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = json(r);
    const viewBytes = (await bytes("st:v:a")) + (await bytes("st:v:b")) + (await bytes("st:v:c"));
    const sessionBytes = (await bytes("st:s:1")) + (await bytes("st:s:2"));
    expect(s).toMatchObject({
      url: server.url,
      prefix: "st:",
      keys: { total: 6, views: 3, sessions: 2, other: 1 },
      views: {
        keys: 3,
        bytes: viewBytes,
        compressed: { keys: 1, bytes: await bytes("st:v:b") },
        plain: { keys: 2, bytes: (await bytes("st:v:a")) + (await bytes("st:v:c")) },
        unknownFormat: 0,
        noExpiry: 0,
      },
      sessions: { keys: 2, bytes: sessionBytes, compressed: { keys: 0, bytes: 0 }, plain: { keys: 2 } },
      bytes: viewBytes + sessionBytes,
      compression: { keys: 1, bytes: await bytes("st:v:b"), plainKeys: 4, plainBytes: viewBytes + sessionBytes - (await bytes("st:v:b")) },
      redis: { ok: true, version: expect.stringMatching(/^\d+\.\d+/), usedMemory: expect.any(Number), pingMs: expect.any(Number) },
    });
    expect(await bytes("st:v:b")).toBeLessThan(big.length / 4); // stored compressed indeed
    // Remaining TTLs: min the page (10 min), median the 3 h one, max the fresh 6 h one.
    expect(s.views.ttlMs.min).toBeGreaterThan(9 * 60_000);
    expect(s.views.ttlMs.min).toBeLessThanOrEqual(10 * 60_000);
    expect(s.views.ttlMs.median).toBeGreaterThan(2.9 * HOUR);
    expect(s.views.ttlMs.median).toBeLessThanOrEqual(3 * HOUR);
    expect(s.views.ttlMs.max).toBeGreaterThan(5.9 * HOUR);
    expect(s.sessions.ttlMs.max).toBeLessThanOrEqual(720 * HOUR);

    const text = await rein(["stats", "--prefix", "st:"], { env: { [REDIS_URL_ENV]: server.url } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Redis ${server.url}, prefix "st:": 6 keys`);
    expect(text.stdout).toMatch(/^views\s+3\s+\S+ \S+\s+1 \(\S+ \S+\)\s+\S+/m);
    expect(text.stdout).toMatch(/^sessions\s+2\s/m);
    expect(text.stdout).toMatch(/^other\s+1$/m);
    expect(text.stdout).toMatch(/compression: 1 values stored compressed/);
    expect(text.stdout).toMatch(/Redis \d+\.\d+\.\d+: used memory/);
  });

  it("stats: counts values Rein did not write and keys without expiry", async () => {
    await raw.set("odd:v:1", Buffer.from([7, 1, 2]));
    await raw.set("odd:s:1", Buffer.from([FORMAT.plain, 0x7b, 0x7d]));
    const s = json(await rein(["stats", "--redis", server.url, "--prefix", "odd:", "--json"]));
    expect(s.views).toMatchObject({ keys: 1, unknownFormat: 1, noExpiry: 1, ttlMs: null });
    expect(s.sessions).toMatchObject({ keys: 1, unknownFormat: 0, noExpiry: 1, plain: { keys: 1, bytes: 3 } });
  });

  it("health: exit 0 with Redis, 1 when unreachable (text and --json)", async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const [ok, okJson, down, downJson] = await Promise.all([
      rein(["health"], { env: { [REDIS_URL_ENV]: server.url } }),
      rein(["health", "--redis", server.url, "--json"]),
      rein(["health", "--redis", dead]),
      rein(["health", "--redis", dead, "--json"]),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^healthy: Redis \\d+\\.\\d+\\.\\d+ at ${server.url}, PING [\\d.]+ ms, used memory`));
    expect(okJson.code).toBe(0);
    expect(json(okJson)).toEqual({
      ok: true,
      url: server.url,
      pingMs: expect.any(Number),
      version: expect.stringMatching(/^\d+\.\d+/),
      usedMemory: expect.any(Number),
    });
    expect(down.code).toBe(1);
    expect(down.stdout).toBe("");
    expect(down.stderr).toMatch(new RegExp(`unhealthy: cannot reach Redis at ${dead}: .*ECONNREFUSED`));
    expect(downJson.code).toBe(1);
    expect(json(downJson)).toEqual({ ok: false, url: dead, error: expect.stringMatching(/^cannot reach Redis .*ECONNREFUSED/) });
  });

  it("stats, clear and cleanup fail clearly when Redis is unreachable", async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const runs = await Promise.all([rein(["stats", "--redis", dead]), rein(["clear", "--yes", "--redis", dead]), rein(["cleanup", "--ttl", "60", "--redis", dead, "--json"])]);
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^rein: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    }
    expect(json(runs[2]!).error).toMatch(/^cannot reach Redis/);
  });

  it("hides the password of a Redis URL", async () => {
    const r = await rein(["health", "--redis", `redis://user:s3cret@127.0.0.1:${await freePort()}`, "--json"]);
    expect(r.stdout + r.stderr).not.toContain("s3cret");
    expect(json(r).url).toMatch(/^redis:\/\/user:\*\*\*@127\.0\.0\.1:\d+$/);
  });

  it("clear: refuses without --yes off a terminal; --yes deletes views, --all sessions too, never other keys", async () => {
    const entries: [string, string, number][] = [
      ["v:1", "a", HOUR],
      ["v:2", "b", HOUR],
      ["s:1", "c", HOUR],
    ];
    await seed("cl:", entries);
    await raw.hset("cl:presence:topic:room", "ref", "{}");
    const count = async (pattern: string) => (await raw.keys(pattern)).length;

    const refused = await rein(["clear", "--redis", server.url, "--prefix", "cl:"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to delete the view states without confirmation: stdin is not a terminal, pass --yes");
    expect(await count("cl:*")).toBe(4);

    const views = await rein(["clear", "--yes", "--redis", server.url, "--prefix", "cl:", "--json"]);
    expect(views.code).toBe(0);
    expect(json(views)).toEqual({ url: server.url, prefix: "cl:", deleted: { views: 2, sessions: 0 } });
    expect(await count("cl:v:*")).toBe(0);
    expect(await count("cl:s:*")).toBe(1);

    await seed("cl:", entries);
    const all = await rein(["clear", "--all", "-y", "--redis", server.url, "--prefix", "cl:"]);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(`Deleted 2 view states and 1 browser session under "cl:" on ${server.url}.\n`);
    expect(await raw.keys("cl:*")).toEqual(["cl:presence:topic:room"]);
  });

  it.skipIf(!existsSync("/usr/bin/script"))("clear: asks on a terminal; only yes deletes", async () => {
    await seed("tty:", [["v:1", "a", HOUR]]);
    const onTerminal = (answer: string) =>
      runProcess("/usr/bin/script", ["-qec", `${process.execPath} ${BIN} clear --redis ${server.url} --prefix tty:`, "/dev/null"], { input: `${answer}\n` });
    const no = await onTerminal("n");
    expect(no.code).toBe(1);
    expect(no.stdout).toContain(`Delete 1 view state under "tty:" on ${server.url}? [y/N]`);
    expect(no.stdout).toContain("nothing deleted (not confirmed)");
    expect(await raw.exists("tty:v:1")).toBe(1);
    const yes = await onTerminal("y");
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain(`Deleted 1 view state under "tty:"`);
    expect(await raw.exists("tty:v:1")).toBe(0);
  });

  it("cleanup: deletes the view states older than --ttl (age = stateTtl - PTTL), keeps pages, sessions and keys without expiry", async () => {
    await seed("cu:", [
      ["v:fresh", "a", 6 * HOUR], // age 0
      ["v:old", "b".repeat(100), 3 * HOUR], // age 3 h
      ["v:older", "c", 1 * HOUR], // age 5 h
      ["v:page", "d", 5 * 60_000], // a page waiting for its join (pageTtl), or about to expire: kept
      ["s:old", "e", 1 * HOUR], // sessions are never touched
    ]);
    await raw.set("cu:v:forever", Buffer.from([FORMAT.plain, 0x31])); // no expiry: kept

    const r = await rein(["cleanup", "--ttl", "7200", "--redis", server.url, "--prefix", "cu:", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report).toEqual({
      url: server.url,
      prefix: "cu:",
      ttlMs: 2 * HOUR,
      stateTtlMs: 6 * HOUR,
      pageTtlMs: 10 * 60_000,
      scanned: 5,
      removed: { keys: 2, bytes: 101 + 2, youngestMs: expect.any(Number), oldestMs: expect.any(Number) },
      kept: 3,
    });
    expect(report.removed.youngestMs).toBeGreaterThanOrEqual(3 * HOUR);
    expect(report.removed.youngestMs).toBeLessThan(3 * HOUR + 60_000);
    expect(report.removed.oldestMs).toBeGreaterThanOrEqual(5 * HOUR);
    expect((await raw.keys("cu:*")).sort()).toEqual(["cu:s:old", "cu:v:forever", "cu:v:fresh", "cu:v:page"]);

    // --state-ttl: an app with 1 h states; the fresh 6 h key has "negative age" and is kept.
    await seed("cu:", [["v:mid", "m", 30 * 60_000]]); // 1 h - 30 min left: 30 min old
    const stats = await rein(["cleanup", "--ttl", "600", "--state-ttl", "3600", "--stats", "--redis", server.url, "--prefix", "cu:"]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^Removed 1 view state older than 10m 0s\.$/m);
    expect(stats.stdout).toMatch(/^ {2}scanned: {2}4 view states under "cu:"/m);
    expect(stats.stdout).toMatch(/^ {2}removed: {2}1 \(2 B\), ages 30m \d+s to 30m \d+s$/m);
    expect(stats.stdout).toMatch(/^ {2}kept: {5}3$/m);
    expect(await raw.exists("cu:v:mid")).toBe(0);

    const plain = await rein(["cleanup", "--ttl", "7200", "--redis", server.url, "--prefix", "cu:"]);
    expect(plain.stdout).toBe("Removed 0 view states older than 2h 0m.\n");
    const tooLong = await rein(["cleanup", "--ttl", "30000", "--redis", server.url]);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain("--ttl (30000 s) must be below --state-ttl (21600 s)");
  });
});

describe("rein analyze", () => {
  const DIR = "test/fixtures/analyze";

  it("reports each planted problem exactly, and nothing for the clean files", async () => {
    const r = await rein(["analyze", DIR, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report.path).toBe(DIR);
    expect(report.files).toBe(10);
    expect(report.views).toBe(7);
    expect(report.findings.map((f: any) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      `${DIR}/collection-state.tsx:7:3 collection-state`,
      `${DIR}/event-without-params.tsx:6:12 event-without-params`,
      `${DIR}/large-state.tsx:5:3 large-state`,
      `${DIR}/list-without-key.njk:4:5 list-without-key`,
      `${DIR}/list-without-key.tsx:11:11 list-without-key`,
      `${DIR}/template-view.njk:4:3 unknown-event`,
      `${DIR}/unknown-event.tsx:13:17 unknown-event`,
    ]);
    const messages = report.findings.map((f: any) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/^LogView\.lines is an array kept in the view's state/),
      expect.stringMatching(/^handler rename takes parameters but its @event\(\) declares no params schema/),
      expect.stringMatching(/^TableView\.cells starts as a large literal \(500 items\)/),
      expect.stringMatching(/^<li> rendered by the \{% for %\} of line 3 has no rein-key/),
      expect.stringMatching(/^<li> returned by \.map\(\) has no key/),
      `rein-click="wave" names no @event handler of GreetView (${DIR}/template-view.ts:4; handlers: greet).`,
      `rein-click="decrement" names no @event handler of CounterView (handlers: increment).`,
    ]);
    expect(report.counts).toEqual({
      "list-without-key": 2,
      "large-state": 1,
      "collection-state": 1,
      "event-without-params": 1,
      "unknown-event": 2,
      "parse-error": 0,
    });
  });

  it("prints file:line:column, rule, message; --strict exits 1 on findings, 0 on a clean file", async () => {
    const [text, strict, clean, missing] = await Promise.all([
      rein(["analyze", DIR]),
      rein(["analyze", DIR, "--strict"]),
      rein(["analyze", `${DIR}/clean.tsx`, "--strict"]),
      rein(["analyze", `${DIR}/nope`]),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${DIR}/unknown-event.tsx:13:17  unknown-event  rein-click="decrement" names no @event handler`);
    expect(text.stdout).toMatch(/^7 findings in 7 of 10 files \(7 views\): 2 list-without-key, 1 large-state, 1 collection-state, 1 event-without-params, 2 unknown-event\.$/m);
    expect(strict.code).toBe(1);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe("No findings in 1 file (1 view).\n");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`rein: cannot read ${DIR}/nope: ENOENT`);
  });
});
