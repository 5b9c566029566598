/**
 * `rein clear [--all] [--yes]`: deletes the stored view states (`v:` keys) under the app's prefix, with `--all`
 * the browser sessions (`s:`) too, through {@link RedisBackend.clear}. Asks for confirmation on a terminal;
 * without a terminal it needs `--yes`. Other keys under the prefix (presence, kept by running processes) are never
 * touched. Mirrors `python -m djust.cli clear`.
 *
 * What it means for users: a page whose state was deleted mounts again on its next join (its view starts over),
 * and a browser whose session was deleted starts with an empty one.
 * @module
 */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { RedisBackend } from "../state/redis.ts";
import { backendOptions, type BackendFlags, CliError, closeBackend, openBackend, plural, print, printJson } from "./common.ts";
import { SESSION, scanKeys, VIEW } from "./keys.ts";

/** Options of `rein clear`. */
export interface ClearFlags extends BackendFlags {
  /** Sessions too. */
  all?: boolean;
  /** No confirmation. */
  yes?: boolean;
}

/** What `rein clear --json` prints. */
export interface ClearReport {
  url: string;
  prefix: string;
  /** Keys deleted, by kind (`sessions` is 0 without `--all`). */
  deleted: { views: number; sessions: number };
}

/** Registers `rein clear`. */
export function registerClear(program: Command): void {
  backendOptions(
    program
      .command("clear")
      .summary("delete the stored view states (with --all, the sessions too)")
      .description(
        "Delete every stored view state (v: keys) under the prefix; with --all, every browser session (s: keys) " +
          "too. Asks for confirmation unless --yes; refuses without a terminal and without --yes. Views whose " +
          "state is gone mount again on their next join; browsers whose session is gone start with an empty one. " +
          "Other keys under the prefix (presence) are left alone.",
      ),
  )
    .option("--all", "also delete the browser sessions (s: keys)")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText(
      "after",
      "\nExit codes: 0 deleted (or nothing to delete), 1 refused (no --yes without a terminal), declined, or\n" +
        "Redis unreachable.\n\nExamples:\n  rein clear --redis redis://127.0.0.1:6379\n  rein clear --all --yes --json",
    )
    .action(async (flags: ClearFlags) => {
      const what = flags.all ? "view states and browser sessions" : "view states";
      if (!flags.yes && !process.stdin.isTTY) {
        throw new CliError(`refusing to delete the ${what} without confirmation: stdin is not a terminal, pass --yes`);
      }
      const { backend, url } = await openBackend(flags);
      try {
        if (!flags.yes) {
          const views = await count(backend, VIEW);
          const sessions = flags.all ? await count(backend, SESSION) : 0;
          if (views + sessions === 0) {
            report(flags, { url, prefix: backend.prefix, deleted: { views: 0, sessions: 0 } });
            return;
          }
          const list = [plural(views, "view state"), ...(flags.all ? [plural(sessions, "browser session")] : [])].join(" and ");
          if (!(await confirm(`Delete ${list} under "${backend.prefix}" on ${url}? [y/N] `))) {
            throw new CliError("nothing deleted (not confirmed)");
          }
        }
        const deleted = { views: await backend.clear(VIEW), sessions: flags.all ? await backend.clear(SESSION) : 0 };
        report(flags, { url, prefix: backend.prefix, deleted });
      } finally {
        await closeBackend(backend);
      }
    });
}

function report(flags: ClearFlags, r: ClearReport): void {
  if (flags.json) return printJson(r);
  const parts = [plural(r.deleted.views, "view state"), ...(flags.all ? [plural(r.deleted.sessions, "browser session")] : [])];
  print(`Deleted ${parts.join(" and ")} under "${r.prefix}" on ${r.url}.`);
}

async function count(backend: RedisBackend, sub: string): Promise<number> {
  let n = 0;
  for await (const batch of scanKeys(backend.redis, backend.prefix, sub)) n += batch.length;
  return n;
}

/** Asks a yes/no question on the terminal (on stderr, so that stdout stays the command's output). */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
