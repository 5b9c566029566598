import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

/** The promise made for `rein/sync`: the whole browser store of synced objects in 4 KB gzipped. Measured. */
const BUDGET = 4096;

it(`the sync store stays within ${BUDGET} bytes gzipped`, async () => {
  // As scripts/build-client.ts builds the client: minified, the properties of the store's own objects mangled.
  const result = await build({
    entryPoints: ["src/client/sync/index.ts"],
    bundle: true,
    minify: true,
    mangleProps: /_$/,
    format: "esm",
    target: "es2020",
    write: false,
  });
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`rein/sync: ${code.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET})`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET);
});
