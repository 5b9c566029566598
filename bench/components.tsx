/**
 * One component's event on a page of 50 stateful components (issue 8): the bytes of the reply and the server time
 * per event, next to the same page written as one plain view (the 50 cards' state in the view's fields, so every
 * event renders and diffs the whole page). Both run through the real engine in process (`ViewClient`, the path
 * of a socket's frames minus the socket); the bytes are the reply frame's JSON text, as on the wire.
 * @module
 */
import { LiveComponent, LiveView, event } from "rein";
import { ViewClient } from "rein/testing";
import { median, quantile } from "./lib/stats.ts";

/** Components on the page. */
export const CARDS = 50;
/** Events timed per case (after a warm-up of a tenth as many). */
const EVENTS = 2_000;

/** One card: a title, a counter, a short list, and its own handler. */
class Card extends LiveComponent<{ title: string }> {
  count = 0;
  tags = ["alpha", "beta", "gamma"];
  @event() inc() {
    this.count += 1;
  }
  render() {
    return (
      <article class="card">
        <h3>{this.props.title}</h3>
        <p class="count">{this.count}</p>
        <ul>
          {this.tags.map((t) => (
            <li>{t}</li>
          ))}
        </ul>
        <button rein-click="inc">+</button>
      </article>
    );
  }
}

/** The page of {@link CARDS} card components. */
class ComponentsPage extends LiveView {
  ids = Array.from({ length: CARDS }, (_, i) => `card-${i}`);
  override render() {
    return (
      <main>
        <h1>Cards</h1>
        <section class="grid">
          {this.ids.map((id, i) => (
            <Card id={id} title={`Card ${i + 1}`} />
          ))}
        </section>
      </main>
    );
  }
}

/** The same page with the cards' state in the view: every event renders the page. */
class PlainPage extends LiveView {
  counts = Array.from({ length: CARDS }, () => 0);
  tags = ["alpha", "beta", "gamma"];
  @event() inc({ i }: { i?: string }) {
    this.counts[Number(i)]! += 1;
  }
  override render() {
    return (
      <main>
        <h1>Cards</h1>
        <section class="grid">
          {this.counts.map((count, i) => (
            <article class="card">
              <h3>{`Card ${i + 1}`}</h3>
              <p class="count">{count}</p>
              <ul>
                {this.tags.map((t) => (
                  <li>{t}</li>
                ))}
              </ul>
              <button rein-click="inc" rein-value-i={i}>
                +
              </button>
            </article>
          ))}
        </section>
      </main>
    );
  }
}

/** One case's figures. */
export interface ComponentsRow {
  page: string;
  /** Bytes of one reply frame's JSON text (the 25th card's +). */
  replyBytes: number;
  /** Patch ops in it. */
  ops: number;
  /** Server time per event, in process (handler, snapshot, render, diff, reply), µs. */
  medianUs: number;
  p95Us: number;
}

async function run(page: string, cls: typeof ComponentsPage | typeof PlainPage, send: (c: ViewClient, n: number) => ReturnType<ViewClient["event"]>): Promise<ComponentsRow> {
  const c = await ViewClient.mount(cls, { hibernateAfterMs: false });
  const first = await send(c, 24);
  if (first[0] !== "r") throw new Error(`${page}: ${JSON.stringify(first)}`);
  const replyBytes = Buffer.byteLength(JSON.stringify(first));
  for (let i = 0; i < EVENTS / 10; i++) await send(c, i % CARDS);
  const times: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t0 = performance.now();
    await send(c, i % CARDS);
    times.push((performance.now() - t0) * 1000);
  }
  await c.close();
  return { page, replyBytes, ops: first[4].length, medianUs: Math.round(median(times)), p95Us: Math.round(quantile(times, 0.95)) };
}

/** Runs both cases. */
export async function benchComponents(): Promise<ComponentsRow[]> {
  return [
    await run(`${CARDS} LiveComponents, one card's event`, ComponentsPage, (c, n) => c.event("inc", {}, `card-${n}`)),
    await run(`plain view, same markup, one card's event`, PlainPage, (c, n) => c.event("inc", { i: String(n) })),
  ];
}
