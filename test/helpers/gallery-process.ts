/**
 * The gallery as a real child process (`node --import tsx demo/main.ts`), for tests of several processes sharing
 * Redis: started on a given port with the given environment, killed with any signal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../demo/main.ts", import.meta.url));

/** A running gallery process. */
export interface GalleryProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Sends `signal` and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the gallery on `port` with `env` added to this process's environment; resolves once it listens.
 * @throws Error when it exits first or does not listen within 20 s.
 */
export function startGalleryProcess(port: number, env: Record<string, string>): Promise<GalleryProcess> {
  const child = spawn(process.execPath, ["--conditions=rein-source", "--import", "tsx", MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gallery on ${port} did not start: ${err}`)), 20_000);
    child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`gallery on ${port} exited (${code}): ${err}`))));
    child.stdout!.on("data", (d) => {
      if (!String(d).includes("Rein demo gallery")) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        child,
        kill: (signal = "SIGTERM") =>
          new Promise<void>((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.once("exit", () => r());
            child.kill(signal);
          }),
      });
    });
  });
}
