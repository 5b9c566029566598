/**
 * The Rein debug panel: a separate bundle (`dist/client/rein-debug.js`, served at `/rein/debug.js`), loaded by the
 * main client on the first Ctrl+Shift+D; later presses toggle it (`window.rein.debug()`).
 *
 * It lists what went over the socket, from the main client's ring buffer (`window.rein.log`, the last 200
 * frames, so the history from before the panel was opened is there) and live afterwards (`log.on`): events sent
 * (name, params), replies (patch count, pushes, time since the event), server updates, tree frames, errors.
 * Click an entry to see its payload as JSON. Heartbeats are left out.
 * @module
 */
import { EXEC_PUSH } from "../../protocol/frames.ts";
import type { LogEntry } from "../frame-log.ts";

/** One line of the panel, derived from a frame. */
export interface Row {
  /** CSS modifier: `sent`, `recv` or `err`. */
  kind: "sent" | "recv" | "err";
  /** The one-line summary. */
  text: string;
  /** What clicking the entry shows (pretty-printed JSON). */
  detail: unknown;
}

/** Per `ch:ref`: the event name and send time, to label replies and time them. */
type Sent = Map<string, [name: string, at: number]>;

/**
 * Describes one log entry as a panel row, or `undefined` for entries not shown (heartbeats). `sent` remembers
 * events so their replies and errors get a name and a time.
 */
export function describe([direction, at, frame]: LogEntry, sent: Sent): Row | undefined {
  const type = frame[0];
  if (type == "h") return;
  const key = `${frame[1]}:${frame[2]}`;
  /** The name of the event `frame` answers and the time it took (forgets the event). */
  const answered = () => {
    const event = sent.get(key);
    sent.delete(key);
    return event ? [event[0], ` · ${(at - event[1]).toFixed(1)} ms`] : ["", ""];
  };
  if (direction == 0) {
    if (type == "e") {
      sent.set(key, [frame[3], at]);
      return { kind: "sent", text: `→ event ${frame[3]} ${JSON.stringify(frame[4])}`, detail: frame[4] };
    }
    if (type == "p" || type == "s") sent.set(key, [type == "p" ? "url" : "resync", at]);
    const what = { j: "join", p: "url", s: "resync", l: "leave" }[type as "j"];
    return { kind: "sent", text: `→ ${what} ch ${frame[1]}${type == "p" ? " " + frame[3] : ""}`, detail: frame };
  }
  if (type == "x") {
    const [name, took] = answered();
    return { kind: "err", text: `✖ ${frame[3]}${name ? " (" + name + ")" : ""}: ${frame[4]}${took}`, detail: frame };
  }
  if (type == "t")
    return { kind: "recv", text: `← tree ch ${frame[1]} v${frame[2]}${frame[4] ? " + meta" : ""}`, detail: frame };
  const [patches, pushes = []] = (type == "r" ? frame.slice(4) : frame.slice(3)) as [unknown[], [string, unknown][]?];
  const [name, took] = type == "r" ? answered() : ["", ""];
  const pushNames = pushes
    .map(([push, payload]) => (push == EXEC_PUSH ? `exec(${(payload as unknown[]).length} ops)` : push))
    .join(", ");
  return {
    kind: "recv",
    text:
      `← ${type == "r" ? "reply" + (name ? " " + name : "") : "update"} v${type == "r" ? frame[3] : frame[2]}: ` +
      `${patches.length} patch${patches.length == 1 ? "" : "es"}${pushNames ? "; pushes " + pushNames : ""}${took}`,
    detail: { patches, pushes },
  };
}

