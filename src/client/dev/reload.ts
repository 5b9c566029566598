/**
 * The development reload script: a bundle of its own (`dist/client/rein-dev.js`, served at `DEV_CLIENT_PATH`,
 * outside the client's budget) that pages load only while the server's `hotReload` is on (docs/hot-reload.md). It
 * keeps a WebSocket to `DEV_SOCKET_PATH` open and applies what the server announces (protocol/dev.ts):
 * - `["css", path]`: every `<link rel="stylesheet">` whose URL path is `path` is swapped for a fresh copy (a
 *   cache-busting query); the old link goes once the new one has loaded, so the page never shows unstyled. No
 *   link with that path (a stylesheet pulled in by `@import`): every same-origin stylesheet is swapped.
 * - `["reload", path]`: another asset changed; the page reloads.
 *
 * Views are not its business: templates re-render over the views' own channels, and after a server restart
 * (`node --watch`) the client re-joins by itself. This socket reconnects too (every `RETRY_MS`, growing to
 * `MAX_RETRY_MS`) and then swaps every same-origin stylesheet, so a CSS edit made while the server restarted is
 * not missed. A WebSocket rather than an `EventSource`: an open `EventSource` takes one of the browser's six HTTP/1.1
 * connections to the host, and a few open tabs would leave none for page loads.
 * @module
 */
import type { DevFrame } from "../../protocol/dev.ts";
import { DEV_SOCKET_PATH } from "../../protocol/paths.ts";

/** The first wait before reconnecting, in ms. */
const RETRY_MS = 250;
/** The longest wait between reconnects, in ms. */
const MAX_RETRY_MS = 2000;
/** The query parameter that makes a swapped stylesheet's URL new (its value: a timestamp, ms). */
const VERSION_PARAM = "rein-v";

/** Whether a socket was open before: the next open is a reconnect. */
let opened = false;
/** The wait before the next reconnect, in ms. */
let retry = RETRY_MS;
/** Links already swapped, waiting for their copy to load: a second change of the file swaps only the copy. */
const leaving = new WeakSet<HTMLLinkElement>();

/** Opens the socket; every close schedules the next open. */
function connect(): void {
  const ws = new WebSocket((location.protocol == "https:" ? "wss://" : "ws://") + location.host + DEV_SOCKET_PATH);
  ws.onopen = () => {
    if (opened) swapStylesheets(undefined);
    opened = true;
    retry = RETRY_MS;
  };
  ws.onmessage = (e: MessageEvent) => {
    const frame = JSON.parse(String(e.data)) as DevFrame;
    if (frame[0] == "css") swapStylesheets(frame[1]);
    else if (frame[0] == "reload") location.reload();
  };
  ws.onclose = () => {
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, MAX_RETRY_MS);
  };
}

/** Swaps the stylesheets whose URL path is `path` (all same-origin ones when none is, or for `undefined`). */
function swapStylesheets(path: string | undefined): void {
  const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"][href]')].filter(
    (link) => !leaving.has(link) && new URL(link.href).origin == location.origin,
  );
  const matching = links.filter((link) => new URL(link.href).pathname == path);
  for (const link of matching.length ? matching : links) swap(link);
}

/** Inserts a copy of `link` with a new URL after it; removes `link` once the copy loaded (or failed). */
function swap(link: HTMLLinkElement): void {
  const url = new URL(link.href);
  url.searchParams.set(VERSION_PARAM, String(Date.now()));
  const fresh = link.cloneNode() as HTMLLinkElement;
  fresh.href = url.pathname + url.search + url.hash; // same origin: kept relative, as pages write it
  leaving.add(link);
  fresh.onload = fresh.onerror = () => link.remove();
  link.after(fresh);
}

connect();
