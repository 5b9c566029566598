/**
 * The two views of the side-by-side benchmark (bench/peers.ts), written for Rein. bench/peers/lvjs-views.ts has
 * the same views for LiveViewJS 0.8.1, with the same markup as far as the two template systems allow:
 *
 * - `/counter`: a number and an increment button (like test/fixtures/views.tsx `CounterView`, without its
 *   test-only list).
 * - `/list` (300 rows) and `/list10k` (10,000 rows): a table of rows `{ id, label }`, keyed by id. The event
 *   `touch` with `i` (a row index, sent as a string as a browser sends `rein-value-i`) changes that one row's label:
 *   it toggles a trailing "!", so the frames stay the same size however many events run.
 *
 * - `/list10k-stream` (Rein only): the 10,000 rows as a stream (docs/streams.md, Phoenix's `stream/4`). The rows
 *   live in the application's store (here one table per process, as a database would be); the view inserts them
 *   at mount, and `touch` re-inserts the one row it changed. The server keeps no row per session.
 *
 * Handlers are written the way an application writes them (a zod schema for the parameter), and the rows the way
 * docs/components.md says to write a long list: a memoized row component keyed by id.
 * @module
 */
import { LiveView, event, liveRoutes, memo, stream } from "rein";
import { z } from "zod";

/** One row of the list. */
export interface Row {
  id: number;
  label: string;
}

/** The rows a list view starts with: ids 1..n, labels "row 1".."row n". */
export function initialRows(n: number): Row[] {
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = { id: i + 1, label: `row ${i + 1}` };
  return rows;
}

/** The label after a touch: toggles a trailing "!". */
export const touched = (label: string): string => (label.endsWith("!") ? label.slice(0, -1) : label + "!");

export class PeerCounterView extends LiveView {
  static override title = "Counter";
  count = 0;
  @event() increment() {
    this.count += 1;
  }
  override render() {
    return (
      <div>
        <h1>Count: {this.count}</h1>
        <button rein-click="increment">+</button>
      </div>
    );
  }
}

/**
 * One row, a memoized component (docs/components.md: how a long list is written in Rein): a row whose props are
 * equal by value to the last render's is not rendered again, and the diff skips it.
 */
const RowView = memo(({ row }: { row: Row }) => (
  <tr>
    <td>{row.id}</td>
    <td>{row.label}</td>
  </tr>
));

const Touch = z.object({ i: z.coerce.number().int().nonnegative() });

export class PeerListView extends LiveView {
  static override title = "List";
  /** Rows at mount. */
  static size = 300;
  rows: Row[] = [];
  override mount() {
    this.rows = initialRows((this.constructor as typeof PeerListView).size);
  }
  @event({ params: Touch })
  touch({ i }: { i: number }) {
    const row = this.rows[i];
    if (row) row.label = touched(row.label);
  }
  override render() {
    return (
      <table>
        <tbody>
          {this.rows.map((r) => (
            <RowView key={r.id} row={r} />
          ))}
        </tbody>
      </table>
    );
  }
}

export class PeerList10kView extends PeerListView {
  static override title = "List 10k";
  static override size = 10_000;
}

/** The application's table of rows for the stream view: one per process, as a database would be. */
let table: Row[] | undefined;
const storedRows = (): Row[] => (table ??= initialRows(10_000));

export class PeerList10kStreamView extends LiveView {
  static override title = "List 10k (stream)";
  readonly rows = stream<Row>(this, (row) => `r${row.id}`);
  override mount() {
    this.rows.insertAll(storedRows());
  }
  @event({ params: Touch })
  touch({ i }: { i: number }) {
    const row = storedRows()[i];
    if (!row) return;
    row.label = touched(row.label);
    this.rows.insert(row);
  }
  override render() {
    return (
      <table>
        <tbody id="rows" rein-update={this.rows}>
          {this.rows.map((r) => (
            <tr>
              <td>{r.id}</td>
              <td>{r.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
}

export const routes = liveRoutes([
  { path: "/counter", view: PeerCounterView },
  { path: "/list", view: PeerListView },
  { path: "/list10k", view: PeerList10kView },
  { path: "/list10k-stream", view: PeerList10kStreamView },
]);
