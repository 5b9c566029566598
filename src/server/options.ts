/**
 * Configuration of a Rein server: every option, its unit and default in one place ({@link DEFAULTS}), and the
 * validation that refuses a bad value or a bad combination with a `TypeError` naming the option, before anything
 * starts. Modelled on the `ws` server's options.
 * @module
 */
import type { RouteTable } from "../live/routes.ts";
import { DEFAULT_FORM_PRESET, type FormPreset, FORM_PRESETS, isFormPreset } from "../live/forms/presets.ts";
import type { StateBackend } from "../state/backend.ts";
import type { Presence } from "../state/presence.ts";
import type { PubSub } from "../state/pubsub.ts";
import type { SyncedClass } from "../sync/synced-object.ts";
import { MAX_KEY_LENGTH } from "../sync/key-pattern.ts";
import { EVENT_SECURITY_MODES, type EventSecurity, isEventSecurity } from "../session/event-security.ts";
import { resolveTrustProxy, type ResolvedTrustProxy, type TrustProxy } from "./client-ip.ts";
import { defaultLayout, type PageParts } from "./layout.ts";
import { resolve } from "node:path";
import {
  CLIENT_PATH, DEBUG_PATH, DEV_CLIENT_PATH, DEV_SOCKET_PATH, FALLBACK_PATH, POST_PATH, SOCKET_PATH, SSE_PATH,
} from "../protocol/paths.ts";

export {
  CLIENT_PATH, DEBUG_PATH, DEV_CLIENT_PATH, DEV_SOCKET_PATH, FALLBACK_PATH, POST_PATH, SOCKET_PATH, SSE_PATH,
} from "../protocol/paths.ts";
export { defaultLayout, type PageParts } from "./layout.ts";

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Options of the session engine: what `createRein` and the test client (`ViewClient`) share. Times in ms. */
export interface EngineOptions {
  /** Where view state and sessions live. Default: a new `MemoryBackend` (this process only). */
  backend?: StateBackend;
  /** Topics shared by views (broadcasts, presence). Default: a new `MemoryPubSub` (this process only). */
  pubsub?: PubSub;
  /**
   * Who is on which topic (`track`, `listPresence`). Default: Redis's when the backend is a `RedisBackend`, else
   * in this process's memory (diffs published on `pubsub`).
   */
  presence?: Presence;
  /** Directories of Nunjucks template files. Default `[]` (inline templates and JSX still work). */
  templateDirs?: string[];
  /** Reload template files when they change. Default: `debug`. */
  watchTemplates?: boolean;
  /** How long a view's state is kept after its last change or disconnect. Default 21,600,000 (6 h). */
  stateTtlMs?: number;
  /** How long a browser session is kept after its last change. Default 2,592,000,000 (30 days). */
  sessionTtlMs?: number;
  /**
   * Idle time after which a joined view hibernates: it gives back its kept tree and rollback point (most of its
   * memory) and rebuilds them from its live state on its next frame (see src/session/hibernation.ts). Phoenix
   * LiveView's `hibernate_after`. `false` keeps every view's tree. Default 15,000 (15 s).
   */
  hibernateAfterMs?: number | false;
  /** Send handler error messages to the browser and log them. Default: `NODE_ENV !== "production"`. */
  debug?: boolean;
  /** Where errors are reported. Default: `console.error` with a `[rein]` prefix. */
  log?: (message: string, err?: unknown) => void;
  /**
   * The class preset of the form helpers (`<LiveForm>`, `<LiveField>`, `live_form`, `live_field`):
   * `"bootstrap5"`, `"tailwind"` or `"plain"`; a form's `preset` option overrides it. djust's `css_framework`.
   * Default `"plain"`.
   */
  formPreset?: FormPreset;
  /**
   * What an event no `@event()` handler takes gets (djust's `event_security`). Only `@event()` handlers are ever
   * callable, in every mode (Rein never calls an unmarked method, unlike djust's `"open"`):
   * - `"strict"`: refused with an `unknown_event` error frame; logged once per class and event name in development
   *   (`debug`), nothing logged in production;
   * - `"warn"`: refused the same way, and logged once per view (or component) class and event name;
   * - `"open"`: logged as with `"warn"`, and answered with an empty reply (no error in the browser).
   * `createRein` logs a warning at start-up for `"warn"` and `"open"`. See docs/security.md. Default `"strict"`.
   */
  eventSecurity?: EventSecurity;
}

