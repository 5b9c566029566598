/**
 * The Rein browser runtime, entry point of `dist/client/rein.js` (served at `/rein/client.js`). Boots every
 * `[rein-view]` container of the page on one WebSocket and exposes `window.rein`.
 *
 * Modules, one concern each (like Phoenix LiveView's client): `socket.ts` (WebSocket, heartbeat, reconnect),
 * `view.ts` (channels, versions, patches, resync), `events.ts` (delegated bindings), `params.ts` and `form.ts`
 * (event parameters), `keep.ts` (fields the user owns), `dom.ts` (hydrate and patch).
 * @module
 */
import type { EventParams, ReplyFrame } from "../protocol/frames.ts";
import { listen } from "./events.ts";
import { connect } from "./socket.ts";
import { down, join, onFrame, push, url, viewOf, views } from "./view.ts";

/** The `window.rein` object. Later modules add members to it (and to this interface). */
export interface Rein {
  /**
   * Sends event `name` with `params` to the view holding `el` (default: the first view of the page). Queued
   * while disconnected. Resolves with the reply frame `["r", ch, ref, version, patches, pushes?]` after its
   * patches are applied; rejects with an `Error` whose `code` is the error frame's code (or `queue_full`,
   * `disconnected`, `no_view`).
   */
  sendEvent(name: string, params?: EventParams, el?: Element): Promise<ReplyFrame>;
  /** Whether the WebSocket is open right now. */
  connected: boolean;
}

declare global {
  interface Window {
    /** The Rein browser runtime, see {@link Rein}. */
    rein: Rein;
  }
}

/** sessionStorage key set when the page reloaded for a refused token, so a second refusal can't loop. */
const RELOADED = "rein:reloaded";
/** sessionStorage, or undefined where reading it throws (sandboxed iframes, some privacy modes). */
const store = (() => {
  try {
    return sessionStorage;
  } catch {}
})();

const rein: Rein = (window.rein = Object.assign(window.rein || {}, {
  connected: false,
  sendEvent(name: string, params: EventParams = {}, el?: Element) {
    const v = el ? viewOf(el) : views[0];
    return v
      ? push(v, name, params)
      : Promise.reject(Object.assign(new Error("no rein view"), { code: "no_view" }));
  },
}));

function boot(): void {
  document.querySelectorAll("[rein-view]").forEach((el, i) =>
    views.push({ el, ch: i + 1, token: el.getAttribute("rein-token") || "", v: -1, q: [] }),
  );
  if (!views.length) return;
  listen((el, name, params, els) => push(viewOf(el)!, name, params, els));
  addEventListener("hashchange", url);
  addEventListener("popstate", url);
  connect({
    open() {
      rein.connected = true;
      views.forEach(join);
    },
    frame(f) {
      // A tree means a join succeeded: a later refused token may reload again.
      if (f[0] == "t") store?.removeItem(RELOADED);
      onFrame(f);
    },
    down(code) {
      rein.connected = false;
      down();
      if (code == 1008) {
        // The token was refused (expired, or signed with a rotated key): a reload renders a fresh one. Once.
        // Without sessionStorage there is no loop guard, so no reload either.
        if (!store || store.getItem(RELOADED)) console.error("rein: token refused");
        else store.setItem(RELOADED, "1"), location.reload();
      }
    },
  });
}

if (document.readyState == "loading") addEventListener("DOMContentLoaded", boot);
else boot();
