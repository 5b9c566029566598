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
/**
 * URL path of the HTTP fallback transport's bundle (`dist/client/rein-http.js`), outside the client's budget: loaded
 * by the client on demand (WebSockets refused), or by the page before the client (`transport: "http"`).
 */
export const FALLBACK_PATH = "/rein/http.js";
/** URL path of the HTTP fallback's server-sent events stream: a GET opens a connection, its frames come down it. */
export const SSE_PATH = "/rein/sse";
/** URL path of the HTTP fallback's POSTs: the frames of a connection opened by {@link SSE_PATH}, in order. */
export const POST_PATH = "/rein/post";
/**
 * URL path of the development reload script (`dist/client/rein-dev.js`, outside the client's budget): pages load it
 * only while `hotReload` is on (docs/hot-reload.md); otherwise nothing is served here (404).
 */
export const DEV_CLIENT_PATH = "/rein/dev.js";
/**
 * URL path of the development reload WebSocket: the server announces changed assets on it (`DevFrame`,
 * protocol/dev.ts), only while `hotReload` is on; otherwise upgrades to it are refused.
 */
export const DEV_SOCKET_PATH = "/rein/dev";
