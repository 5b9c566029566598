/**
 * Child processes for the package tests: commands run to completion ({@link run}) and servers left running
 * ({@link startServer}), each in its own process group so that `npm`, the shell it spawns and their node are
 * stopped together, and each remembered until {@link killAll} (in `afterAll`).
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { delimiter } from "node:path";

const children = new Set<ChildProcess>();

/** What a finished command printed. */
export interface RunResult {
  /** Exit code (`null` when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time, in ms. */
  ms: number;
}

/** Options of {@link run} and {@link startServer}. */
export interface RunOptions {
  /** The working directory. */
  cwd: string;
  /** Variables set over {@link userEnv}'s. */
  env?: Record<string, string>;
  /** Kills the command's process group after this many ms (default 120,000). */
  timeoutMs?: number;
}

/** npm variables kept: the ones a user's shell could set for their npm (cache, registry, proxies, config files). */
const NPM_KEPT = /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i;

/**
 * The environment of a user's shell, from this process's: without what Vitest sets (`VITEST*`, `NODE_ENV`,
 * which would change the nested Vitest and `serve()`'s announcement), without what `npm test` sets (`npm_*`
 * but the user's npm settings, `INIT_CWD`), and without the repository's `node_modules/.bin` on `PATH`.
 */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^VITEST/.test(k) || k === "NODE_ENV" || k === "INIT_CWD" || k === "TEST") continue;
    if (/^npm_/i.test(k) && !NPM_KEPT.test(k)) continue;
    env[k] = v;
  }
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((p) => !/node_modules[\\/]\.bin|node-gyp-bin/.test(p))
    .join(delimiter);
  return { ...env, ...extra };
}

function launch(cmd: string, args: readonly string[], opts: RunOptions): ChildProcess {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: userEnv(opts.env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Sends `signal` to `child`'s whole process group (it was started detached: the group's id is its pid). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
}

/** SIGKILLs `child`'s process group, if `child` still runs (or whatever of its group is left, when `always`). */
function killGroup(child: ChildProcess, always = false): void {
  if (!always && (child.exitCode !== null || child.signalCode !== null)) return;
  signalGroup(child, "SIGKILL");
}

/**
 * Runs `cmd args` to completion.
 * @returns what it printed and its exit code.
 * @throws Error, with the command, its exit code and its output, when it exits non-zero (unless `allowFailure`)
 *   or runs longer than `timeoutMs`.
 */
export function run(
  cmd: string,
  args: readonly string[],
  opts: RunOptions & { allowFailure?: boolean },
): Promise<RunResult> {
  const started = Date.now();
  const child = launch(cmd, args, opts);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d));
  child.stderr?.on("data", (d: Buffer) => (stderr += d));
  const line = `${cmd} ${args.join(" ")} (in ${opts.cwd})`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${line} ran longer than ${opts.timeoutMs ?? 120_000} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.once("error", (e) => (clearTimeout(timer), reject(e)));
    child.once("close", (code) => {
      clearTimeout(timer);
      const result = { code, stdout, stderr, ms: Date.now() - started };
      if (code === 0 || opts.allowFailure) resolve(result);
      else reject(new Error(`${line} exited with ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    });
  });
}

/** A server started by {@link startServer}. */
export interface RunningServer {
  /** The URL it printed, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /**
   * Stops it: SIGTERM to its process group, resolving with the exit code of the process started; then SIGKILL to
   * what is left of the group (at once, or after 5 s when it does not exit).
   */
  stop(): Promise<number | null>;
}

/**
 * Starts a server and waits until it prints a line matching `ready` (its first group: the URL).
 * @throws Error when it exits first or prints nothing matching within `timeoutMs` (default 30,000).
 */
export function startServer(
  cmd: string,
  args: readonly string[],
  ready: RegExp,
  opts: RunOptions,
): Promise<RunningServer> {
  const child = launch(cmd, args, opts);
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${cmd} ${args.join(" ")} printed no URL within ${opts.timeoutMs ?? 30_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 30_000);
    const onData = (d: Buffer) => {
      out += d;
      const url = ready.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        output: () => out,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            const kill = setTimeout(() => killGroup(child, true), 5_000);
            child.once("exit", (code) => {
              clearTimeout(kill);
              killGroup(child, true);
              done(code);
            });
            signalGroup(child, "SIGTERM");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(" ")} exited with ${code} before it listened:\n${out}`));
    });
  });
}

/** Kills every process started here that is still running (their whole groups). */
export function killAll(): void {
  for (const child of children) killGroup(child);
  children.clear();
}
