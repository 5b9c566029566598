/**
 * Child processes of the benchmarks: the server under test and the load generator each run in their own
 * `node --import tsx` process and talk to the runner over an IPC channel. Every child has a hard deadline and
 * is killed (by its own pid) when it passes it, so no load outlives the run.
 * @module
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A forked helper process with request/response messaging. */
export class Child {
  readonly proc: ChildProcess;
  #next = 1;
  #pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  #exited: Promise<number | null>;
  #killTimer: NodeJS.Timeout;

  /**
   * @param script - path relative to bench/ (e.g. "server.ts").
   * @param deadlineMs - the child is killed with SIGKILL after this long, whatever it is doing.
   */
  constructor(script: string, args: string[], opts: { deadlineMs: number; nodeFlags?: string[]; env?: Record<string, string> }) {
    const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
    this.proc = fork(file, args, {
      execArgv: ["--conditions=rein-source", "--import", "tsx", ...(opts.nodeFlags ?? [])],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, ...opts.env, BENCH_DEADLINE_MS: String(opts.deadlineMs) },
    });
    this.proc.on("message", (m: any) => {
      const p = this.#pending.get(m?.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.error) p.reject(new Error(`${script}: ${m.error}`));
      else p.resolve(m.result);
    });
    this.#exited = new Promise((resolve) =>
      this.proc.once("exit", (code) => {
        clearTimeout(this.#killTimer);
        for (const p of this.#pending.values()) p.reject(new Error(`${script} exited (${code})`));
        this.#pending.clear();
        resolve(code);
      }),
    );
    this.#killTimer = setTimeout(() => this.proc.kill("SIGKILL"), opts.deadlineMs + 5000);
    this.#killTimer.unref();
  }

  /** Sends a command and resolves with the child's result. */
  request<T = any>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${cmd}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => (clearTimeout(t), resolve(v)),
        reject: (e) => (clearTimeout(t), reject(e)),
      });
      this.proc.send({ id, cmd, ...args });
    });
  }

  /** Asks the child to exit; kills it (by pid) if it has not within 5 s. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.send({ id: 0, cmd: "exit" });
    const t = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
    await this.#exited;
    clearTimeout(t);
  }
}

/**
 * The child side: answers the runner's commands with `handlers[cmd](msg)`, exits on "exit", when the runner goes
 * away, or at its deadline.
 */
export function serveCommands(handlers: Record<string, (msg: any) => unknown>, onExit?: () => Promise<void>): void {
  const exit = async () => {
    try {
      await onExit?.();
    } finally {
      process.exit(0);
    }
  };
  const deadline = Number(process.env["BENCH_DEADLINE_MS"] ?? 120_000);
  setTimeout(() => {
    console.error(`[bench] ${process.argv[1]}: deadline of ${deadline} ms reached, exiting`);
    process.exit(2);
  }, deadline).unref();
  process.on("disconnect", () => void exit());
  process.on("message", async (m: any) => {
    if (m.cmd === "exit") return void exit();
    const h = handlers[m.cmd];
    try {
      if (!h) throw new Error(`unknown command ${m.cmd}`);
      process.send!({ id: m.id, result: await h(m) });
    } catch (err) {
      process.send!({ id: m.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  });
}
