/**
 * Closing the app on SIGTERM and SIGINT in development, for apps that do not do it themselves: `node --watch` stops
 * the process with SIGTERM before restarting it (and waits for it to exit), Ctrl+C sends SIGINT, and the
 * development state file (dev-state.ts) is written by `app.close()`. Rein's listener acts only when it is alone:
 * an application that listens to the signal itself is trusted to close the app (as `serve(...).close()` does) and
 * to exit. Otherwise every registered app closes (sockets closed, views stored, the file written), then the process
 * exits as the signal would have ended it (code 128 + the signal's number); after {@link SHUTDOWN_TIMEOUT_MS}
 * it exits anyway.
 * @module
 */
import { constants } from "node:os";

/** The signals handled. */
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
/** The longest a shutdown may take before the process exits anyway, in ms. */
export const SHUTDOWN_TIMEOUT_MS = 5000;
/** The exit code of a process ended by a signal: this plus the signal's number (the shells' convention). */
const SIGNAL_EXIT_BASE = 128;

/** The closers of the registered apps. */
const closers = new Set<() => Promise<void>>();

/** The one listener per signal, installed while an app is registered. */
const listener = (signal: NodeJS.Signals): void => {
  // Another listener is the application's: it closes the app and exits (Node does not exit on a handled signal).
  if (process.listeners(signal).some((l) => l !== listener)) return;
  const code = SIGNAL_EXIT_BASE + (constants.signals[signal] ?? 0);
  setTimeout(() => process.exit(code), SHUTDOWN_TIMEOUT_MS).unref();
  void Promise.allSettled([...closers].map((close) => close())).then(() => process.exit(code));
};

/**
 * Registers `close` to run on SIGTERM or SIGINT when nothing else listens to them, then exit.
 * @returns the unregistering function (call it when the app closes otherwise).
 */
export function closeOnSignal(close: () => Promise<void>): () => void {
  if (closers.size === 0) for (const s of SIGNALS) process.on(s, listener);
  closers.add(close);
  return () => {
    if (!closers.delete(close) || closers.size > 0) return;
    for (const s of SIGNALS) process.off(s, listener);
  };
}
