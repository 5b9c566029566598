/**
 * create-rein's bin, run from this repository (the tarball's run is in starter.test.ts): the package name it
 * derives from the folder, the folders it refuses, its usage errors and the versions it writes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, rootManifest } from "./pack.ts";

const BIN = join(ROOT, "create-rein/bin/create-rein.mjs");
const work = mkdtempSync(join(tmpdir(), "create-rein-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the bin in `work` with `args`. */
function createRein(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const manifestOf = (dir: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(work, dir, "package.json"), "utf8")) as Record<string, unknown>;

describe("create-rein", () => {
  it("names the package after the folder, in npm's rules, and depends on this rein's version", () => {
    const r = createRein("My Cool_App!");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("cd 'My Cool_App!'\n  npm install\n  npm run dev");
    const manifest = manifestOf("My Cool_App!");
    expect(manifest["name"]).toBe("my-cool_app");
    expect(manifest["dependencies"]).toEqual({ rein: `^${rootManifest().version}` });
    expect(manifest["scripts"]).toMatchObject({ start: "npm run build && node dist/main.js", test: "vitest run" });
    expect(readdirSync(join(work, "My Cool_App!")).sort()).toEqual(
      [".gitignore", "README.md", "package.json", "src", "test", "tsconfig.build.json", "tsconfig.json", "vitest.config.ts"],
    );
  });

  it("uses an empty folder, creates missing parents, and refuses a non-empty folder or a file", () => {
    mkdirSync(join(work, "empty"));
    expect(createRein("empty").code).toBe(0);
    expect(createRein("deep/er/app").code).toBe(0);
    expect(manifestOf("deep/er/app")["name"]).toBe("app");

    const again = createRein("empty");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^create-rein: .*empty is not empty: choose a new folder name, or empty it first\n$/);
    writeFileSync(join(work, "a-file"), "");
    expect(createRein("a-file").stderr).toMatch(/a-file is a file/);
  });

  it("prints its usage for --help, and exits 2 on missing or extra arguments", () => {
    expect(createRein("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage: npm create rein@latest <folder>") });
    expect(createRein().code).toBe(2);
    expect(createRein("a", "b").code).toBe(2);
    expect(createRein("--nope", "a")).toMatchObject({ code: 2, stderr: expect.stringContaining("--nope") });
    expect(createRein("@@").stderr).toMatch(/cannot make a package name/);
  });
});
