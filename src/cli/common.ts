/**
 * What the `rein` commands share: the options that name the backend (`--redis`, `--prefix`, `--timeout`), opening
 * a {@link RedisBackend} that fails fast and clearly, output (text or `--json`), number formatting, and the error
 * type that carries an exit code.
 * @module
 */
import { InvalidArgumentError, type Command } from "commander";
import { KEY_PREFIX, RedisBackend } from "../state/redis.ts";

/**
 * The environment variable naming the app's Redis: the same as `REDIS_URL_ENV` of src/server/engine.ts (not
 * imported from there, which would load the whole server at every start of the CLI; a test keeps them equal).
 */
export const REDIS_URL_ENV = "REIN_REDIS_URL";

/** A failure the CLI reports as one line on stderr (and `{ "error" }` with `--json`), exiting with `exitCode`. */
export class CliError extends Error {
  /** @param exitCode the process exit code; 1 unless told. */
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** The options every backend command takes (parsed by commander). */
export interface BackendFlags {
  /** `--redis <url>`; else `REIN_REDIS_URL`. */
  redis?: string;
  /** `--prefix <prefix>`, default `"rein:"`. */
  prefix: string;
  /** `--timeout <ms>`: how long to wait for the connection. */
  timeout: number;
  /** `--json`: one JSON document on stdout instead of text. */
  json?: boolean;
}

/** Default of `--timeout`: 5 s to connect. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** What the CLI says when no Redis is configured. */
export const NO_BACKEND =
  `no Redis configured: pass --redis <url> or set ${REDIS_URL_ENV}. ` +
  "Without Redis, Rein keeps state in the in-memory backend, which lives inside the app's own process and cannot " +
  "be inspected from outside it (start the app with a Redis backend to use this command).";

/** Adds `--redis`, `--prefix`, `--timeout` and `--json` to a command. */
export function backendOptions(cmd: Command): Command {
  return cmd
    .option("--redis <url>", `Redis URL (default: $${REDIS_URL_ENV})`)
    .option("--prefix <prefix>", "key prefix of the app", KEY_PREFIX)
    .option("--timeout <ms>", "how long to wait for the connection, in ms", positiveInt("--timeout"), CONNECT_TIMEOUT_MS)
    .option("--json", "print one JSON document instead of text");
}

/** A commander argument parser for a whole number > 0 (`what` names the option in the error). */
export function positiveInt(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`${what} must be a whole number > 0, got "${value}"`);
    }
    return n;
  };
}

/** The Redis URL to use: `--redis`, else `REIN_REDIS_URL`; `undefined` when neither is set. */
export function redisUrl(flags: Pick<BackendFlags, "redis">): string | undefined {
  const url = flags.redis ?? process.env[REDIS_URL_ENV];
  return url && url.trim() !== "" ? url.trim() : undefined;
}

/** A URL safe to print: the password replaced by `***`. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  }
}

/**
 * Opens the configured Redis backend and waits for its connection.
 * @throws CliError when no Redis is configured (with {@link NO_BACKEND}), or when Redis cannot be reached within
 * `flags.timeout` (the connection is not retried: a CLI should answer at once).
 */
export async function openBackend(flags: BackendFlags): Promise<{ backend: RedisBackend; url: string }> {
  const url = redisUrl(flags);
  if (!url) throw new CliError(NO_BACKEND);
  const shown = redact(url);
  let backend: RedisBackend;
  try {
    backend = new RedisBackend({
      url,
      prefix: flags.prefix,
      connectTimeoutMs: flags.timeout,
      log: () => {}, // the CLI reports trouble itself, once
      redis: { retryStrategy: () => null, connectTimeout: flags.timeout },
    });
  } catch (err) {
    throw new CliError(`bad Redis URL ${shown}: ${(err as Error).message}`);
  }
  const redis = backend.redis;
  try {
    await new Promise<void>((resolve, reject) => {
      if (redis.status === "ready") return resolve();
      let last: Error | undefined;
      const timer = setTimeout(() => done(last ?? new Error(`no answer within ${flags.timeout} ms`)), flags.timeout);
      const onError = (err: Error) => (last = err);
      const onEnd = () => done(last ?? new Error("connection closed"));
      const onReady = () => done();
      const done = (err?: Error) => {
        clearTimeout(timer);
        redis.off("error", onError).off("end", onEnd).off("ready", onReady);
        if (err) reject(err);
        else resolve();
      };
      redis.on("error", onError).once("end", onEnd).once("ready", onReady);
    });
  } catch (err) {
    if (redis.status !== "end") redis.disconnect(); // on an ended connection it would hold the process 2 s
    throw new CliError(`cannot reach Redis at ${shown}: ${describe(err)}`);
  }
  return { backend, url: shown };
}

/** An error's message, with the aggregated causes ioredis sometimes wraps. */
export function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Closes a backend opened by {@link openBackend}, never throwing. */
export async function closeBackend(backend: RedisBackend): Promise<void> {
  try {
    await backend.close();
  } catch {
    backend.redis.disconnect();
  }
}

/** Escapes SCAN/KEYS glob characters (the state layer's, re-exported for the commands). */
export { globEscape } from "../state/redis.ts";

/** The exit code a command asked for without throwing (see {@link setExitCode}); read and reset by `run()`. */
let requestedExit = 0;

/** Makes the current command exit with `code` once it returns (a command that printed its output but failed). */
export function setExitCode(code: number): void {
  requestedExit = code;
}

/** The exit code the last command asked for with {@link setExitCode} (0 if none), and forgets it. */
export function takeExitCode(): number {
  const code = requestedExit;
  requestedExit = 0;
  return code;
}

/**
 * Reports a failure already described on stdout (a `--json` document that says `ok: false`): the message goes to
 * stderr and the command will exit with `exitCode`.
 */
export function fail(message: string, exitCode = 1): void {
  process.stderr.write(`rein: ${message}\n`);
  setExitCode(exitCode);
}

/** Writes a JSON document (pretty, one trailing newline) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** Writes lines of text to stdout. */
export function print(...lines: string[]): void {
  process.stdout.write(lines.join("\n") + "\n");
}

/** `1 view state`, `3 view states`. */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** `1.5 KB`, `12 B`, `3.2 MB` (1 KB = 1,024 bytes, as `compressAbove`'s 10 KB). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** `850 ms`, `42 s`, `12m 5s`, `5h 59m`, `29d 23h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Minimum, median (lower middle for an even count) and maximum of some numbers; `null` when there are none. */
export function spread(values: number[]): { min: number; median: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted[sorted.length - 1]! };
}

/** Left-aligned text columns: the first row is the header. */
export function table(rows: string[][], rightAlign: ReadonlySet<number> = new Set()): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (rightAlign.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
