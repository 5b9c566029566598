/**
 * Builds the Rein browser runtime: `src/client/index.ts` bundled by esbuild into one minified file,
 * `dist/client/rein.js` (plus `rein.js.map`), and reports its size. Run with `npm run build:client`.
 * @module
 */
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The path of the built bundle. */
export const CLIENT_BUNDLE = resolve(root, "dist/client/rein.js");

/** The result of {@link buildClient}. */
export interface ClientBuild {
  /** The minified bundle. */
  code: string;
  /** Its size in bytes. */
  minified: number;
  /** Its size gzipped at level 9, in bytes: the number the budget (8,192) is about. */
  gzipped: number;
}

/**
 * Bundles the client (ES2020, IIFE: it works both as `<script type="module">` and as a classic script) to
 * `dist/client/rein.js` with a linked source map, and measures it.
 */
export async function buildClient(): Promise<ClientBuild> {
  const out = await build({
    entryPoints: [resolve(root, "src/client/index.ts")],
    outfile: CLIENT_BUNDLE,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    sourcemap: "linked",
    legalComments: "none",
    write: false,
    logLevel: "error",
  });
  mkdirSync(dirname(CLIENT_BUNDLE), { recursive: true });
  let code = "";
  for (const f of out.outputFiles) {
    writeFileSync(f.path, f.contents);
    if (f.path == CLIENT_BUNDLE) code = f.text;
  }
  return { code, minified: Buffer.byteLength(code), gzipped: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] && import.meta.url == pathToFileURL(resolve(process.argv[1])).href) {
  const r = await buildClient();
  console.log(`dist/client/rein.js: ${r.minified} bytes minified, ${r.gzipped} bytes gzipped (budget 8192)`);
}
