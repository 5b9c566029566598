/**
 * `/components`: stateful components (src/live/component.ts, Phoenix's LiveComponent). Two independent counters of
 * one class, a modal dialog component that the page opens with `sendUpdate` and that answers with `sendParent`,
 * and a rating child that tells its parent what was picked. Each component's own events render only it: the reply
 * carries its patch alone, and the page's render does not run.
 * @module
 */
import { z } from "zod";
import { LiveComponent, LiveView, event, type ComponentProps } from "rein";

const Step = z.object({ by: z.coerce.number().int().min(-10).max(10) });

/** A counter's props: its label and start value, and a value its parent may set with `sendUpdate`. */
interface CounterProps {
  label: string;
  start: number;
  value?: number;
}

/** A counter with its own state and handlers; the page renders two, left and right. */
export class Counter extends LiveComponent<CounterProps> {
  count = 0;
  /** How many times this counter's own events ran: shows the two instances are independent. */
  clicks = 0;

  override mount({ start }: ComponentProps<CounterProps>): void {
    this.count = start;
  }

  /** `sendUpdate(Counter, id, { value })` from the page sets the value. */
  override update({ value }: ComponentProps<CounterProps>): void {
    if (value !== undefined) this.count = value;
  }

  @event({ params: Step, description: "Adds a step to this counter." })
  add({ by }: { by: number }): void {
    this.count += by;
    this.clicks += 1;
  }

  @event({ description: "Puts this counter back to its start." })
  reset(): void {
    this.count = this.props.start;
    this.clicks += 1;
  }

  render() {
    return (
      <section class="g-panel cmp-counter" id={`counter-${this.id}`}>
        <header class="cmp-head">
          <h2>{this.props.label}</h2>
          <code class="cmp-id">id="{this.id}"</code>
        </header>
        <output class="cmp-value" aria-live="polite">
          {this.count}
        </output>
        <div class="cmp-buttons">
          <button type="button" class="g-btn" rein-click="add" rein-value-by="-1" aria-label={`${this.props.label}: minus one`}>
            −
          </button>
          <button type="button" class="g-btn g-btn-primary" rein-click="add" rein-value-by="1" aria-label={`${this.props.label}: plus one`}>
            +
          </button>
          <button type="button" class="g-btn g-btn-ghost" rein-click="reset">
            Reset
          </button>
        </div>
        <p class="g-muted cmp-note">
          {this.clicks} {this.clicks === 1 ? "event" : "events"} handled by this instance
        </p>
      </section>
    );
  }
}

/** A confirm dialog: opened by its parent (`sendUpdate`), it answers with `sendParent("confirmed" | "dismissed")`. */
export class ConfirmDialog extends LiveComponent<{ title: string; body: string; open?: boolean }> {
  open = false;

  override update(props: ComponentProps<{ title: string; body: string; open?: boolean }>): void {
    if (props.open !== undefined) this.open = props.open;
  }

  @event({ description: "The user confirmed." })
  confirm(): void {
    this.open = false;
    this.sendParent("confirmed");
  }

  @event({ description: "The user closed the dialog without confirming." })
  dismiss(): void {
    this.open = false;
    this.sendParent("dismissed");
  }

  render() {
    return (
      <div class={this.open ? "cmp-modal is-open" : "cmp-modal"} id="confirm-dialog" hidden={!this.open}>
        <div class="cmp-modal-backdrop" rein-click="dismiss"></div>
        <div class="cmp-modal-card" role="dialog" aria-modal="true" aria-labelledby="confirm-title" rein-keydown:escape="dismiss">
          <h2 id="confirm-title">{this.props.title}</h2>
          <p>{this.props.body}</p>
          <div class="cmp-buttons">
            <button type="button" class="g-btn g-btn-ghost" id="confirm-no" rein-click="dismiss">
              Keep them
            </button>
            <button type="button" class="g-btn cmp-danger" id="confirm-yes" rein-click="confirm">
              Reset both
            </button>
          </div>
        </div>
      </div>
    );
  }
}

/** Five stars; a pick is the child's own event, and it tells its parent with `sendParent("rated", stars)`. */
export class Rating extends LiveComponent<{ label: string }> {
  stars = 0;

  @event({ params: z.object({ stars: z.coerce.number().int().min(1).max(5) }), description: "Picks a rating." })
  rate({ stars }: { stars: number }): void {
    this.stars = stars;
    this.sendParent("rated", stars);
  }

  render() {
    return (
      <div class="cmp-rating" role="group" aria-label={this.props.label}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            type="button"
            class={n <= this.stars ? "cmp-star is-on" : "cmp-star"}
            rein-click="rate"
            rein-value-stars={n}
            aria-label={`${n} of 5`}
            aria-pressed={n === this.stars ? "true" : "false"}
          >
            ★
          </button>
        ))}
      </div>
    );
  }
}

const LABELS = ["", "Poor", "Fair", "Good", "Very good", "Excellent"];

/** The page: owns the layout, what the rating child reported, and what the dialog decided. */
export class ComponentsView extends LiveView {
  static override title = "Components";
  /** What the rating child last reported (through handleInfo). */
  rating = 0;
  /** The page's log of messages from its children, newest first. */
  heard: string[] = [];

  override handleInfo(event: string, payload: unknown): void {
    if (event === "rated") {
      this.rating = payload as number;
      this.#hear(`Rating said "rated" with ${this.rating}`);
    } else if (event === "confirmed") {
      this.sendUpdate(Counter, "left", { value: 0 });
      this.sendUpdate(Counter, "right", { value: 0 });
      this.#hear('Dialog said "confirmed": both counters reset');
    } else if (event === "dismissed") this.#hear('Dialog said "dismissed"');
  }

  @event({ description: "Opens the confirm dialog (sendUpdate to the dialog component)." })
  askReset(): void {
    this.sendUpdate(ConfirmDialog, "confirm", { open: true });
  }

  #hear(line: string): void {
    this.heard = [line, ...this.heard].slice(0, 4);
  }

  override render() {
    return (
      <div class="cmp">
        <div class="cmp-grid">
          <Counter id="left" label="Left counter" start={5} />
          <Counter id="right" label="Right counter" start={0} />
        </div>
        <div class="cmp-grid">
          <section class="g-panel">
            <h2>A child that messages its parent</h2>
            <p class="g-muted">The stars are a component. A pick is its own event; it sends the page a message.</p>
            <Rating id="rating" label="Rate this page" />
            <p class="cmp-said" id="rating-said">
              {this.rating ? `The page heard: ${this.rating} of 5, ${LABELS[this.rating]}` : "The page has heard nothing yet."}
            </p>
          </section>
          <section class="g-panel">
            <h2>A modal component</h2>
            <p class="g-muted">The page opens it with sendUpdate; it answers with sendParent.</p>
            <button type="button" class="g-btn" id="ask-reset" rein-click="askReset">
              Reset both counters…
            </button>
            <ol class="cmp-log" id="heard">
              {this.heard.length === 0 ? <li class="g-muted">No message yet.</li> : this.heard.map((line) => <li>{line}</li>)}
            </ol>
          </section>
        </div>
        <ConfirmDialog id="confirm" title="Reset both counters?" body="Both values go back to zero (the page tells each counter with sendUpdate). Each keeps its own event count." />
      </div>
    );
  }
}
