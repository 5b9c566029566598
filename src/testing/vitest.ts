/**
 * `rein/vitest`: what an application needs to run its Rein views under Vitest, with Vite 7 or Vite 8.
 *
 * Views use standard (TC39) decorators (`@event()`) and JSX with `jsxImportSource: "rein"`. Vite 7 transforms
 * TypeScript with esbuild, which lowers standard decorators when given a target; Vite 8 transforms it with Oxc,
 * which does not lower them, so every test file importing a view fails to load (`SyntaxError: Invalid or
 * unexpected token` at the `@`). The plugin {@link rein} compiles `.ts`, `.mts`, `.tsx` and `.jsx` files with
 * esbuild's `transform` before Vite's own transform, and turns Vite's off (`esbuild: false` for Vite 7,
 * `oxc: false` for Vite 8), so both majors run the same compiled code.
 *
 * It needs `esbuild` (0.21 or newer: the first to lower standard decorators) installed beside Rein: an optional
 * peer dependency, loaded on the first file the plugin compiles.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from "vitest/config";
 * import { rein } from "rein/vitest";
 *
 * export default defineConfig({ plugins: [rein()], test: { environment: "node" } });
 * ```
 * @module
 */

/** Options of {@link rein}. */
export interface ReinVitestOptions {
  /**
   * esbuild's `target` for the compiled code (default `"es2022"`, as the starter's `tsc`: standard decorators are
   * lowered, ES2022 syntax is kept).
   */
  target?: string | undefined;
  /** The JSX runtime's package (default `"rein"`: `rein/jsx-runtime`). */
  jsxImportSource?: string | undefined;
}

/** What the plugin's `transform` gives back: the compiled JavaScript and its source map (JSON text). */
export interface ReinTransformResult {
  code: string;
  map: string;
}

/**
 * The plugin, typed structurally (without importing Vite's types, which differ between Vite 7 and 8): a value
 * assignable to Vite's `Plugin` in both, for `plugins: [rein()]` in a Vite or Vitest config.
 */
export interface ReinVitePlugin {
  /** `"rein"`, as Vite's logs name the plugin. */
  readonly name: "rein";
  /** Runs before Vite's own plugins, so Vite's TypeScript transform never sees a decorator. */
  readonly enforce: "pre";
  /** Vite's `config` hook: turns Vite's own TypeScript/JSX transform off (`esbuild` in Vite 7, `oxc` in Vite 8). */
  config(): { esbuild: false; oxc: false };
  /**
   * Vite's `transform` hook: compiles one module (`id` a file path, possibly with a `?query`), or returns `null`
   * for a file it does not compile (plain `.js`, `.css`, virtual modules).
   * @throws Error when `esbuild` is not installed, or with esbuild's message when the source does not parse.
   */
  transform(code: string, id: string): Promise<ReinTransformResult | null>;
}

/** The files the plugin compiles, as Vite's own esbuild transform picks them: TypeScript and JSX, not `.js`. */
const COMPILED = /\.(m?ts|[jt]sx)$/;

type EsbuildTransform = (typeof import("esbuild"))["transform"];
let esbuildTransform: Promise<EsbuildTransform> | undefined;

/** esbuild's `transform`, imported once; an error saying what to install when esbuild is missing. */
function loadEsbuild(): Promise<EsbuildTransform> {
  esbuildTransform ??= import("esbuild").then(
    (m) => m.transform,
    (cause: unknown) => {
      esbuildTransform = undefined;
      if ((cause as { code?: unknown } | null)?.code !== "ERR_MODULE_NOT_FOUND") throw cause;
      throw new Error(
        "rein/vitest compiles TypeScript with esbuild, which is not installed: run `npm install --save-dev esbuild`",
        { cause },
      );
    },
  );
  return esbuildTransform;
}

/**
 * The Vite plugin that compiles an application's TypeScript and JSX for Vitest (and Vite) as `tsc` does for
 * Rein: standard decorators lowered, JSX through `rein/jsx-runtime`, class fields with define semantics.
 * @param options - the target and JSX runtime; both have defaults that suit a Rein application.
 * @returns a plugin for `plugins: [rein()]`.
 */
export function rein(options: ReinVitestOptions = {}): ReinVitePlugin {
  const target = options.target ?? "es2022";
  const jsxImportSource = options.jsxImportSource ?? "rein";
  return {
    name: "rein",
    enforce: "pre",
    config: () => ({ esbuild: false, oxc: false }),
    async transform(code, id) {
      if (id.startsWith("\0")) return null;
      const file = id.split("?", 1)[0] ?? id;
      const ext = COMPILED.exec(file)?.[1];
      if (ext === undefined) return null;
      const transform = await loadEsbuild();
      const result = await transform(code, {
        loader: ext === "jsx" ? "jsx" : ext === "tsx" ? "tsx" : "ts",
        format: "esm",
        target,
        jsx: "automatic",
        jsxImportSource,
        sourcemap: "external",
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, experimentalDecorators: false } },
      });
      return { code: result.code, map: result.map };
    },
  };
}
