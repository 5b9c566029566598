import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The layer rule of docs/architecture.md and "no import cycles", checked by dependency-cruiser with the rules in
 * .dependency-cruiser.cjs (the same file `npx depcruise src --config .dependency-cruiser.cjs` reads).
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const TSCONFIG = join(ROOT, "tsconfig.json");

let options: ICruiseOptions;
let tsConfig: ReturnType<typeof extractTSConfig>;

beforeAll(async () => {
  options = await extractDepcruiseOptions(CONFIG);
  tsConfig = extractTSConfig(TSCONFIG);
});

/** Cruises `src/` under `baseDir` with the project's rules, the way the depcruise CLI does. */
async function cruiseSrc(baseDir: string): Promise<ICruiseResult> {
  const { output } = await cruise(
    ["src"],
    { ...options, baseDir, tsConfig: { fileName: TSCONFIG } },
    {},
    { tsConfig },
  );
  if (typeof output === "string") throw new Error("dependency-cruiser returned a report, not a cruise result");
  return output;
}

/** One readable line per violation: `rule: from → to`, a cycle spelled out in full. */
function describeViolation(v: IViolation): string {
  const path = v.cycle?.length ? [v.from, ...v.cycle.map((d) => d.name)] : [v.from, v.to];
  return `${v.rule.name}: ${path.join(" → ")}`;
}

function violations(result: ICruiseResult): string[] {
  return [...new Set(result.summary.violations.map(describeViolation))].sort();
}

/** Resolved dependencies from one src/ module to another (imports and re-exports, type-only ones included). */
function srcToSrc(result: ICruiseResult): number {
  return result.modules
    .filter((m) => m.source.startsWith("src/"))
    .flatMap((m) => m.dependencies)
    .filter((d) => !d.couldNotResolve && d.resolved.startsWith("src/")).length;
}

describe("architecture (docs/architecture.md, Layers)", () => {
  it("src/ has no import cycle and no import against the layer rule", async () => {
    const result = await cruiseSrc(ROOT);

    expect
      .soft(violations(result), "dependency violations (rules in .dependency-cruiser.cjs, layers in docs/architecture.md)")
      .toEqual([]);

    // Not vacuous: every source file was read and its imports resolved (an unresolved import would slip past
    // the layer rules unseen).
    const files = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => `src/${f.split("\\").join("/")}`)
      .sort();
    const cruised = new Set(result.modules.map((m) => m.source));
    expect.soft(files.filter((f) => !cruised.has(f)), "src/ files dependency-cruiser did not see").toEqual([]);
    const unresolved = result.modules
      .filter((m) => m.source.startsWith("src/"))
      .flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} → ${d.module}`));
    expect.soft(unresolved, "imports in src/ that do not resolve").toEqual([]);
    expect(srcToSrc(result), "resolved src/ → src/ dependencies").toBeGreaterThan(100);
  });

  describe("the rules bite (a fixture tree with one violation of each)", () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "rein-architecture-"));
      const files: Record<string, string> = {
        // a lower layer importing a higher one
        "src/vdom/x.ts": `import { y } from "../session/y.ts";\nexport const x = y;\n`,
        "src/session/y.ts": `export const y = 1;\n`,
        // the client importing a server layer, type-only
        "src/client/c.ts": `import type { Y } from "../session/types.ts";\nexport const c = (y: Y) => y;\n`,
        "src/session/types.ts": `export type Y = number;\n`,
        // siblings: live/ does not import state/
        "src/live/l.ts": `import { s } from "../state/s.ts";\nexport const l = s;\n`,
        // an import that does not resolve
        "src/state/s.ts": `import { gone } from "./gone.ts";\nexport const s = gone;\n`,
        // src/ importing the tests
        "src/protocol/p.ts": `import { t } from "../../test/t.ts";\nexport const p = t;\n`,
        "test/t.ts": `export const t = 1;\n`,
        // a cycle, one side type-only
        "src/template/a.ts": `import { b } from "./b.ts";\nexport type A = string;\nexport const a = b;\n`,
        "src/template/b.ts": `import type { A } from "./a.ts";\nexport const b: A = "b";\n`,
        // the entry importing the browser client
        "src/index.ts": `export { c } from "./client/c.ts";\nexport { x } from "./vdom/x.ts";\n`,
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("reports every planted violation", async () => {
      const result = await cruiseSrc(dir);
      expect(violations(result)).toEqual(
        [
          "entry-not-client: src/index.ts → src/client/c.ts",
          "layer-client: src/client/c.ts → src/session/types.ts",
          "layer-live: src/live/l.ts → src/state/s.ts",
          "layer-vdom: src/vdom/x.ts → src/session/y.ts",
          "no-circular: src/template/a.ts → src/template/b.ts → src/template/a.ts",
          "not-to-unresolvable: src/state/s.ts → ./gone.ts",
          "src-not-to-outside: src/protocol/p.ts → test/t.ts",
        ].sort(),
      );
    });
  });
});
