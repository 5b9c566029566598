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
import { defaultLayout, type PageParts } from "./layout.ts";

export { CLIENT_PATH, DEBUG_PATH, SOCKET_PATH } from "../protocol/paths.ts";
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
   * How long the state of a rendered page waits for its socket join; once joined, `stateTtlMs` applies. Keeps
   * pages that never connect (crawlers, closed tabs) from holding memory. Default 600,000 (10 minutes), or
   * `stateTtlMs` when that is shorter; set explicitly, it must not exceed `stateTtlMs`.
   */
  pageTtlMs?: number;
  /** How long a join token is valid after the page was rendered. Default 86,400,000 (24 h). */
  tokenTtlMs?: number;
  /** Interval of WebSocket pings; a socket silent for two intervals is dropped. Default 30,000 (30 s). */
  heartbeatMs?: number;
  /** Mark the session cookie `Secure` (HTTPS only). Default: `NODE_ENV === "production"`. */
  secureCookies?: boolean;
}

/**
 * The default of every option that has a fixed one. The others depend on the environment, read when the
 * application is created: `secret` (`REIN_SECRET`, else random), `debug` (`NODE_ENV !== "production"`),
 * `watchTemplates` (`debug`), `secureCookies` (`NODE_ENV === "production"`), `backend` and `pubsub` (new
 * in-memory ones), `log` (`console.error`).
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
  /** 15 seconds (Phoenix's `hibernate_after`). */
  hibernateAfterMs: 15 * SECOND_MS,
  formPreset: DEFAULT_FORM_PRESET,
});

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
  pageTtlMs: number;
  tokenTtlMs: number;
  heartbeatMs: number;
  secureCookies: boolean;
}

const ENGINE_KEYS = [
  "backend", "pubsub", "presence", "templateDirs", "watchTemplates", "stateTtlMs", "sessionTtlMs", "hibernateAfterMs", "debug", "log", "formPreset",
] as const;
const SERVER_KEYS = [
  "routes", "secret", "layout", "assets", "allowedOrigins", "maxFrameBytes", "frameRate", "maxChannels", "pageTtlMs",
  "tokenTtlMs", "heartbeatMs", "secureCookies",
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
  };
}

/**
 * Applies the defaults to `createRein`'s options and checks them, alone and together.
 * @throws TypeError naming the option: a missing `routes`, an unknown option, a value of the wrong type or out
 * of range, a `secret` shorter than 32 characters, an explicit `pageTtlMs` above `stateTtlMs`.
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
  return {
    ...engine,
    routes: o.routes,
    secret,
    layout: o.layout ?? DEFAULTS.layout,
    assets: o.assets ?? DEFAULTS.assets,
    allowedOrigins: origins ? [...origins] : DEFAULTS.allowedOrigins,
    maxFrameBytes: optInt(o, "maxFrameBytes", MIN_FRAME_BYTES) ?? DEFAULTS.maxFrameBytes,
    frameRate: frameRateOf(o.frameRate),
    maxChannels: optInt(o, "maxChannels", 1) ?? DEFAULTS.maxChannels,
    pageTtlMs: pageTtl ?? Math.min(DEFAULTS.pageTtlMs, engine.stateTtlMs),
    tokenTtlMs: optInt(o, "tokenTtlMs", 1) ?? DEFAULTS.tokenTtlMs,
    heartbeatMs: optInt(o, "heartbeatMs", 1) ?? DEFAULTS.heartbeatMs,
    secureCookies: optBool(o, "secureCookies") ?? process.env["NODE_ENV"] === "production",
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
