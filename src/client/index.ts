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
import type { Hook } from "./hooks.ts";
import { js } from "./js.ts";
import { css } from "./loading.ts";
import { connect, log } from "./socket.ts";
import { down, join, onFrame, push, url, viewOf, views } from "./view.ts";

/** The `window.rein` object. Later modules add members to it (and to this interface). */
export interface Rein {
  /**
   * Sends event `name` with `params` to the view holding `el` (default, or when `el` is in no view: the
   * first view of the page); `el` is also the origin of loading states and `@optimistic` predictions. Queued
   * while disconnected. Resolves with the reply frame `["r", ch, ref, version, patches, pushes?]` after its
   * patches are applied; rejects with an `Error` whose `code` is the error frame's code (or `queue_full`,
   * `disconnected`, `no_view`).
   */
  sendEvent(name: string, params?: EventParams, el?: Element): Promise<ReplyFrame>;
  /**
   * A JS command chain builder: `rein.js().show("#modal").addClass("open", "#modal").exec()`. Immutable, same
   * methods as the server's `JS`; `exec(origin?)` runs it (targets without `to` are relative to `origin`).
   */
  js: typeof js;
  /** Whether the WebSocket is open right now. */
  connected: boolean;
  /** The last 200 frames sent and received, for the debug panel (see socket.ts). */
  log: typeof log;
  /** Toggles the debug panel; set by the panel once loaded (Ctrl+Shift+D loads it). */
  debug?: () => void;
  /** Hook definitions by name, for `rein-hook="Name"` (see hooks.ts). May be set before the client loads. */
  hooks?: Record<string, Hook>;
}

declare global {
  interface Window {
    /** The Rein browser runtime, see {@link Rein}. */
    rein: Rein;
  }
}

/** Where the server serves the debug panel bundle (dist/client/rein-debug.js). */
const DEBUG = "/rein/debug.js";
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
  js,
  log,
  sendEvent(name: string, params: EventParams = {}, el?: Element) {
    const v = (el && viewOf(el)) || views[0];
    return v
      ? push(v, name, params, [], el)
      : Promise.reject(Object.assign(new Error("no rein view"), { code: "no_view" }));
  },
}));

function boot(): void {
  document.querySelectorAll("[rein-view]").forEach((el, i) =>
    views.push({ el, ch: i + 1, token: el.getAttribute("rein-token") || "", v: -1, q: [] }),
  );
  if (!views.length) return;
  css();
  // The debug panel is a separate bundle, loaded on first use.
  addEventListener("keydown", (e) => {
    if (e.ctrlKey && e.shiftKey && e.code == "KeyD")
      e.preventDefault(), rein.debug ? rein.debug() : import(DEBUG).catch(console.error);
  });
  listen((el, name, params, els) => push(viewOf(el)!, name, params, els, el));
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
