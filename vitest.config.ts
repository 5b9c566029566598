import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * `rein` resolves to its TypeScript sources here (the `rein-source` export condition, as `tsconfig.json`'s
 * `customConditions`); an installed package resolves to its compiled `lib/`.
 */
const SOURCE = "rein-source";

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
  esbuild: { jsx: "automatic", jsxImportSource: "rein", target: "es2022" },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
