/**
 * The `rein` command line: `stats`, `health`, `analyze`, `clear`, `cleanup` (djust's `python -m djust.cli` and
 * `manage.py cleanup_liveview_sessions`), one file per command, parsed by commander. See docs/cli.md.
 *
 * `bin/rein.mjs` runs {@link main}; {@link run} is the same without touching the process's exit.
 * @module
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerAnalyze } from "./analyze.ts";
import { registerCleanup } from "./cleanup.ts";
import { registerClear } from "./clear.ts";
import { CliError, describe, printJson, takeExitCode } from "./common.ts";
import { registerHealth } from "./health.ts";
import { registerStats } from "./stats.ts";

/** The version `rein --version` prints: the package's (`package.json`, two folders up). */
export function version(): string {
  try {
    return String(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
  } catch {
    return "unknown";
  }
}

/** Builds the program with every command. Commander's own exits are turned into errors (see {@link run}). */
export function createProgram(): Command {
  const program = new Command("rein")
    .description("Inspect and maintain a Rein app's state backend (Redis), and analyse its views and templates.")
    .version(version(), "-V, --version")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureHelp({ showGlobalOptions: false })
    .addHelpText(
      "after",
      "\nThe backend commands read --redis <url> or $REIN_REDIS_URL, and --prefix (default rein:).\n" +
        "Every command takes --help and --json. Documentation: docs/cli.md.",
    );
  registerStats(program);
  registerHealth(program);
  registerAnalyze(program);
  registerClear(program);
  registerCleanup(program);
  return program;
}

/**
 * Runs the CLI on `argv` (as `process.argv`: node and script first) and resolves to the exit code. Output goes to
 * stdout and stderr.
 */
export async function run(argv: readonly string[] = process.argv): Promise<number> {
  const json = argv.includes("--json");
  takeExitCode();
  try {
    await createProgram().parseAsync([...argv]);
    return takeExitCode();
  } catch (err) {
    takeExitCode();
    // Commander already printed its message (help, version, a bad option): only its exit code is left.
    if (err instanceof CommanderError) return err.exitCode;
    const message = describe(err);
    if (json) printJson({ error: message });
    process.stderr.write(`rein: ${message}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}

/**
 * Runs the CLI on the process's arguments and exits with its code once stdout and stderr are flushed. A reader
 * that goes away (`rein stats | head -2`) ends the process quietly.
 */
export async function main(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  process.exitCode = await run();
}
