/**
 * `/decorators`: each handler decorator on a small live example, side by side, with counters that show what the
 * server actually ran: `@debounce`, `@throttle`, `@rateLimit`, `@cache`, `@optimistic`, `@computed`.
 * @module
 */
import { z } from "zod";
import { LiveView, event, debounce, throttle, rateLimit, cache, optimistic, computed, JS } from "rein";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const Value = z.object({ value: z.string() });

/**
 * Real squarings done by this server process. Not view state on purpose: a cache hit restores every field the
 * first run changed, so a run counter kept in the view would be restored too and hide the hit.
 */
let squarings = 0;

/** Squares a number slowly, to make a cache hit visible. */
async function slowSquare(n: number): Promise<number> {
  await sleep(600);
  squarings += 1;
  return n * n;
}

/** The decorators demo. */
export class DecoratorsView extends LiveView {
  static override title = "Decorators";
  debounced = "";
  debounceRuns = 0;
  throttleRuns = 0;
  rateRuns = 0;
  cacheInput = 7;
  cacheResult = 49;
  liked = false;
  likes = 41;
  items = [3, 5, 8];

  /** Runs 400 ms after the typing stops (and at the latest every 1.5 s while it goes on). */
  @debounce(400, { maxWait: 1500 }) @event({ params: Value })
  typed({ value }: { value: string }) {
    this.debounced = value;
    this.debounceRuns += 1;
  }

  /** Runs at most once per second, however fast the button is clicked. */
  @throttle(1000) @event()
  throttled() {
    this.throttleRuns += 1;
  }

  /** 2 calls per second, burst of 3: mash it to see the rate_limited error. */
  @rateLimit({ rate: 2, burst: 3 }) @event()
  limited() {
    this.rateRuns += 1;
  }

  /** Slow (600 ms) the first time for each number; instant from the cache for 60 s after. */
  @cache({ ttl: 60_000, keyParams: ["n"] }) @event({ params: z.object({ n: z.coerce.number().int().min(0).max(99) }) })
  async square({ n }: { n: number }) {
    this.cacheInput = n;
    this.cacheResult = await slowSquare(n);
  }

  /** How many squarings the server really did (all visitors), see {@link squarings}. */
  get squarings() {
    return squarings;
  }

  /** The heart turns at once (optimistic); the server takes 800 ms to agree. */
  @optimistic(JS.addClass("is-liked", { to: "#dec-like" }).setAttr("aria-pressed", "true", { to: "#dec-like" }))
  @event()
  async like() {
    await sleep(800);
    this.liked = !this.liked;
    this.likes += this.liked ? 1 : -1;
  }

  /** Optimistic too, but the server refuses: the browser rolls the prediction back. */
  @optimistic(JS.addClass("is-liked", { to: "#dec-like-fail" }))
  @event()
  async likeAndFail() {
    await sleep(800);
    throw new Error("likes are closed");
  }

  @event() addItem() {
    this.items = [...this.items, this.items.length + 3];
  }

  /** Computed once per render, although the page reads it three times. */
  @computed get stats() {
    const sum = this.items.reduce((a, b) => a + b, 0);
    return { sum, mean: (sum / this.items.length).toFixed(2), max: Math.max(...this.items) };
  }

  override render() {
    return (
      <div class="dec">
        <section class="g-panel">
          <h2><code>@debounce(400, {"{ maxWait: 1500 }"})</code></h2>
          <p class="g-muted">Type quickly: the server runs the handler once you pause.</p>
          <input class="g-input" id="dec-debounce" rein-input="typed" placeholder="Type here..." autocomplete="off" />
          <p id="dec-debounce-out">Last value: <strong>{this.debounced || "—"}</strong> · handler runs: {this.debounceRuns}</p>
        </section>

        <section class="g-panel">
          <h2><code>@throttle(1000)</code></h2>
          <p class="g-muted">Click as fast as you can: at most one run per second (first and last click of each second).</p>
          <button type="button" class="g-btn" id="dec-throttle" rein-click="throttled">Click me fast</button>
          <p id="dec-throttle-out">Handler runs: {this.throttleRuns}</p>
        </section>

        <section class="g-panel">
          <h2><code>@rateLimit({"{ rate: 2, burst: 3 }"})</code></h2>
          <p class="g-muted">A token bucket per connection: past the burst, calls are refused with an error frame.</p>
          <button type="button" class="g-btn" id="dec-rate" rein-click="limited">Call the handler</button>
          <p id="dec-rate-out">Handler runs: {this.rateRuns}</p>
        </section>

        <section class="g-panel">
          <h2><code>@cache({"{ ttl: 60_000, keyParams: [\"n\"] }"})</code></h2>
          <p class="g-muted">Squaring takes 600 ms on the server the first time; a repeat comes from the cache.</p>
          <div class="g-row">
            {[7, 12, 42].map((n) => (
              <button type="button" class="g-btn" id={`dec-square-${n}`} rein-click="square" rein-value-n={n}
                rein-loading:add-class="is-busy">{n}²</button>
            ))}
          </div>
          <p id="dec-cache-out">{this.cacheInput}² = <strong>{this.cacheResult}</strong> · squarings done by the server: {this.squarings}</p>
        </section>

        <section class="g-panel">
          <h2><code>@optimistic(chain)</code></h2>
          <p class="g-muted">The heart fills at once; the server answers 800 ms later. The second one is refused and rolls back.</p>
          <div class="g-row">
            <button type="button" id="dec-like" class={this.liked ? "dec-like is-liked" : "dec-like"}
              aria-pressed={this.liked ? "true" : "false"} rein-click="like">♥ {this.likes}</button>
            <button type="button" id="dec-like-fail" class="dec-like" rein-click="likeAndFail">♥ refused</button>
          </div>
        </section>

        <section class="g-panel">
          <h2><code>@computed</code></h2>
          <p class="g-muted">Sum, mean and max come from one getter, computed once per render.</p>
          <p id="dec-computed-out">
            Items {this.items.join(", ")} · sum {this.stats.sum} · mean {this.stats.mean} · max {this.stats.max}
          </p>
          <button type="button" class="g-btn" id="dec-add" rein-click="addItem">Add an item</button>
        </section>
      </div>
    );
  }
}
