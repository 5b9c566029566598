import { event, LiveView } from "rein";

/**
 * A counter. Its state (`count`) lives on the server; a click on + or − sends the event bound to the button over
 * the page's WebSocket, the server runs the handler, renders again and sends back only what changed.
 */
export class CounterView extends LiveView {
  static title = "Counter";

  count = 0;

  /** `@event()`: the browser may call it. A binding names it as `rein-click={this.increment}`, checked by tsc. */
  @event() increment(): void {
    this.count += 1;
  }

  @event() decrement(): void {
    this.count -= 1;
  }

  render() {
    return (
      <main>
        <h1>Count: {this.count}</h1>
        <button rein-click={this.decrement} aria-label="Decrement">
          −
        </button>
        <button rein-click={this.increment} aria-label="Increment">
          +
        </button>
      </main>
    );
  }
}
