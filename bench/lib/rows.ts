/**
 * The event names of the rows view's buttons, read from its rendered markup (`<button id="update"
 * rein-click="...">`), so the benchmarks follow demo/views/rows.tsx when a handler is renamed.
 * @module
 */
import type { WireNode } from "../../src/protocol/tree.ts";
import type { VNode } from "../../src/vdom/vnode.ts";

/** Button id (js-framework-benchmark's: run, runlots, add, update, clear, swaprows) to event name. */
export type RowsButtons = Record<string, string>;

/** From VNodes (in-process render). */
export function buttonsOfTree(nodes: readonly VNode[], out: RowsButtons = {}): RowsButtons {
  for (const n of nodes) {
    if (n.type !== 1) continue;
    const { id, "rein-click": ev } = n.attrs;
    if (n.tag === "button" && id && ev) out[id] = ev;
    buttonsOfTree(n.children, out);
  }
  return out;
}

/** From a wire tree (join frame). */
export function buttonsOfWire(nodes: readonly WireNode[], out: RowsButtons = {}): RowsButtons {
  for (const n of nodes) {
    if (typeof n === "string") continue;
    const [tag, attrs, ...kids] = n;
    if (tag === "button" && attrs && attrs["id"] && attrs["rein-click"]) out[attrs["id"]] = attrs["rein-click"];
    buttonsOfWire(kids as WireNode[], out);
  }
  return out;
}

/** The event of button `id`; throws when the view has no such button. */
export function eventOf(buttons: RowsButtons, id: string): string {
  const ev = buttons[id];
  if (!ev) throw new Error(`demo/views/rows.tsx has no <button id="${id}" rein-click=...>`);
  return ev;
}
