/**
 * Configuration of a Rein server.
 * @module
 */
import type { RouteTable } from "../live/routes.ts";
import type { StateBackend } from "../state/backend.ts";

/** The parts of a page that a layout assembles. */
export interface PageParts {
  /** Page title (route title, else the view's `static title`, else the path). */
  title: string;
  /** Extra tags for `<head>` (none by default). */
  head: string;
  /** The view container with its server-rendered children, followed by the client's `<script>` tag. */
  body: string;
  /** The request path, e.g. for highlighting the current link of a navigation bar. */
  path: string;
}

/** Options of {@link createRein}. Times in ms, sizes in bytes. */
export interface ReinOptions {
  /** The live routes (`liveRoutes([...])`). */
  routes: RouteTable;
  /**
   * Signs join tokens and the session cookie; at least 32 characters, the same on every process of a cluster.
   * Default: `process.env.REIN_SECRET`, else a random secret per process (pages rendered before a restart then
   * reload once to get a fresh token).
   */
  secret?: string;
  /** Where view state and sessions live. Default: a new {@link MemoryBackend}. */
  backend?: StateBackend;
  /** Directories of Nunjucks template files. Default: none (inline templates and JSX still work). */
  templateDirs?: string[];
  /** Reload template files when they change. Default: `debug`. */
  watchTemplates?: boolean;
  /** Assembles the HTML page. Default: a minimal HTML5 page. */
  layout?: (page: PageParts) => string;
  /** Extra files served as they are: URL path to file path (`{"/app.css": "/srv/app.css"}`). */
  assets?: Record<string, string>;
  /**
   * Origins allowed to open the WebSocket, e.g. `["https://example.com"]`. Default: the origin must have the
   * same host as the request's `Host` header. Requests without an `Origin` header (not browsers) are allowed;
   * they still need a signed join token.
   */
  allowedOrigins?: string[];
  /** Largest accepted WebSocket frame; a larger one closes the socket with 1009. Default 65,536 (64 KiB). */
  maxFrameBytes?: number;
  /**
   * Abuse limit of one socket: a token bucket of `burst` frames refilled at `rate` frames per second. A frame
   * without a token is refused with a `rate_limited` error frame; more than `burst` refusals within one second
   * close the socket with 1008. `false` turns it off (benchmarks). Default `{ rate: 100, burst: 200 }` (djust:
   * 100/s, burst 20), far above what a person can click or type.
   */
  frameRate?: { rate: number; burst: number } | false;
  /** Views one socket may join. Default 16. */
  maxChannels?: number;
  /** How long a view's state is kept after its last change or disconnect. Default 6 h. */
  stateTtlMs?: number;
  /**
   * How long the state of a rendered page waits for its socket join; once joined, `stateTtlMs` applies. Keeps
   * pages that never connect (crawlers, closed tabs) from holding memory. Default 10 minutes.
   */
  pageTtlMs?: number;
  /** How long a browser session is kept after its last change. Default 30 days. */
  sessionTtlMs?: number;
  /** How long a join token is valid after the page was rendered. Default 24 h. */
  tokenTtlMs?: number;
  /** Interval of WebSocket pings; a socket silent for two intervals is dropped. Default 30,000. */
  heartbeatMs?: number;
  /** Send handler error messages to the browser and log them. Default: `NODE_ENV !== "production"`. */
  debug?: boolean;
  /** Mark the session cookie `Secure` (HTTPS only). Default: `NODE_ENV === "production"`. */
  secureCookies?: boolean;
  /** Where errors are reported. Default: `console.error`. */
  log?: (message: string, err?: unknown) => void;
}

export { CLIENT_PATH, DEBUG_PATH, SOCKET_PATH } from "../protocol/paths.ts";
/** Name of the session cookie. */
export const SESSION_COOKIE = "rein_sid";
