/**
 * Builds the React app of `/board` (`app.tsx`) into one browser file, `dist/gallery/board.js`, with esbuild. The
 * gallery calls it when it starts (`createGalleryApp()`): there is no build command to remember. Synchronous
 * (`buildSync`, a few hundred ms), so the gallery's factory stays synchronous.
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

/** Where the bundle is written (its source map beside it, `.map`). */
export const BOARD_BUNDLE = fileURLToPath(new URL("../../dist/gallery/board.js", import.meta.url));

/** Built already in this process (tests create many gallery apps). */
let built = false;

/**
 * Bundles `demo/board/app.tsx` (React 19, `rein/react`, `rein/sync`) minified for browsers into
 * {@link BOARD_BUNDLE}, once per process. Each file is written under a temporary name and renamed into place, so
 * processes starting together (`start:cluster`'s workers) never serve a half-written bundle.
 * @returns the bundle's path.
 * @throws Error (esbuild's) when the app does not compile.
 */
export function buildBoardApp(): string {
  if (built) return BOARD_BUNDLE;
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL("./app.tsx", import.meta.url))],
    outfile: BOARD_BUNDLE,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    jsx: "automatic",
    jsxImportSource: "react",
    // Rein's sources in this repository (a published install resolves rein/react to its compiled lib/).
    conditions: ["rein-source"],
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    logLevel: "silent",
    write: false,
  });
  mkdirSync(dirname(BOARD_BUNDLE), { recursive: true });
  for (const file of result.outputFiles) {
    const temp = `${dirname(file.path)}/.${basename(file.path)}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  built = true;
  return BOARD_BUNDLE;
}