const STYLE = `
#rein-dbg{position:fixed;top:0;right:0;bottom:0;width:min(440px,100vw);z-index:2147483647;display:flex;
flex-direction:column;background:#1e1f24;color:#e6e6e6;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;
box-shadow:-4px 0 16px rgba(0,0,0,.35)}
#rein-dbg[hidden]{display:none}
#rein-dbg header{display:flex;align-items:center;gap:8px;padding:8px 10px;background:#2a2c33;border-bottom:1px solid #3a3d46}
#rein-dbg header b{flex:1;font-size:13px}
#rein-dbg button{font:inherit;color:inherit;background:#3a3d46;border:1px solid #50545f;border-radius:4px;padding:2px 8px;cursor:pointer}
#rein-dbg button:hover{background:#4a4e5a}
#rein-dbg ol{list-style:none;margin:0;padding:0;overflow:auto;flex:1}
#rein-dbg li{padding:4px 10px;border-bottom:1px solid #2c2e35;cursor:pointer;word-break:break-all}
#rein-dbg li:hover{background:#26282e}
#rein-dbg li.sent{color:#8ec5ff}#rein-dbg li.recv{color:#b5e8a0}#rein-dbg li.err{color:#ff9a9a}
#rein-dbg li small{color:#8a8f9c;margin-right:6px}
#rein-dbg pre{margin:4px 0 2px;padding:6px;background:#121317;color:#e6e6e6;white-space:pre-wrap;max-height:300px;overflow:auto}
`;

/**
 * The expanded payload of a row: patches and pushes one per line (a patch is short as JSON, tall when
 * pretty-printed), anything else as indented JSON with arrays of plain values kept on one line.
 */
export function format(detail: unknown): string {
  const reply = detail as { patches?: unknown[]; pushes?: [string, unknown][] };
  if (reply && reply.patches)
    return [
      `patches (${reply.patches.length}):`,
      ...reply.patches.map((patch) => "  " + JSON.stringify(patch)),
      ...(reply.pushes!.length
        ? ["pushes:", ...reply.pushes!.map(([name, payload]) => `  ${name} ${JSON.stringify(payload)}`)]
        : []),
    ].join("\n");
  return JSON.stringify(detail, null, 2).replace(/\[[^[\]{}]*\]/g, (array) => array.replace(/\s+/g, " "));
}

/** Builds the panel, fills it from the log, and listens for new frames. Returns the toggle. */
function mount(): () => void {
  const rein = window.rein;
  const root = document.createElement("div");
  root.id = "rein-dbg";
  root.setAttribute("role", "complementary");
  root.setAttribute("aria-label", "Rein debug panel");
  root.innerHTML = `<style>${STYLE}</style><header><b>Rein debug</b><span class="rein-dbg-count"></span>
<button type="button" class="rein-dbg-clear">Clear</button><button type="button" class="rein-dbg-close" aria-label="Close">×</button></header><ol></ol>`;
  const list = root.querySelector("ol")!;
  const count = root.querySelector<HTMLElement>(".rein-dbg-count")!;
  const sent: Sent = new Map();
  const add = (entry: LogEntry) => {
    const row = describe(entry, sent);
    if (!row) return;
    const li = document.createElement("li");
    li.className = row.kind;
    const when = document.createElement("small");
    when.textContent = `${(entry[1] / 1000).toFixed(2)}s`; // since the page started loading
    li.append(when, row.text);
    li.onclick = () => {
      const pre = li.querySelector("pre");
      if (pre) pre.remove();
      else li.append(Object.assign(document.createElement("pre"), { textContent: format(row.detail) }));
    };
    const end = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    list.append(li);
    while (list.children.length > 500) list.firstElementChild!.remove();
    count.textContent = `${list.children.length} entries`;
    if (end) list.scrollTop = list.scrollHeight;
  };
  root.querySelector<HTMLElement>(".rein-dbg-clear")!.onclick = () => {
    rein.log.length = 0;
    list.replaceChildren();
    count.textContent = "";
  };
  const toggle = () => {
    root.hidden = !root.hidden;
  };
  root.querySelector<HTMLElement>(".rein-dbg-close")!.onclick = toggle;
  rein.log.forEach(add);
  rein.log.on = add;
  document.body.append(root);
  return toggle;
}

if (window.rein?.log) window.rein.debug = mount();