/** Options of `createRein`. Times in ms, sizes in bytes. */
export interface ReinOptions extends EngineOptions {
  /** The live routes (`liveRoutes([...])`). Required. */
  routes: RouteTable;
  /**
   * Signs join tokens and the session cookie; at least 32 characters, the same on every process of a cluster.
   * Default: `process.env.REIN_SECRET`, else a random secret per process (pages rendered before a restart then
   * reload once to get a fresh token).
   */
  secret?: string;
  /** Assembles the HTML page. Default: a minimal HTML5 page (`defaultLayout`). */
  layout?: (page: PageParts) => string;
  /** Extra files served as they are: URL path to file path (`{"/app.css": "/srv/app.css"}`). Default `{}`. */
  assets?: Record<string, string>;
  /**
   * Origins allowed to open the WebSocket, e.g. `["https://example.com"]`. Default: the origin must have the
   * same host as the request's `Host` header. Requests without an `Origin` header (not browsers) are allowed;
   * they still need a signed join token.
   */
  allowedOrigins?: string[];
  /** Largest accepted WebSocket frame, at least 1,024; a larger one closes the socket with 1009. Default 65,536 (64 KiB). */
  maxFrameBytes?: number;
  /**
   * Abuse limit of one socket: a token bucket of `burst` frames refilled at `rate` frames per second. A frame
   * without a token is refused with a `rate_limited` error frame; more than `burst` refusals within one second
   * close the socket with 1008. `false` turns it off (benchmarks). Default `{ rate: 100, burst: 200 }` (djust:
   * 100/s, burst 20), far above what a person can click or type.
   */
  frameRate?: { rate: number; burst: number } | false;
  /** Channels (views) one socket may open at once. Default 16. */
  maxChannels?: number;
  /**
   * Synced object classes this server offers (`class Board extends SyncedObject`, docs/sync.md): browsers open
   * them by key with `rein/sync` or `rein/react`. Default `[]`.
   */
  objects?: SyncedClass[];
  /**
   * Largest binary frame a socket accepts (binary data for a synced object's action), at least `maxFrameBytes`; a
   * larger one closes the socket with 1009. Each object class narrows it with `static maxBinaryBytes` (default
   * 1 MiB), answered with `too_big`. Text frames stay under `maxFrameBytes`. Default 2,097,152 (2 MiB).
   */
  maxBinaryBytes?: number;
  /**
   * How long the state of a rendered page waits for its socket join; once joined, `stateTtlMs` applies. Keeps
   * pages that never connect (crawlers, closed tabs) from holding memory. Default 600,000 (10 minutes), or
   * `stateTtlMs` when that is shorter; set explicitly, it must not exceed `stateTtlMs`.
   */
  pageTtlMs?: number;
  /** How long a join token is valid after the page was rendered. Default 86,400,000 (24 h). */
  tokenTtlMs?: number;
  /**
   * Interval of WebSocket pings (a socket silent for two intervals is dropped) and of the HTTP fallback's heartbeat
   * comments. Default 30,000 (30 s).
   */
  heartbeatMs?: number;
  /**
   * How browsers reach the server: `"auto"`, a WebSocket, and the HTTP fallback (server-sent events down, POSTs
   * up) when WebSockets cannot be opened (twice in a row, before any opened: a proxy that refuses the upgrade);
   * `"http"`, the HTTP fallback always (pages load its script, `/rein/http.js`, before the client's, which then
   * never opens a WebSocket). The server answers both either way. See docs/transports.md. Default `"auto"`.
   */
  transport?: ReinTransport;
  /** Mark the session cookie `Secure` (HTTPS only). Default: `NODE_ENV === "production"`. */
  secureCookies?: boolean;
  /**
   * Connections one client address may hold open at once (WebSockets, and the streams of any other transport); the
   * next is refused with close code 4429 (`CLOSE.tryLater`) and told to wait `reconnectCooldownMs`. Addresses are
   * the client's as `trustProxy` resolves them; IPv6 ones count per /64; loopback clients are not limited. `false`:
   * no limit. See docs/security.md. Default 10 (djust's `max_connections_per_ip`).
   */
  maxConnectionsPerIp?: number | false;
  /**
   * How long a client address is refused (close code 4429) after one of its connections was closed for abuse (a
   * frame flood past `frameRate`, a frame over `maxFrameBytes`, a broken WebSocket protocol) or after it kept
   * retrying past `maxConnectionsPerIp` (more refusals than the limit within one cooldown); also how long a client
   * refused at the limit is told to wait. `0`: no cooldown. Default 5,000 (5 s; djust's `reconnect_cooldown`).
   */
  reconnectCooldownMs?: number;
  /**
   * Which hops in front of the server are reverse proxies whose `X-Forwarded-For` is believed, for the client
   * address that per-address limits count: `false` (none: the socket's peer is the client), `true` (the nearest
   * hop: the rightmost entry; unlike Express's `true`, which believes every hop), a hop count, or a list of proxy
   * addresses and CIDR ranges (`["10.0.0.0/8", "::1"]`: the rightmost entry not written by a listed proxy). See
   * docs/security.md. Default `false`.
   */
  trustProxy?: TrustProxy;
  /**
   * A WebSocket path speaking ws-sync's own wire protocol (`{type, data}` frames: `_SET:KEY`, `_PATCH:KEY`,
   * `_ACTION:KEY`...), so a frontend written for ws-sync's React client (npm `ws-sync`) works against this server's
   * `objects` unchanged, e.g. `"/ws-sync"`. Must start with `/` and not be one of Rein's paths. See
   * src/server/ws-sync/. Default: off.
   */
  wsSyncPath?: string;
  /**
   * Ask each ws-sync socket for ws-sync's `_REQUEST_USER_SESSION` handshake (`SessionProvider wsAuth`); the
   * `{user, session}` ids it sends name its session (`ws-sync:<user>/<session>`), always anonymous: they are made
   * up by the browser and prove nothing. Without it, the Rein session cookie, else an anonymous session per
   * socket. Needs `wsSyncPath`. Default `false`.
   */
  wsSyncUserSession?: boolean;
  /**
   * Object keys whose state every ws-sync socket gets on connect (after the handshake) as `_SET:KEY`, as ws-sync's
   * server sends its objects' state on connect (`send_on_init`): ws-sync's client never asks. Other keys open when
   * the client first names them in a frame. Needs `wsSyncPath`. Default `[]`.
   */
  wsSyncKeys?: string[];
  /**
   * Hot reload in development (djust's `hot_reload`; docs/hot-reload.md): a file under `templateDirs` that changes
   * re-renders every connected view at once, state kept; an `assets` stylesheet that changes is swapped in the
   * browsers without a page reload (any other asset reloads the page), through a reload script pages load
   * (`/rein/dev.js`) and its WebSocket (`/rein/dev`); with `devStateFile`, views keep their state across a restart
   * (`node --watch`, for view code). Off: no watcher, no reload endpoint (404), no script in pages, no state file.
   * Needs `watchTemplates` (its default follows). Default: `debug`, except under a test runner (`NODE_ENV` is
   * `"test"`), whose apps should neither watch files nor add a script to their pages.
   */
  hotReload?: boolean;
  /**
   * Where a development server keeps, across a restart, the contents of Rein's own memory backend (when no
   * `backend` is given and `REIN_REDIS_URL` is not set) and its signing secret (when no `secret` is given), so that
   * browsers re-join their views with the state they had: written by `app.close()` (Rein closes the app on SIGTERM
   * and SIGINT itself when the application does not listen to them), read when the app is created. A path resolved
   * against `process.cwd()`; `false`: none. Only with `hotReload` (it holds a signing secret: never in production).
   * Default: `.rein/dev-state.json` while `hotReload` is on, else none.
   */
  devStateFile?: string | false;
}

