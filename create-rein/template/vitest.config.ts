import { rein } from "rein/vitest";
import { defineConfig } from "vitest/config";

// rein(): compiles TypeScript and JSX with esbuild, standard decorators lowered (Vite 7 and Vite 8 alike).
export default defineConfig({
  plugins: [rein()],
  test: { include: ["test/**/*.test.ts", "test/**/*.test.tsx"] },
});
