/**
 * `/counter`: the smallest LiveView, rendered with JSX. The state and handlers live in {@link CounterState};
 * this file is only the markup. Every click is one event frame up and one small patch down.
 * @module
 */
import { CounterState } from "./counter-state.ts";

/** The counter, in JSX. */
export class CounterView extends CounterState {
  static override title = "Counter";

  override render() {
    return (
      <div class="g-counter">
        <p class="g-counter-label">Count</p>
        <h2 class={{ "g-counter-value": true, negative: this.negative }} id="count">
          {this.count}
        </h2>
        <div class="g-counter-buttons">
          <button type="button" class="g-btn" rein-click="decrement" aria-label="Decrement">
            −1
          </button>
          <button type="button" class="g-btn g-btn-primary" rein-click="increment" aria-label="Increment">
            +1
          </button>
          <button type="button" class="g-btn" rein-click="add" rein-value-by="5" aria-label="Add five">
            +5
          </button>
          <button type="button" class="g-btn g-btn-ghost" rein-click="reset">
            Reset
          </button>
        </div>
        <p class="g-counter-note">Rendered with JSX in demo/views/counter.tsx</p>
      </div>
    );
  }
}
