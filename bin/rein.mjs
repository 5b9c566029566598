#!/usr/bin/env node
// The `rein` command (docs/cli.md). The package ships TypeScript sources, run through tsx as `npm start` does
// (`node --import tsx`): register tsx's loader, then run src/cli/main.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main();
