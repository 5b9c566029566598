/**
 * A token bucket: `burst` tokens, refilled at `rate` per second. The rate limiter of `@rateLimit`.
 * @module
 */
export class TokenBucket {
  #tokens: number;
  #last: number;
  readonly #rate: number;
  readonly #burst: number;

  /** @param rate - tokens per second. @param burst - capacity (and initial fill). */
  constructor(rate: number, burst: number, now = Date.now()) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes a token; `false` when none is left. */
  take(now = Date.now()): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
