/**
 * The URL paths the server serves and the browser client fetches or connects to. Shared, so that client and
 * server cannot disagree on them.
 * @module
 */

/** URL path of the client script (`dist/client/rein.js`). */
export const CLIENT_PATH = "/rein/client.js";
/** URL path of the debug panel bundle, loaded by the client on demand (Ctrl+Shift+D), outside the client's budget. */
export const DEBUG_PATH = "/rein/debug.js";
/** URL path of the WebSocket endpoint. */
export const SOCKET_PATH = "/rein/ws";
