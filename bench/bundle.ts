/**
 * Size of the browser client: `buildClient()` of scripts/build-client.ts (esbuild: bundle, minify, ES2020 IIFE,
 * no legal comments) writes dist/client/rein.js; the gzipped size is zlib level 9 of that file. Brotli (level 11)
 * is reported for information: what a CDN would serve.
 * @module
 */
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { buildClient, CLIENT_BUNDLE } from "../scripts/build-client.ts";

export interface BundleResult {
  file: string;
  minified: number;
  gzipped: number;
  brotli: number;
  budgetGzipped: number;
}

export async function benchBundle(): Promise<BundleResult> {
  const built = await buildClient();
  // Measure the file on disk ourselves as well: the number users download.
  const code = readFileSync(CLIENT_BUNDLE);
  const gzipped = gzipSync(code, { level: 9 }).length;
  if (code.length !== built.minified || gzipped !== built.gzipped) {
    throw new Error(`buildClient() reported ${built.minified}/${built.gzipped} B but the file is ${code.length}/${gzipped} B`);
  }
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file: "dist/client/rein.js", minified: code.length, gzipped, brotli, budgetGzipped: 8192 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchBundle());
}
