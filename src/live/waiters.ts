/**
 * `waitForEvent`: lets async code (usually a `@background` handler) pause until the user triggers a handler.
 * Mirrors djust's `wait_for_event` (seed: djust-server-driven-ui, "Waiting for the user").
 * @module
 */
import type { EventParams } from "../protocol/frames.ts";

/** Options of `waitForEvent`. */
export interface WaitOptions {
  /** Reject with {@link TimeoutError} after this many ms. Default: wait indefinitely. */
  timeout?: number | undefined;
  /**
   * Only calls whose params pass resolve the waiter. A predicate that throws counts as no match and is logged;
   * it can neither crash the event pipeline nor deadlock the waiting task.
   */
  predicate?: ((params: EventParams) => boolean) | undefined;
  /** Aborting it removes the waiter and rejects with a {@link CancelledError}. */
  signal?: AbortSignal;
  /**
   * The event target (component id) whose handler `name` is awaited. Default: the view itself (events without
   * a target, including its controllers' handlers).
   */
  target?: string;
}

/** Thrown by `waitForEvent` when its timeout passes. The waiter is removed. */
export class TimeoutError extends Error {
  constructor(name: string, ms: number) {
    super(`waitForEvent("${name}") timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** Thrown by `waitForEvent` (and aborts background tasks) when the view disconnects. */
export class CancelledError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CancelledError";
  }
}

interface Waiter {
  name: string;
  target: string | undefined;
  predicate: ((params: EventParams) => boolean) | undefined;
  resolve: (params: EventParams) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** The waiters of one view. */
export class Waiters {
  #list: Waiter[] = [];
  #log: (message: string, err?: unknown) => void;

  constructor(log: (message: string, err?: unknown) => void) {
    this.#log = log;
  }

  /** Number of pending waiters (for tests and the debug panel). */
  get size(): number {
    return this.#list.length;
  }

  /** Pending waiter names, in registration order. */
  names(): string[] {
    return this.#list.map((w) => w.name);
  }

  /** Registers a waiter. See `LiveView.waitForEvent`. */
  wait(name: string, options: WaitOptions = {}): Promise<EventParams> {
    return new Promise((resolve, reject) => {
      const w: Waiter = { name, target: options.target, predicate: options.predicate, resolve, reject, timer: undefined };
      if (options.timeout !== undefined) {
        w.timer = setTimeout(() => {
          this.#remove(w);
          reject(new TimeoutError(name, options.timeout!));
        }, options.timeout);
      }
      const signal = options.signal;
      if (signal) {
        if (signal.aborted) return reject(new CancelledError(`waitForEvent("${name}") aborted`));
        signal.addEventListener(
          "abort",
          () => {
            if (!this.#list.includes(w)) return;
            this.#remove(w);
            reject(new CancelledError(`waitForEvent("${name}") aborted`));
          },
          { once: true },
        );
      }
      this.#list.push(w);
    });
  }

  /** Resolves every waiter of `name` (on `target`) whose predicate matches `params`; others stay. */
  notify(name: string, params: EventParams, target?: string): void {
    for (const w of this.#list.slice()) {
      if (w.name !== name || w.target !== target) continue;
      let match = true;
      if (w.predicate) {
        try {
          match = w.predicate(params) === true;
        } catch (err) {
          match = false;
          this.#log(`waitForEvent("${name}") predicate threw; treated as no match`, err);
        }
      }
      if (!match) continue;
      this.#remove(w);
      w.resolve(params);
    }
  }

  /** Rejects every waiter with a {@link CancelledError} (the view disconnected). */
  cancelAll(reason: string): void {
    const list = this.#list;
    this.#list = [];
    for (const w of list) {
      clearTimeout(w.timer);
      w.reject(new CancelledError(reason));
    }
  }

  #remove(w: Waiter): void {
    clearTimeout(w.timer);
    const i = this.#list.indexOf(w);
    if (i >= 0) this.#list.splice(i, 1);
  }
}