/**
 * The default of every option that has a fixed one. The others depend on the environment, read when the
 * application is created: `secret` (`REIN_SECRET`, else random), `debug` (`NODE_ENV !== "production"`),
 * `watchTemplates` (`debug`, or `hotReload`), `secureCookies` (`NODE_ENV === "production"`), `backend` and `pubsub`
 * (new in-memory ones), `log` (`console.error`), `hotReload` (`debug`, off when `NODE_ENV` is `"test"`),
 * `devStateFile` (`.rein/dev-state.json` under `process.cwd()` with `hotReload`).
 */
export const DEFAULTS = Object.freeze({
  templateDirs: Object.freeze([] as string[]),
  layout: defaultLayout,
  assets: Object.freeze({} as Record<string, string>),
  allowedOrigins: undefined as string[] | undefined,
  /** 64 KiB. */
  maxFrameBytes: 65_536,
  frameRate: Object.freeze({ rate: 100, burst: 200 }),
  maxChannels: 16,
  objects: Object.freeze([] as SyncedClass[]),
  /** 2 MiB. */
  maxBinaryBytes: 2_097_152,
  /** 6 hours. */
  stateTtlMs: 6 * HOUR_MS,
  /** 10 minutes (capped at `stateTtlMs`). */
  pageTtlMs: 10 * MINUTE_MS,
  /** 30 days. */
  sessionTtlMs: 30 * DAY_MS,
  /** 24 hours. */
  tokenTtlMs: DAY_MS,
  /** 30 seconds. */
  heartbeatMs: 30 * SECOND_MS,
  transport: "auto" as ReinTransport,
  /** 15 seconds (Phoenix's `hibernate_after`). */
  hibernateAfterMs: 15 * SECOND_MS,
  formPreset: DEFAULT_FORM_PRESET,
  maxConnectionsPerIp: 10 as number | false,
  /** 5 seconds. */
  reconnectCooldownMs: 5 * SECOND_MS,
  trustProxy: false as ResolvedTrustProxy,
  eventSecurity: "strict" as EventSecurity,
  /** Relative to `process.cwd()`; used only while `hotReload` is on. */
  devStateFile: ".rein/dev-state.json",
});

