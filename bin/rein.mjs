#!/usr/bin/env node
// The `rein` command (docs/cli.md): the compiled CLI of the installed package (lib/cli/main.js). In a checkout of
// Rein's repository before `npm run build`, it runs the TypeScript sources through tsx (a dev dependency there).
import { existsSync } from "node:fs";

const compiled = new URL("../lib/cli/main.js", import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
await main();
