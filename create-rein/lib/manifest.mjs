// @ts-check
/**
 * The new application's `package.json`: its scripts and the versions it depends on.
 * @module
 */

/** The range of `rein` a new application depends on: this release of create-rein goes with rein 0.1. */
export const REIN_RANGE = "^0.1.0";

/**
 * Development tools, by the majors the starter is tested with: Vitest 4 on Vite 8 (Vite 7 works too: see the
 * starter's README), TypeScript 5, esbuild for `rein/vitest` (it lowers standard decorators), tsx for `npm run dev`.
 * @type {Readonly<Record<string, string>>}
 */
export const DEV_DEPENDENCIES = {
  "@types/node": "^20.19.43",
  esbuild: "^0.28.2",
  tsx: "^4.23.15",
  typescript: "~5.9.3",
  vite: "^8.4.0",
  vitest: "^4.1.12",
};

/**
 * The `package.json` of a new application, as an object to write with `JSON.stringify`.
 * @param {string} name - its npm package name (see `packageNameFor`).
 * @returns {Record<string, unknown>} private, an ES module package, with the scripts `dev` (restarts on change),
 *   `build` (`tsc` to `dist/`), `start` (build, then plain `node dist/main.js`), `test` and `typecheck`.
 */
export function starterManifest(name) {
  return {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20.19" },
    scripts: {
      dev: "node --watch --import tsx src/main.ts",
      build: "tsc -p tsconfig.build.json",
      start: "npm run build && node dist/main.js",
      test: "vitest run",
      typecheck: "tsc --noEmit",
    },
    dependencies: { rein: REIN_RANGE },
    devDependencies: { ...DEV_DEPENDENCIES },
  };
}
