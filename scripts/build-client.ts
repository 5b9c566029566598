/**
 * Builds the Rein browser runtime: `src/client/index.ts` bundled by esbuild into one minified file (then compressed
 * again by terser, whose two-pass compressor folds what esbuild's single pass leaves: about 4% of the gzipped size),
 * `dist/client/rein.js` (plus `rein.js.map`), the debug panel `src/client/debug/panel.ts` into its own bundle,
 * `dist/client/rein-debug.js` (served at `/rein/debug.js`, loaded on demand, outside the budget), the HTTP fallback
 * transport `src/client/fallback/http.ts` into `dist/client/rein-http.js` (served at `/rein/http.js`, loaded when
 * WebSockets do not open), the development reload script `src/client/dev/reload.ts` into `dist/client/rein-dev.js`
 * (served at `/rein/dev.js` while `hotReload` is on, docs/hot-reload.md), and reports their sizes. Run with
 * `npm run build:client`.
 * @module
 */
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { minify } from "terser";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The path of the built bundle. */
export const CLIENT_BUNDLE = resolve(root, "dist/client/rein.js");

/** The path of the built debug panel bundle. */
export const DEBUG_BUNDLE = resolve(root, "dist/client/rein-debug.js");

/** The path of the built HTTP fallback transport bundle. */
export const FALLBACK_BUNDLE = resolve(root, "dist/client/rein-http.js");

/** The path of the built development reload bundle. */
export const DEV_BUNDLE = resolve(root, "dist/client/rein-dev.js");

/** One built bundle and its sizes. */
export interface Bundle {
  /** The minified bundle. */
  code: string;
  /** Its size in bytes. */
  minified: number;
  /** Its size gzipped at level 9, in bytes. */
  gzipped: number;
}

/**
 * The result of {@link buildClient}: the main bundle (whose `gzipped` the budget of 8,192 is about), the panel and
 * the HTTP fallback and the development reload script.
 */
export interface ClientBuild extends Bundle {
  /** The debug panel bundle (`rein-debug.js`), outside the budget. */
  debug: Bundle;
  /** The HTTP fallback transport bundle (`rein-http.js`), outside the budget. */
  fallback: Bundle;
  /** The development reload bundle (`rein-dev.js`), outside the budget, loaded by pages only in development. */
  dev: Bundle;
}

/**
 * Properties esbuild renames to short names: those ending in `_`, the client's convention for the fields of its
 * own objects (views, pending events), so that they can have descriptive names without growing the bundle. Never
 * use the suffix for what must keep its name: DOM API members, wire data (frames, `ViewMeta`'s `o`), the public
 * `window.rein` API and hook instances, and what the two bundles share (`window.rein.log`, `log.on`, `debug`):
 * each bundle is mangled on its own, so a shared property would get different names.
 */
export const MANGLE_PROPS = /_$/;

/** Compression passes of terser over esbuild's output: a third gains nothing on the client. */
const TERSER_PASSES = 2;

/** Bundles `entry` (ES2020, IIFE: works as `<script type="module">`, as a classic script and via `import()`). */
async function bundle(entry: string, outfile: string): Promise<Bundle> {
  const out = await build({
    entryPoints: [resolve(root, entry)],
    outfile,
    bundle: true,
    minify: true,
    mangleProps: MANGLE_PROPS,
    format: "iife",
    target: "es2020",
    sourcemap: "linked",
    legalComments: "none",
    write: false,
    logLevel: "error",
  });
  mkdirSync(dirname(outfile), { recursive: true });
  const js = out.outputFiles.find((f) => f.path == outfile)!;
  const map = out.outputFiles.find((f) => f.path == outfile + ".map")!;
  const mapName = outfile.slice(dirname(outfile).length + 1) + ".map";
  const squeezed = await minify(js.text, {
    ecma: 2020,
    compress: { passes: TERSER_PASSES },
    mangle: true,
    sourceMap: { content: map.text, url: mapName },
  });
  const code = squeezed.code!;
  writeFileSync(outfile, code);
  writeFileSync(outfile + ".map", squeezed.map as string);
  return { code, minified: Buffer.byteLength(code), gzipped: gzipSync(code, { level: 9 }).length };
}

/**
 * Bundles the client to `dist/client/rein.js`, the debug panel to `dist/client/rein-debug.js`, the HTTP fallback
 * transport to `dist/client/rein-http.js` and the development reload script to `dist/client/rein-dev.js`, each with
 * a linked source map, and measures them.
 */
export async function buildClient(): Promise<ClientBuild> {
  const [main, debug, fallback, dev] = await Promise.all([
    bundle("src/client/index.ts", CLIENT_BUNDLE),
    bundle("src/client/debug/panel.ts", DEBUG_BUNDLE),
    bundle("src/client/fallback/http.ts", FALLBACK_BUNDLE),
    bundle("src/client/dev/reload.ts", DEV_BUNDLE),
  ]);
  return { ...main, debug, fallback, dev };
}

if (process.argv[1] && import.meta.url == pathToFileURL(resolve(process.argv[1])).href) {
  const r = await buildClient();
  console.log(`dist/client/rein.js: ${r.minified} bytes minified, ${r.gzipped} bytes gzipped (budget 8192)`);
  console.log(`dist/client/rein-debug.js: ${r.debug.minified} bytes minified, ${r.debug.gzipped} bytes gzipped (on demand)`);
  console.log(`dist/client/rein-http.js: ${r.fallback.minified} bytes minified, ${r.fallback.gzipped} bytes gzipped (on demand)`);
  console.log(`dist/client/rein-dev.js: ${r.dev.minified} bytes minified, ${r.dev.gzipped} bytes gzipped (development only)`);
}
