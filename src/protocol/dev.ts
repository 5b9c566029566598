/**
 * The frames of the development reload socket (`DEV_SOCKET_PATH`, docs/hot-reload.md): server to browser only,
 * one JSON array per WebSocket message, the same shape as the protocol's other frames (a kind first). Only sent
 * while `hotReload` is on; the browser's side is the dev bundle (src/client/dev/reload.ts), never the client.
 * @module
 */

/**
 * A stylesheet served by Rein changed: browsers swap every `<link rel="stylesheet">` whose URL path is `path` for a
 * fresh copy (a cache-busting query), without a page reload. `path` is the URL path of the `assets` entry, e.g.
 * `"/app.css"`.
 */
export type DevCssFrame = ["css", path: string];

/** Another asset served by Rein changed (a script, an image): browsers reload the page. */
export type DevReloadFrame = ["reload", path: string];

/** A frame of the development reload socket. */
export type DevFrame = DevCssFrame | DevReloadFrame;
