/**
 * The views of bench/peers/rein-views.tsx for LiveViewJS 0.8.1, written the way its documentation writes views
 * (`createLiveView`, state in the socket's context, `socket.assign` in `handleEvent`, `html` tagged templates).
 * Same markup, same rows, same `touch` event (`phx-value-i` arrives as a string).
 * @module
 */
import { lv, type LV } from "./lvjs.ts";
import { initialRows, touched, type Row } from "./rein-views.tsx";

const { createLiveView, html } = lv;

type CounterContext = { count: number };
type CounterEvents = { type: "increment" };

export const counterLiveView = createLiveView<CounterContext, CounterEvents>({
  mount: (socket) => {
    socket.assign({ count: 0 });
  },
  handleEvent: (event, socket) => {
    if (event.type === "increment") socket.assign({ count: socket.context.count + 1 });
  },
  render: (context) => html`<div><h1>Count: ${context.count}</h1><button phx-click="increment">+</button></div>`,
});

type ListContext = { rows: Row[] };
type ListEvents = { type: "touch"; i: string };

function listLiveView(size: number) {
  return createLiveView<ListContext, ListEvents>({
    mount: (socket) => {
      socket.assign({ rows: initialRows(size) });
    },
    handleEvent: (event, socket) => {
      if (event.type !== "touch") return;
      const i = Number(event.i);
      const rows = socket.context.rows;
      const row = rows[i];
      if (!Number.isInteger(i) || !row) return;
      row.label = touched(row.label);
      socket.assign({ rows });
    },
    render: (context) =>
      html`<table><tbody>${context.rows.map((r) => html`<tr><td>${r.id}</td><td>${r.label}</td></tr>`)}</tbody></table>`,
  });
}

export const router: LV.LiveViewRouter = {
  "/counter": counterLiveView,
  "/list": listLiveView(300),
  "/list10k": listLiveView(10_000),
};
