/**
 * The in-page half of the browser benchmark, installed in both pages (Rein's `/rows` and the plain-DOM reference)
 * with `page.addInitScript` before any page script runs. Source text, not a function: nothing (tsx, esbuild)
 * rewrites it on its way into the page.
 *
 * What `window.__bench.measure(op, index)` measures, in the page, with `performance.now()` (Chromium coarsens it
 * to 0.1 ms on a page without cross-origin isolation; both pages are measured alike):
 *
 * - `t0`: a capturing `click` listener on `window` (it runs before any listener of the page, Rein's delegated
 *   `document` listener included) stamps the dispatch of the click. The click is `element.click()` in the page,
 *   so no Playwright round trip is counted.
 * - `dom`: a `MutationObserver` on `<body>` (subtree, children, attributes, text) runs the operation's check of
 *   the expected DOM state (e.g. "row 2's `<tr>` has class `danger` and the previously selected one does not") in
 *   each of its callbacks; the first callback whose check passes stamps `dom`. Mutation callbacks run as a
 *   microtask at the end of the task that mutated, so `dom` is the end of the script work that produced the
 *   state (for Rein: the WebSocket message task, i.e. JSON.parse, applyPatches and whatever runs after it in that
 *   task). Style, layout and paint are not in it.
 * - `layout`: right after `dom`, a forced synchronous style + layout (`document.body.offsetHeight`).
 * - `frame`: a `requestAnimationFrame` requested after `layout`, then a `MessageChannel` message posted from the
 *   rAF callback; the message task runs after that frame's rendering (style, layout, paint on the main thread).
 *   It includes the wait for the next vsync (up to ~16.7 ms at 60 Hz), so it is coarse: shown for information.
 * - Rein only: `send` (the WebSocket's `send()` of the event frame, after the client's pre-send work) and `msg`
 *   (the reply's `message` event, before the client parses it), from a `WebSocket` subclass installed here whose
 *   own listener is registered before the client's `onmessage`. `msg - send` is loopback + the server's work.
 * @module
 */

export const HARNESS = String.raw`
(() => {
  const S = { t0: 0, send: 0, msg: 0 };
  addEventListener("click", () => { S.t0 = performance.now(); S.send = S.msg = 0; }, true);
  const Native = window.WebSocket;
  if (Native)
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", () => { if (S.t0 && !S.msg) S.msg = performance.now(); });
      }
      send(data) {
        if (S.t0 && !S.send) S.send = performance.now();
        return super.send(data);
      }
    };

  const tbody = () => document.getElementById("tbody");
  const trs = () => tbody().children;
  const idOf = (tr) => (tr ? tr.firstElementChild.textContent : null);
  const labelOf = (tr) => tr.querySelector("a.lbl").textContent;

  /** [what to click, the check of the expected DOM state] for operation op. */
  function setup(op, index) {
    const rows = trs();
    const n = rows.length;
    switch (op) {
      case "create":
      case "replace": {
        const first = idOf(rows[0]);
        return ["#run", () => { const r = trs(); return r.length == 1000 && idOf(r[0]) != first; }];
      }
      case "append":
        return ["#add", () => trs().length == n + 1000];
      case "update": {
        const last = Math.floor((n - 1) / 10) * 10;
        const a = labelOf(rows[0]) + " !!!", b = labelOf(rows[last]) + " !!!";
        return ["#update", () => { const r = trs(); return labelOf(r[0]) == a && labelOf(r[last]) == b; }];
      }
      case "select": {
        const tr = rows[index];
        const before = tbody().querySelector("tr.danger");
        return [tr.querySelector("a.lbl"), () => tr.className == "danger" && (!before || before == tr || before.className != "danger")];
      }
      case "swap": {
        const a = idOf(rows[1]), b = idOf(rows[998]);
        return ["#swaprows", () => { const r = trs(); return idOf(r[1]) == b && idOf(r[998]) == a; }];
      }
      case "remove": {
        const tr = rows[index];
        return [tr.querySelector("a.remove"), () => !tr.isConnected && trs().length == n - 1];
      }
      case "clear":
        return ["#clear", () => trs().length == 0];
    }
    throw new Error("unknown op " + op);
  }

  window.__bench = {
    rows: () => trs().length,
    /** Two frames and a pause: lets the previous operation's rendering and leftovers finish. */
    settle: (ms = 30) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, ms)))),
    measure(op, index) {
      const [target, done] = setup(op, index);
      const el = typeof target == "string" ? document.querySelector(target) : target;
      return new Promise((resolve) => {
        let finished = false;
        const timer = setTimeout(() => (observer.disconnect(), resolve({ error: op + ": timed out" })), 15000);
        const observer = new MutationObserver(() => {
          if (finished || !done()) return;
          const dom = performance.now();
          finished = true;
          observer.disconnect();
          clearTimeout(timer);
          void document.body.offsetHeight;
          const layout = performance.now();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              const t0 = S.t0;
              resolve({
                dom: dom - t0,
                layout: layout - t0,
                frame: performance.now() - t0,
                send: S.send ? S.send - t0 : null,
                msg: S.msg ? S.msg - t0 : null,
              });
            };
            channel.port2.postMessage(0);
          });
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        el.click();
      });
    },
  };
})();
`;