/** The `NODE_ENV` test runners set (vitest, jest): `hotReload` defaults to off under it. */
export const TEST_NODE_ENV = "test";

/** The values of the `transport` option: see {@link ReinOptions.transport}. */
export const TRANSPORTS = ["auto", "http"] as const;
/** How browsers reach the server: see {@link ReinOptions.transport}. */
export type ReinTransport = (typeof TRANSPORTS)[number];

/** The smallest `maxFrameBytes`: a join frame with its token alone takes about 300 bytes. */
export const MIN_FRAME_BYTES = 1024;
/** The shortest accepted `secret`, in characters. */
export const MIN_SECRET_LENGTH = 32;

/** {@link EngineOptions} with every default applied (`backend`/`pubsub` stay optional: the engine makes them). */
export interface ResolvedEngineOptions {
  backend: StateBackend | undefined;
  pubsub: PubSub | undefined;
  presence: Presence | undefined;
  templateDirs: readonly string[];
  watchTemplates: boolean;
  stateTtlMs: number;
  sessionTtlMs: number;
  hibernateAfterMs: number | false;
  debug: boolean;
  log: (message: string, err?: unknown) => void;
  formPreset: FormPreset;
  eventSecurity: EventSecurity;
}

/** {@link ReinOptions} with every default applied and checked. */
export interface ResolvedOptions extends ResolvedEngineOptions {
  routes: RouteTable;
  secret: string | undefined;
  layout: (page: PageParts) => string;
  assets: Readonly<Record<string, string>>;
  allowedOrigins: string[] | undefined;
  maxFrameBytes: number;
  frameRate: { rate: number; burst: number } | false;
  maxChannels: number;
  objects: readonly SyncedClass[];
  maxBinaryBytes: number;
  pageTtlMs: number;
  tokenTtlMs: number;
  heartbeatMs: number;
  transport: ReinTransport;
  secureCookies: boolean;
  maxConnectionsPerIp: number | false;
  reconnectCooldownMs: number;
  trustProxy: ResolvedTrustProxy;
  wsSyncPath: string | undefined;
  wsSyncUserSession: boolean;
  wsSyncKeys: readonly string[];
  hotReload: boolean;
  /** The absolute path of the development state file; `undefined`: none. */
  devStateFile: string | undefined;
}

