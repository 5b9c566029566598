/**
 * `rein analyze <dir>`: static advice on the views (`.ts`, `.tsx`, `.mts`, `.jsx`) and templates (`.njk`,
 * `.html`) under a folder. Mirrors `python -m djust.cli analyze`. Rules and heuristics: {@link RULES}, and
 * docs/cli.md. Exit 0 (it is advice) unless `--strict`, which exits 1 when anything is found.
 * @module
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, sep } from "node:path";
import type { Command } from "commander";
import { byPlace, type Finding, type Rule, RULES } from "./analyze/findings.ts";
import { type Advice, loopsWithoutKey, parseTemplate, templateBindings, TemplateSyntaxError } from "./analyze/templates.ts";
import { analyzeSource, type TypeScript, type ViewInfo } from "./analyze/views.ts";
import { CliError, plural, print, printJson, setExitCode } from "./common.ts";

/** Extensions read as TypeScript (or JSX) sources. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".tsx", ".mts", ".cts", ".jsx"]);
/** Extensions read as templates. */
export const TEMPLATE_EXTENSIONS: ReadonlySet<string> = new Set([".njk", ".html"]);
/** Folders never entered (besides those starting with a dot). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(["node_modules", "dist", "build", "coverage"]);

/** What `rein analyze --json` prints. */
export interface AnalyzeReport {
  /** The folder (or file) analysed, as given. */
  path: string;
  /** Files read: sources and templates. */
  files: number;
  /** Views found (classes and `liveView()` calls). */
  views: number;
  findings: Finding[];
  /** Findings per rule (every rule, 0 included). */
  counts: Record<Rule, number>;
}

/** Options of `rein analyze`. */
export interface AnalyzeFlags {
  json?: boolean;
  strict?: boolean;
}

/** Registers `rein analyze`. */
export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .summary("advice on views and templates: lists without keys, large state, handlers without schema, unknown events")
    .description(
      "Scan the views (.ts, .tsx, .mts, .cts, .jsx) and templates (.njk, .html) under <path> (node_modules, " +
        "dist, build, coverage and dot folders skipped) and report what the rules below find, as file:line:column, " +
        "rule, message. A syntax-only pass: nothing is run or type-checked.",
    )
    .argument("<path>", "a folder (or one file)")
    .option("--json", "print one JSON document instead of text")
    .option("--strict", "exit 1 when anything is found")
    .addHelpText(
      "after",
      "\nRules:\n" +
        Object.entries(RULES)
          .map(([rule, text]) => `  ${rule.padEnd(21)} ${text}`)
          .join("\n") +
        "\n\nExit codes: 0 done (findings are advice), 1 with --strict when anything was found, or when <path>\n" +
        "cannot be read.\n\nExamples:\n  rein analyze src/views\n  rein analyze . --json --strict",
    )
    .action(async (path: string, flags: AnalyzeFlags) => {
      const report = await analyze(path);
      if (flags.json) printJson(report);
      else print(...formatAnalyze(report));
      if (flags.strict && report.findings.length > 0) setExitCode(1);
    });
}

/**
 * Analyses every view and template under `path` (a folder or a file).
 * @throws CliError when `path` cannot be read, or when the `typescript` package is missing and sources are found.
 */
export async function analyze(path: string): Promise<AnalyzeReport> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const files = info.isDirectory() ? await listFiles(path) : [path];
  const sources = files.filter((f) => SOURCE_EXTENSIONS.has(extname(f)) && !f.endsWith(".d.ts"));
  const templates = files.filter((f) => TEMPLATE_EXTENSIONS.has(extname(f)));
  const findings: Finding[] = [];
  const push = (file: string, advice: Advice[]) => findings.push(...advice.map((a) => ({ file: shown(file), ...a })));
  const views: { file: string; view: ViewInfo }[] = [];
  if (sources.length > 0) {
    const ts = await loadTypeScript();
    for (const file of sources) {
      const result = analyzeSource(ts, file, await readFile(file, "utf8"));
      push(file, result.advice);
      for (const view of result.views) views.push({ file, view });
    }
  }
  const texts = new Map<string, string>();
  for (const file of templates) {
    const text = await readFile(file, "utf8");
    texts.set(file, text);
    try {
      push(file, loopsWithoutKey(parseTemplate(text)));
    } catch (err) {
      const e = err instanceof TemplateSyntaxError ? err : new TemplateSyntaxError(String(err), 1, 1);
      push(file, [{ rule: "parse-error", line: e.line, column: e.column, message: `not a Nunjucks template: ${e.message}` }]);
      texts.delete(file);
    }
  }
  // A view's `static template = "x.njk"`: its bindings are checked against the view's handlers when exactly one
  // template under the folder ends with that path.
  const base = info.isDirectory() ? path : join(path, "..");
  for (const { file, view } of views) {
    if (!view.template || !view.complete) continue;
    const wanted = view.template.split("/").join(sep);
    const matches = [...texts.keys()].filter((t) => {
      const rel = relative(base, t);
      return rel === wanted || rel.endsWith(sep + wanted);
    });
    if (matches.length !== 1) continue;
    const template = matches[0]!;
    for (const b of templateBindings(texts.get(template)!)) {
      if (view.handlers.has(b.value)) continue;
      const known = [...view.handlers].sort();
      push(template, [
        {
          rule: "unknown-event",
          line: b.line,
          column: b.column,
          message:
            `${b.attribute}="${b.value}" names no @event handler of ${view.name} (${shown(file)}:${view.spot.line}` +
            `${known.length ? `; handlers: ${known.join(", ")}` : "; it has none"}).`,
        },
      ]);
    }
  }
  findings.sort(byPlace);
  const counts = Object.fromEntries(Object.keys(RULES).map((r) => [r, 0])) as Record<Rule, number>;
  for (const f of findings) counts[f.rule]++;
  return { path, files: sources.length + templates.length, views: views.length, findings, counts };
}

/** The text form of an {@link AnalyzeReport}: one line per finding, then a summary. */
export function formatAnalyze(r: AnalyzeReport): string[] {
  const lines = r.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`);
  if (r.findings.length === 0) return [`No findings in ${plural(r.files, "file")} (${plural(r.views, "view")}).`];
  const per = Object.entries(r.counts)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${n} ${rule}`)
    .join(", ");
  const files = new Set(r.findings.map((f) => f.file)).size;
  lines.push("", `${plural(r.findings.length, "finding")} in ${files} of ${plural(r.files, "file")} (${plural(r.views, "view")}): ${per}.`);
  return lines;
}

/** Files under a folder, sorted, skipping {@link SKIPPED_DIRS} and dot folders. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith(".") && !SKIPPED_DIRS.has(e.name)) await walk(join(d, e.name));
      } else if (e.isFile() && (SOURCE_EXTENSIONS.has(extname(e.name)) || TEMPLATE_EXTENSIONS.has(extname(e.name)))) {
        out.push(join(d, e.name));
      }
    }
  };
  await walk(dir);
  return out;
}

/** A path as findings show it: relative to the working directory when inside it, with `/`. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  const p = rel.startsWith("..") || isAbsolute(rel) ? file : rel;
  return p.split(sep).join("/");
}

/**
 * The TypeScript compiler, loaded on first use (a dev dependency of Rein, present in any TypeScript project).
 * @throws CliError when it is not installed.
 */
async function loadTypeScript(): Promise<TypeScript> {
  try {
    const mod = (await import("typescript")) as unknown as { default?: TypeScript } & TypeScript;
    return mod.default ?? mod;
  } catch {
    throw new CliError("rein analyze needs the typescript package to read .ts/.tsx files: npm i -D typescript");
  }
}
