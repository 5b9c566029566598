/**
 * The server side of `@debounce` and `@throttle`: decides, per view and handler, whether a call runs now, later,
 * or never. A call that will not run is "dropped": the caller answers it with an empty reply so that the
 * browser's loading state for it clears.
 * @module
 */

/** A call waiting at a gate. */
export interface GatedCall {
  ref: number;
  run: () => void;
}

/** Debounce: the last call runs `wait` ms after the calls stop, or `maxWait` ms after the first one. */
export class DebounceGate {
  #pending: GatedCall | undefined;
  #timer: NodeJS.Timeout | undefined;
  #maxTimer: NodeJS.Timeout | undefined;
  readonly #wait: number;
  readonly #maxWait: number | undefined;

  constructor(wait: number, maxWait: number | undefined) {
    this.#wait = wait;
    this.#maxWait = maxWait;
  }

  /** Accepts a call; returns the call it supersedes (to be answered empty), if any. */
  push(call: GatedCall): GatedCall | undefined {
    const dropped = this.#pending;
    this.#pending = call;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fire(), this.#wait);
    if (this.#maxWait !== undefined && this.#maxTimer === undefined) {
      this.#maxTimer = setTimeout(() => this.#fire(), this.#maxWait);
    }
    return dropped;
  }

  /** Stops the timers; the pending call never runs. */
  cancel(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#maxTimer);
    this.#pending = undefined;
  }

  #fire(): void {
    const call = this.#pending;
    this.cancel();
    this.#maxTimer = undefined;
    call?.run();
  }
}

/** Throttle: at most one run per `interval` ms, with optional leading and trailing runs. */
export class ThrottleGate {
  #pending: GatedCall | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #interval: number;
  readonly #leading: boolean;
  readonly #trailing: boolean;

  constructor(interval: number, leading: boolean, trailing: boolean) {
    this.#interval = interval;
    this.#leading = leading;
    this.#trailing = trailing;
  }

  /** Accepts a call; returns the call that will not run (to be answered empty), if any. */
  push(call: GatedCall): GatedCall | undefined {
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#end(), this.#interval);
      if (this.#leading) {
        call.run();
        return undefined;
      }
    }
    if (!this.#trailing) return call;
    const dropped = this.#pending;
    this.#pending = call;
    return dropped;
  }

  /** Stops the timer; a pending trailing call never runs. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }

  #end(): void {
    const call = this.#pending;
    this.#pending = undefined;
    this.#timer = undefined;
    if (call) {
      // The trailing run opens a new interval, so calls right after it are throttled too.
      this.#timer = setTimeout(() => this.#end(), this.#interval);
      call.run();
    }
  }
}