const ENGINE_KEYS = [
  "backend", "pubsub", "presence", "templateDirs", "watchTemplates", "stateTtlMs", "sessionTtlMs", "hibernateAfterMs", "debug", "log", "formPreset",
  "eventSecurity",
] as const;
const SERVER_KEYS = [
  "routes", "secret", "layout", "assets", "allowedOrigins", "maxFrameBytes", "frameRate", "maxChannels", "objects", "maxBinaryBytes", "pageTtlMs",
  "tokenTtlMs", "heartbeatMs", "transport", "secureCookies",
  "maxConnectionsPerIp", "reconnectCooldownMs", "trustProxy", "wsSyncPath", "wsSyncUserSession", "wsSyncKeys",
  "hotReload", "devStateFile",
] as const;

/**
 * Applies the defaults to engine options and checks them.
 * @throws TypeError naming the option: an unknown option, a value of the wrong type or out of range.
 */
export function resolveEngineOptions(options: EngineOptions = {}, known: readonly string[] = ENGINE_KEYS): ResolvedEngineOptions {
  if (options === null || typeof options !== "object") throw new TypeError(`Rein options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`unknown Rein option "${key}" (known: ${[...known].sort().join(", ")})`);
  }
  const o = options;
  const debug = optBool(o, "debug") ?? process.env["NODE_ENV"] !== "production";
  if (o.backend !== undefined) assertMethods("backend", o.backend, ["get", "set", "delete", "stats", "close"]);
  if (o.pubsub !== undefined) assertMethods("pubsub", o.pubsub, ["subscribe", "unsubscribe", "publish", "stats", "close"]);
  if (o.presence !== undefined) assertMethods("presence", o.presence, ["track", "update", "untrack", "list", "close"]);
  if (o.log !== undefined && typeof o.log !== "function") throw new TypeError(`option "log" must be a function`);
  if (o.formPreset !== undefined && !isFormPreset(o.formPreset)) {
    throw new TypeError(`option "formPreset" must be one of ${Object.keys(FORM_PRESETS).join(", ")}, got ${show(o.formPreset)}`);
  }
  return {
    backend: o.backend,
    pubsub: o.pubsub,
    presence: o.presence,
    templateDirs: optStrings(o, "templateDirs") ?? DEFAULTS.templateDirs,
    watchTemplates: optBool(o, "watchTemplates") ?? debug,
    stateTtlMs: optInt(o, "stateTtlMs", 1) ?? DEFAULTS.stateTtlMs,
    sessionTtlMs: optInt(o, "sessionTtlMs", 1) ?? DEFAULTS.sessionTtlMs,
    hibernateAfterMs: o.hibernateAfterMs === false ? false : (optInt(o, "hibernateAfterMs", 1) ?? DEFAULTS.hibernateAfterMs),
    debug,
    log: o.log ?? ((m: string, e?: unknown) => console.error(`[rein] ${m}`, e ?? "")),
    formPreset: o.formPreset ?? DEFAULTS.formPreset,
    eventSecurity: eventSecurityOf(o.eventSecurity),
  };
}

/**
 * Applies the defaults to `createRein`'s options and checks them, alone and together.
 * @throws TypeError naming the option: a missing `routes`, an unknown option, a value of the wrong type or out
 * of range, a `secret` shorter than 32 characters, an explicit `pageTtlMs` above `stateTtlMs`, a `trustProxy`
 * entry that is not an IP address or a CIDR range (or trusts every address), `hotReload` with `watchTemplates`
 * off, a `devStateFile` without `hotReload`.
 */
export function resolveOptions(options: ReinOptions): ResolvedOptions {
  const engine = resolveEngineOptions(options, [...ENGINE_KEYS, ...SERVER_KEYS]);
  const o = options;
  if (!o.routes || typeof (o.routes as Partial<RouteTable>).match !== "function") {
    throw new TypeError(`option "routes" is required: liveRoutes([{ path: "/", view: MyView }])`);
  }
  const secret = optString(o, "secret") ?? process.env["REIN_SECRET"];
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    const from = o.secret !== undefined ? `option "secret"` : "REIN_SECRET";
    throw new TypeError(`${from} must be at least ${MIN_SECRET_LENGTH} characters, got ${secret.length}`);
  }
  const pageTtl = optInt(o, "pageTtlMs", 1);
  if (pageTtl !== undefined && pageTtl > engine.stateTtlMs) {
    throw new TypeError(
      `option "pageTtlMs" (${pageTtl}) must not exceed "stateTtlMs" (${engine.stateTtlMs}): a page's state would outlive the joined view's`,
    );
  }
  if (o.layout !== undefined && typeof o.layout !== "function") throw new TypeError(`option "layout" must be a function`);
  if (o.assets !== undefined) {
    if (o.assets === null || typeof o.assets !== "object") throw new TypeError(`option "assets" must be an object of URL path to file path`);
    for (const [k, v] of Object.entries(o.assets)) {
      if (!k.startsWith("/") || typeof v !== "string") throw new TypeError(`option "assets": "${k}" must be a URL path starting with "/" mapped to a file path`);
    }
  }
  const origins = optStrings(o, "allowedOrigins");
  if (o.objects !== undefined && !Array.isArray(o.objects)) throw new TypeError(`option "objects" must be an array of SyncedObject classes`);
  const maxFrameBytes = optInt(o, "maxFrameBytes", MIN_FRAME_BYTES) ?? DEFAULTS.maxFrameBytes;
  const maxBinaryBytes = optInt(o, "maxBinaryBytes", maxFrameBytes) ?? Math.max(DEFAULTS.maxBinaryBytes, maxFrameBytes);
  return {
    ...engine,
    routes: o.routes,
    secret,
    layout: o.layout ?? DEFAULTS.layout,
    assets: o.assets ?? DEFAULTS.assets,
    allowedOrigins: origins ? [...origins] : DEFAULTS.allowedOrigins,
    maxFrameBytes,
    frameRate: frameRateOf(o.frameRate),
    maxChannels: optInt(o, "maxChannels", 1) ?? DEFAULTS.maxChannels,
    objects: o.objects ?? DEFAULTS.objects,
    maxBinaryBytes,
    pageTtlMs: pageTtl ?? Math.min(DEFAULTS.pageTtlMs, engine.stateTtlMs),
    tokenTtlMs: optInt(o, "tokenTtlMs", 1) ?? DEFAULTS.tokenTtlMs,
    heartbeatMs: optInt(o, "heartbeatMs", 1) ?? DEFAULTS.heartbeatMs,
    transport: transportOf(o.transport),
    secureCookies: optBool(o, "secureCookies") ?? process.env["NODE_ENV"] === "production",
    maxConnectionsPerIp: o.maxConnectionsPerIp === false ? false : (optInt(o, "maxConnectionsPerIp", 1) ?? DEFAULTS.maxConnectionsPerIp),
    reconnectCooldownMs: optInt(o, "reconnectCooldownMs", 0) ?? DEFAULTS.reconnectCooldownMs,
    trustProxy: resolveTrustProxy(o.trustProxy),
    ...wsSyncOf(o),
    ...hotReloadOf(o, engine.debug),
  };
}

type Bag = Record<string, unknown>;

function optInt(o: object, key: string, min: number): number | undefined {
  const v = (o as Bag)[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) {
    throw new TypeError(`option "${key}" must be an integer >= ${min}, got ${show(v)}`);
  }
  return v;
}

function optBool(o: object, key: string): boolean | undefined {
  const v = (o as Bag)[key];
  if (v !== undefined && typeof v !== "boolean") throw new TypeError(`option "${key}" must be true or false, got ${show(v)}`);
  return v as boolean | undefined;
}

function optString(o: object, key: string): string | undefined {
  const v = (o as Bag)[key];
  if (v !== undefined && typeof v !== "string") throw new TypeError(`option "${key}" must be a string, got ${show(v)}`);
  return v as string | undefined;
}

function optStrings(o: object, key: string): readonly string[] | undefined {
  const v = (o as Bag)[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw new TypeError(`option "${key}" must be an array of strings, got ${show(v)}`);
  }
  return v;
}

function frameRateOf(v: unknown): { rate: number; burst: number } | false {
  if (v === undefined) return DEFAULTS.frameRate;
  if (v === false) return false;
  const r = v as { rate?: unknown; burst?: unknown } | null;
  if (
    r === null || typeof r !== "object" ||
    typeof r.rate !== "number" || !Number.isFinite(r.rate) || r.rate <= 0 ||
    typeof r.burst !== "number" || !Number.isSafeInteger(r.burst) || r.burst < 1
  ) {
    throw new TypeError(`option "frameRate" must be false or { rate: frames per second > 0, burst: integer >= 1 }, got ${show(v)}`);
  }
  return { rate: r.rate, burst: r.burst };
}

function eventSecurityOf(v: unknown): EventSecurity {
  if (v === undefined) return DEFAULTS.eventSecurity;
  if (!isEventSecurity(v)) throw new TypeError(`option "eventSecurity" must be one of ${EVENT_SECURITY_MODES.map((m) => `"${m}"`).join(", ")}, got ${show(v)}`);
  return v;
}

/** The ws-sync options: a path apart from Rein's own, the others only with it. */
function wsSyncOf(o: ReinOptions): Pick<ResolvedOptions, "wsSyncPath" | "wsSyncUserSession" | "wsSyncKeys"> {
  const path = optString(o, "wsSyncPath");
  const reserved = [SOCKET_PATH, SSE_PATH, POST_PATH, CLIENT_PATH, DEBUG_PATH, FALLBACK_PATH, DEV_CLIENT_PATH, DEV_SOCKET_PATH];
  if (path !== undefined && (!/^\/[^\s?#]*$/.test(path) || reserved.includes(path))) {
    throw new TypeError(`option "wsSyncPath" must be a URL path starting with "/" other than Rein's own (${reserved.join(", ")}), got ${show(path)}`);
  }
  const userSession = optBool(o, "wsSyncUserSession") ?? false;
  const keys = optStrings(o, "wsSyncKeys") ?? [];
  if (keys.some((k) => k === "" || k.length > MAX_KEY_LENGTH)) throw new TypeError(`option "wsSyncKeys" must hold keys of 1 to ${MAX_KEY_LENGTH} characters`);
  if (path === undefined && (userSession || keys.length > 0)) throw new TypeError(`options "wsSyncUserSession" and "wsSyncKeys" need "wsSyncPath"`);
  return { wsSyncPath: path, wsSyncUserSession: userSession, wsSyncKeys: [...keys] };
}

