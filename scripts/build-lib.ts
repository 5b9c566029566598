/**
 * Builds the framework to JavaScript with `.d.ts` files: `src/` to `lib/` with `tsc -p tsconfig.build.json`
 * (relative `.ts` imports rewritten to `.js`, standard decorators lowered, declarations checked with
 * `exactOptionalPropertyTypes` and `skipLibCheck: false`, as a strict user's project would). `lib/` is emptied
 * first, so no file of a deleted module survives. Run by `npm run build` and before `npm pack` (`prepack`).
 * @module
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(resolve(root, "lib"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", resolve(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
console.log("lib/ built");
