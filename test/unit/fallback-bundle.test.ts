import { expect, it } from "vitest";
import { buildClient } from "../../scripts/build-client.ts";

/**
 * The HTTP fallback transport is a bundle of its own (`rein-http.js`, served at `/rein/http.js`), fetched only where
 * WebSockets do not open: the main bundle holds the switch to it (a name and an `import()`), none of its code.
 */
it("the HTTP fallback is its own small bundle, outside rein.js", async () => {
  const { code, fallback } = await buildClient();
  console.log(`rein-http.js: ${fallback.minified} bytes minified, ${fallback.gzipped} bytes gzipped (on demand)`);
  expect(code).toContain('"/rein/http.js"');
  for (const own of ["EventSource", "/rein/sse", "/rein/post", "rein-sequence", "rein-close"]) {
    expect(code).not.toContain(own);
    expect(fallback.code).toContain(own);
  }
  // What crosses the bundles keeps its name: the transport it sets, the Transport and its handlers' members.
  expect(fallback.code).toContain(".transport=");
  for (const name of ["connect:", "send:", ".open()", ".frame(", ".down("]) expect(fallback.code).toContain(name);
  expect(fallback.gzipped).toBeLessThan(1024);
});
