/**
 * Tarballs of this repository's packages, as `npm publish` would upload them, and a temporary folder where an
 * application installs them as a user's would: no `node_modules` in any folder above it.
 * @module
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./processes.ts";

/** The repository's root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The repository's `package.json`, the parts these tests read. */
export interface RootManifest {
  version: string;
  files: string[];
}

/** Reads the root `package.json`. */
export function rootManifest(): RootManifest {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as RootManifest;
}

/** Whether `dir` or a folder above it holds a `node_modules` (Node and tsc would resolve packages from it). */
function hasNodeModulesAbove(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) return true;
    if (dirname(d) === d) return false;
  }
}

/**
 * A new empty folder for the test's packages and applications, under the first of `REIN_PACKAGE_TMP`, the OS's
 * temporary folder and `/var/tmp` above which no `node_modules` is found (a stray `/tmp/node_modules` would let
 * the application resolve packages it does not install).
 * @throws Error when every candidate has a `node_modules` above it.
 */
export function isolatedTempDir(prefix: string): string {
  const candidates = [process.env["REIN_PACKAGE_TMP"], tmpdir(), "/var/tmp"].filter((d): d is string => !!d);
  for (const base of candidates) {
    if (existsSync(base) && !hasNodeModulesAbove(base)) return mkdtempSync(join(base, prefix));
  }
  throw new Error(
    `every temporary folder (${candidates.join(", ")}) has a node_modules above it: ` +
      "set REIN_PACKAGE_TMP to a folder without one",
  );
}

/** The one `.tgz` in `dir`. */
function tarballIn(dir: string): string {
  const found = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
  if (found.length !== 1) throw new Error(`expected one tarball in ${dir}, found ${found.join(", ") || "none"}`);
  return join(dir, found[0]!);
}

/**
 * Packs `rein` into `dest`, built from scratch: the files of its `files` list, its build scripts and tsconfigs
 * are copied to a fresh folder (with the repository's `node_modules` linked in, for tsc, tsx and esbuild), and
 * `npm pack` runs there, so its `prepack` builds `lib/` and `dist/client/` from the current sources without
 * touching the repository's own `lib/` (which `bin/rein.mjs` would then prefer over `src/`).
 * @returns the tarball's path and how long packing took (ms).
 */
export async function packRein(work: string, dest: string): Promise<{ tarball: string; ms: number }> {
  const copy = join(work, "rein-src");
  mkdirSync(copy);
  const inputs = ["package.json", "scripts", "tsconfig.json", "tsconfig.build.json", ...rootManifest().files];
  for (const entry of new Set(inputs)) {
    // Build outputs (lib, dist/client) are made by prepack, never copied.
    if (entry === "lib" || entry.startsWith("dist")) continue;
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  mkdirSync(dest, { recursive: true });
  const r = await run("npm", ["pack", "--pack-destination", dest], { cwd: copy, timeoutMs: 150_000 });
  return { tarball: tarballIn(dest), ms: r.ms };
}

/** Packs `create-rein` (no build: plain `.mjs`) into `dest`. */
export async function packCreateRein(dest: string): Promise<string> {
  mkdirSync(dest, { recursive: true });
  await run("npm", ["pack", "--pack-destination", dest], { cwd: join(ROOT, "create-rein"), timeoutMs: 60_000 });
  return tarballIn(dest);
}
