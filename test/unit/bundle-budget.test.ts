import { expect, it } from "vitest";
import { buildClient } from "../../scripts/build-client.ts";

/** The promise made to users: the whole browser runtime in 8 KB gzipped. Measured, not claimed. */
const BUDGET = 8192;

it(`the client bundle stays within ${BUDGET} bytes gzipped, and the debug panel is not in it`, async () => {
  const { minified, gzipped, code, debug } = await buildClient();
  console.log(`rein.js: ${minified} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET})`);
  console.log(`rein-debug.js: ${debug.minified} bytes minified, ${debug.gzipped} bytes gzipped (on demand)`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET);
  // The panel is its own bundle, fetched on Ctrl+Shift+D: none of its code or styles ship in rein.js.
  expect(debug.code).toContain("rein-dbg");
  expect(debug.code).toContain("Rein debug");
  expect(code).not.toContain("rein-dbg");
  expect(code).not.toContain("Rein debug");
  expect(code).toContain('"/rein/debug.js"');
});
