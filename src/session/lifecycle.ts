/**
 * Creating a LiveView: fresh (`mount`) or restored from the state backend (reconnect, restart, other process).
 * Shared by the first HTTP paint and the WebSocket join.
 * @module
 */
import { attachFieldControllers, type StateCodec } from "../live/controller.ts";
import { restoreState, stateOf } from "../live/fields.ts";
import { attachContext, type LiveView, type LiveViewClass, type Params, type Session, type ViewContext } from "../live/liveview.ts";
import type { StateBackend } from "../state/backend.ts";
import type { Presence } from "../state/presence.ts";
import type { PubSub } from "../state/pubsub.ts";
import { deserialize, serialize } from "../state/serialize.ts";
import { readSnapshot, type Snapshot, takeSnapshot } from "../state/snapshot.ts";
import type { TemplateRenderer } from "../template/nunjucks.ts";
import type { UnknownEvents } from "./event-security.ts";
import type { IdleViews } from "./hibernation.ts";
import type { JoinedViews } from "./joined-views.ts";
import type { SessionRegistry } from "./sessions.ts";

/** What the session engine needs from the server: built once per application by `createEngine`. */
export interface EngineDeps {
  readonly templates: TemplateRenderer;
  /** Where view state and browser sessions are kept. */
  readonly backend: StateBackend;
  /** Topics shared by the views of this process (and, with a shared implementation, of others). */
  readonly pubsub: PubSub;
  /** Who is on which topic (in memory, or in Redis across processes). */
  readonly presence: Presence;
  /** How long a view's state is kept after its last change or disconnect, in ms. */
  readonly stateTtlMs: number;
  /** How long a browser session is kept after its last change, in ms. */
  readonly sessionTtlMs: number;
  /** The browser sessions live in this process, shared by their tabs' views. */
  readonly sessions: SessionRegistry;
  /** The views joined in this process, by view id (a newer join of an id takes the view over). */
  readonly views: JoinedViews;
  /** Watches joined views for idleness (`undefined`: views never hibernate). */
  readonly idle: IdleViews | undefined;
  /** Send handler error messages to the browser (development only). */
  readonly debug: boolean;
  /** Where errors of handlers and backends are reported. */
  readonly log: (message: string, err?: unknown) => void;
  /** Reports events no handler takes (`eventSecurity` `"warn"` or `"open"`); also `"strict"` in development (`debug`); absent otherwise. */
  readonly unknownEvents?: UnknownEvents | undefined;
}

/** Backend key of a view's state. */
export const viewKey = (id: string): string => `v:${id}`;
/** A view's state: see {@link stateOf} (live/fields.ts). */
export { stateOf };

/**
 * Serializes a view's state (see {@link stateOf}) in the backend's format (devalue).
 * @throws StateError naming the bad field.
 */
export function storedState(view: LiveView): string {
  return serialize(stateOf(view, { codec: CODEC }), view.constructor.name);
}

/** The backend's format, for the parts of a state its controllers keep encoded (see `StateCodec`). */
export const CODEC: StateCodec = { encode: serialize, decode: deserialize };

/**
 * Takes a rollback point of a view's state (see src/state/snapshot.ts).
 * @param portable - `true`: in the backend's format (the snapshot is also what gets stored); `false`: V8's
 *   faster in-process form where the state allows.
 * @param fresh - look at every part the controllers keep encoded, not only at those known to have changed (an
 *   update nobody asked for: a component's background task may have changed it).
 * @throws StateError naming the bad field.
 */
export function snapshotView(view: LiveView, portable: boolean, fresh = false): Snapshot {
  const fields = stateOf(view, { codec: CODEC, fresh });
  return portable ? serialize(fields, view.constructor.name) : takeSnapshot(fields, view.constructor.name);
}

/** A context for a view that is not on a socket (the first HTTP paint). */
export function staticContext(session: Session, log: EngineDeps["log"]): ViewContext {
  return { session, connected: false, renderEpoch: 0, pushes: [], changed() {}, log };
}

/**
 * Puts a view back to a snapshot (a rollback point, or a stored string): fields added since are removed (except
 * those holding its controllers), the others restored.
 * @throws Error when the snapshot is corrupt.
 */
export function rollbackView(view: LiveView, snapshot: Snapshot): void {
  restoreState(view, readSnapshot(snapshot), CODEC);
}

/**
 * Restores a fresh view from its stored state: like {@link rollbackView}, but a field the stored state lacks keeps
 * its class default (a field added to the class since the state was stored: a deploy, a development restart).
 * @throws Error when the stored string is corrupt.
 */
export function restoreView(view: LiveView, saved: Snapshot): void {
  restoreState(view, readSnapshot(saved), CODEC, true);
}

/**
 * Builds a view: restores its state from `saved` when given (no `mount`), else calls `mount`; then
 * `handleParams`. Phoenix mounts twice (HTTP, then socket); Rein mounts once and restores on the socket.
 * @throws whatever `mount` or `handleParams` throw, or an Error when `saved` is corrupt.
 */
export async function buildView(
  cls: LiveViewClass,
  params: Params,
  url: URL,
  ctx: ViewContext,
  saved: string | undefined,
): Promise<LiveView> {
  const view = new cls();
  attachContext(view, ctx);
  attachFieldControllers(view);
  if (saved !== undefined) restoreView(view, saved);
  else await view.mount?.(params, ctx.session);
  attachFieldControllers(view);
  await view.handleParams?.(params, url);
  return view;
}

/** Route parameters plus the query of `url` (route parameters win). */
export function paramsOf(routeParams: Params, url: URL): Params {
  const out: Params = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return Object.assign(out, routeParams);
}
