#!/usr/bin/env node
// @ts-check
/**
 * `npm create rein@latest <folder>` (`create-rein <folder>`): creates a Rein application in a new or empty
 * folder, then prints the next steps. Exit code 0 when created, 1 on a refusal or an error (message on stderr),
 * 2 on bad arguments.
 * @module
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { scaffold } from "../lib/scaffold.mjs";

const USAGE = `Usage: npm create rein@latest <folder>
       create-rein <folder>

Creates a Rein application in <folder> (a new folder, or an empty one), named after it.

Options:
  -h, --help  print this help`;

/**
 * Prints `message` to stderr and exits.
 * @param {string} message
 * @returns {never}
 */
function fail(message, code = 1) {
  process.stderr.write(`create-rein: ${message}\n`);
  process.exit(code);
}

/** A path as a shell command takes it: quoted when it holds anything but safe characters. */
const shellArg = (/** @type {string} */ s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
} catch (e) {
  fail(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, 2);
}
if (parsed.values.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(0);
}
const [dir, ...extra] = parsed.positionals;
if (dir === undefined || dir === "" || extra.length > 0) fail(`give one folder name\n\n${USAGE}`, 2);

try {
  const made = scaffold(dir);
  const cd = relative(process.cwd(), made.dir) || ".";
  process.stdout.write(
    `Created ${made.name} in ${made.dir}\n\nNext steps:\n` +
      (cd === "." ? "" : `  cd ${shellArg(cd)}\n`) +
      `  npm install\n  npm run dev\n\nThen open http://127.0.0.1:3000. \`npm test\` runs its tests.\n`,
  );
} catch (e) {
  // A refusal (TargetNotEmptyError) or a file system error: its message, without a stack.
  fail(e instanceof Error ? e.message : String(e));
}
