/**
 * `/rows`: the keyed implementation of js-framework-benchmark (https://github.com/krausest/js-framework-benchmark),
 * with the markup of its `vanillajs-keyed` reference, so the same buttons and selectors work here.
 *
 * The rows are the view's state; every `<tr>` is keyed by the row id, so the diff turns "swap rows" into moves,
 * "remove" into one removal, and "select" into two class changes, whatever the length of the table.
 * Clicks carry the row id in `rein-value-id`.
 * @module
 */
import { LiveView, event, memo } from "rein";
import { z } from "zod";
import { randomLabel } from "../data/words.ts";

/** One row of the table. */
export interface Row {
  id: number;
  label: string;
}

const Id = z.object({ id: z.coerce.number().int() });

/**
 * One benchmark button, in the benchmark's markup (`div.col-sm-6.smallpad > button.btn.btn-primary.btn-block`).
 * `event` defaults to the button's id.
 */
function BenchButton({ id, label, event = id }: { id: string; label: string; event?: string }) {
  return (
    <div class="col-sm-6 smallpad">
      <button type="button" class="btn btn-primary btn-block" id={id} rein-click={event}>
        {label}
      </button>
    </div>
  );
}

/**
 * One row of the table: memoized (docs/components.md), so an event re-renders only the rows whose props changed
 * (select: two rows) and the diff skips the others without looking inside.
 */
const BenchRow = memo(({ row, selected }: { row: Row; selected: boolean }) => (
  <tr class={selected ? "danger" : undefined}>
    <td class="col-md-1">{row.id}</td>
    <td class="col-md-4">
      <a class="lbl" rein-click="select" rein-value-id={row.id}>
        {row.label}
      </a>
    </td>
    <td class="col-md-1">
      <a class="remove" rein-click="remove" rein-value-id={row.id}>
        <span class="remove glyphicon glyphicon-remove" aria-hidden="true" />
      </a>
    </td>
    <td class="col-md-6" />
  </tr>
));

/** The benchmark table. */
export class RowsView extends LiveView {
  static override title = "Rows";

  /** The rows, in display order. */
  rows: Row[] = [];
  /** The id of the selected row (`tr.danger`), or 0. */
  selected = 0;
  /** The next row id; ids keep growing across "Create" clicks, as in the benchmark. */
  nextId = 1;

  private build(count: number): Row[] {
    const out: Row[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = { id: this.nextId++, label: randomLabel() };
    return out;
  }

  /** `#run`: replaces the table with 1,000 new rows. */
  @event({ description: "Creates 1,000 rows." })
  run(): void {
    this.rows = this.build(1000);
    this.selected = 0;
  }

  /** `#runlots`: replaces the table with 10,000 new rows. */
  @event({ description: "Creates 10,000 rows." })
  runlots(): void {
    this.rows = this.build(10000);
    this.selected = 0;
  }

  /** `#add`: appends 1,000 rows. */
  @event({ description: "Appends 1,000 rows." })
  add(): void {
    this.rows = this.rows.concat(this.build(1000));
  }

  /**
   * `#update`: appends " !!!" to the label of every 10th row (rows 0, 10, 20...). Not named `update`, which is
   * LiveView's own method for sending changes made outside a handler.
   */
  @event({ description: "Updates every 10th row." })
  updateRows(): void {
    const rows = this.rows.slice();
    for (let i = 0; i < rows.length; i += 10) rows[i] = { ...rows[i]!, label: rows[i]!.label + " !!!" };
    this.rows = rows;
  }

  /** `#clear`: removes every row. */
  @event({ description: "Removes every row." })
  clear(): void {
    this.rows = [];
    this.selected = 0;
  }

  /** `#swaprows`: swaps the rows at index 1 and 998 (when there are more than 998 rows). */
  @event({ description: "Swaps rows 2 and 999." })
  swaprows(): void {
    if (this.rows.length <= 998) return;
    const rows = this.rows.slice();
    const a = rows[1]!;
    rows[1] = rows[998]!;
    rows[998] = a;
    this.rows = rows;
  }

  /** Click on a label: highlights its row. */
  @event({ params: Id, description: "Selects a row." })
  select({ id }: { id: number }): void {
    this.selected = id;
  }

  /** Click on the × icon: removes its row. */
  @event({ params: Id, description: "Removes a row." })
  remove({ id }: { id: number }): void {
    this.rows = this.rows.filter((r) => r.id !== id);
  }

  override render() {
    const selected = this.selected;
    return (
      <div class="container" id="main">
        <div class="jumbotron">
          <div class="row">
            <div class="col-md-6">
              <h1>Rein-"keyed"</h1>
            </div>
            <div class="col-md-6">
              <div class="row">
                <BenchButton id="run" label="Create 1,000 rows" />
                <BenchButton id="runlots" label="Create 10,000 rows" />
                <BenchButton id="add" label="Append 1,000 rows" />
                <BenchButton id="update" event="updateRows" label="Update every 10th row" />
                <BenchButton id="clear" label="Clear" />
                <BenchButton id="swaprows" label="Swap Rows" />
              </div>
            </div>
          </div>
        </div>
        <table class="table table-hover table-striped test-data">
          <tbody id="tbody">
            {this.rows.map((row) => (
              <BenchRow key={row.id} row={row} selected={row.id === selected} />
            ))}
          </tbody>
        </table>
        <span class="preloadicon glyphicon glyphicon-remove" aria-hidden="true" />
      </div>
    );
  }
}
