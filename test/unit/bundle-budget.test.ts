import { expect, it } from "vitest";
import { buildClient } from "../../scripts/build-client.ts";

/** The promise made to users: the whole browser runtime in 8 KB gzipped. Measured, not claimed. */
const BUDGET = 8192;

it(`the client bundle stays within ${BUDGET} bytes gzipped`, async () => {
  const { minified, gzipped } = await buildClient();
  console.log(`rein.js: ${minified} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET})`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET);
});
