#!/usr/bin/env node
// The `rein` command (docs/cli.md): the compiled CLI of the installed package (lib/cli/main.js). In a checkout of
// Rein's repository (it has tsconfig.build.json, which the package does not ship), it runs the TypeScript sources
// through tsx (a dev dependency there), so that a lib/ left by an earlier build is never run stale.
import { existsSync } from "node:fs";

const compiled = new URL("../lib/cli/main.js", import.meta.url);
const checkout = existsSync(new URL("../tsconfig.build.json", import.meta.url));
let main;
if (existsSync(compiled) && !checkout) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
await main();