/** `hotReload`, the `watchTemplates` it needs, and `devStateFile` (only with it). */
function hotReloadOf(o: ReinOptions, debug: boolean): Pick<ResolvedOptions, "hotReload" | "devStateFile" | "watchTemplates"> {
  const explicit = optBool(o, "hotReload");
  const hotReload = explicit ?? (debug && process.env["NODE_ENV"] !== TEST_NODE_ENV);
  const watchTemplates = optBool(o, "watchTemplates");
  if (explicit && watchTemplates === false) {
    throw new TypeError(`option "hotReload" re-renders views when their templates change, which needs "watchTemplates" (it is false)`);
  }
  const file = o.devStateFile;
  if (file !== undefined && file !== false && (typeof file !== "string" || file === "")) {
    throw new TypeError(`option "devStateFile" must be a file path or false, got ${show(file)}`);
  }
  if (typeof file === "string" && !hotReload) throw new TypeError(`option "devStateFile" needs "hotReload" (development only)`);
  return {
    hotReload,
    // Templates are read again on every render while hot reload is on, unless explicitly not.
    watchTemplates: watchTemplates ?? (debug || hotReload),
    devStateFile: hotReload && file !== false ? resolve(file ?? DEFAULTS.devStateFile) : undefined,
  };
}

function transportOf(v: unknown): ReinTransport {
  if (v === undefined) return DEFAULTS.transport;
  if (!(TRANSPORTS as readonly unknown[]).includes(v)) {
    throw new TypeError(`option "transport" must be one of ${TRANSPORTS.map((t) => `"${t}"`).join(", ")}, got ${show(v)}`);
  }
  return v as ReinTransport;
}

function assertMethods(key: string, v: unknown, methods: string[]): void {
  const missing = v !== null && typeof v === "object" ? methods.filter((m) => typeof (v as Bag)[m] !== "function") : methods;
  if (missing.length) throw new TypeError(`option "${key}" must implement ${methods.join(", ")} (missing: ${missing.join(", ")})`);
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null || typeof v !== "object") return String(v);
  return Array.isArray(v) ? "an array" : "an object";
}

/** Name of the session cookie. */
export const SESSION_COOKIE = "rein_sid";
