/**
 * The event pipeline of one connected view: target and handler lookup, `@rateLimit`, parameter validation,
 * `@debounce` / `@throttle` gates, `@cache`, `@background` tasks, the handler itself, then waiters. Everything here
 * runs inside the view's ordered queue. Gates, rate-limit buckets and caches are kept per event target, so two
 * components with the same handler never share them.
 * @module
 */
import { controllersOf } from "../live/controller.ts";
import { assignState } from "../live/fields.ts";
import type { ViewContext } from "../live/context.ts";
import { stateBefore, statePublication } from "../live/decorators/client-state.ts";
import { findHandler, type EventSpec } from "../live/event.ts";
import type { LiveView } from "../live/liveview.ts";
import { STATE_PUSH, type ErrorCode, type EventParams, type StatePayload } from "../protocol/frames.ts";
import type { UnknownEvents } from "./event-security.ts";
import { DebounceGate, ThrottleGate } from "./gates.ts";
import { HandlerCache, snapshotFields } from "./handler-cache.ts";
import { CODEC, stateOf } from "./lifecycle.ts";

/** What the dispatcher needs from the view channel it runs in. */
export interface DispatchHost {
  /** The channel number of the view (the client's), named by `rein:state` pushes. */
  readonly ch: number;
  /** The joined view (`undefined` until joined). */
  readonly view: LiveView | undefined;
  /** The view's runtime context: waiters, tasks, event targets. */
  readonly context: ViewContext;
  /** Whether the channel closed. */
  readonly closed: boolean;
  /** Where background failures are reported. */
  log(message: string, err?: unknown): void;
  /** Runs `task` in the view's queue, after everything queued before it. */
  enqueue(task: () => Promise<void>): void;
  /** Runs a handler body: a throw rolls back and answers `ref` with `handler_error`. Resolves `true` when it ran. */
  guarded(ref: number, what: string, body: () => unknown): Promise<boolean>;
  /**
   * Renders and answers `ref` with the patches (`undefined`: an update frame, sent only when something changed);
   * `target`: the component whose handler ran (only it renders when nothing else changed).
   */
  commit(ref: number | undefined, target?: string): Promise<void>;
  /** Answers `ref` with an empty reply (a call superseded by a gate). */
  emptyReply(ref: number): void;
  /** Answers `ref` with an error frame. */
  error(ref: number, code: ErrorCode, message: string): void;
  /** Takes a `@rateLimit` token from the connection's bucket `key`; `false` when exceeded. */
  take(key: string, rate: number, burst: number): boolean;
  /** Reports events no handler takes (`eventSecurity` `"warn"` or `"open"`); also `"strict"` in development (`debug`); `undefined` otherwise. */
  readonly unknownEvents?: UnknownEvents | undefined;
}

/** A handler found for an event: the object it belongs to (the view, a controller, a component) and its spec. */
interface Found {
  owner: object;
  fn: Function;
  spec: EventSpec;
}

/** The signal of handlers that are not `@background`: never aborts. */
const NEVER = new AbortController().signal;

/** Runs the events of one view. */
export class Dispatcher {
  readonly #vs: DispatchHost;
  #gates: Map<string, DebounceGate | ThrottleGate> | undefined;
  #cache: HandlerCache | undefined;
  #poll: NodeJS.Timeout | undefined;
  #pollQueued = false;

  constructor(host: DispatchHost) {
    this.#vs = host;
  }

  /** Handles one event frame, for the view itself or for the component `target`. */
  async event(ref: number, name: string, params: EventParams, target?: string): Promise<void> {
    const vs = this.#vs;
    const view = vs.view;
    if (!view) return vs.error(ref, "not_joined", "the view is not joined");
    let h: Found | undefined;
    if (target === undefined) h = findOwnHandler(view, name);
    else {
      const owner = vs.context.targets?.get(target);
      if (!owner) return vs.error(ref, "unknown_target", `${view.constructor.name} has no component "${target}"`);
      const found = findHandler(owner, name);
      h = found && { owner, ...found };
    }
    if (!h) {
      const where = target === undefined ? view.constructor.name : `component "${target}" of ${view.constructor.name}`;
      // eventSecurity "warn"/"open": logged; "open" answers with an empty reply. Nothing unmarked is ever called.
      const owner = target === undefined ? view : vs.context.targets!.get(target)!;
      if (vs.unknownEvents?.report(owner, name, where)) return vs.emptyReply(ref);
      return vs.error(ref, "unknown_event", `${where} has no event handler "${name}"`);
    }
    const spec = h.spec;
    const scope = target === undefined ? "" : `#${target}`;
    const rl = spec.rateLimit;
    if (rl && !vs.take(`${view.constructor.name}${scope}.${name}`, rl.rate, rl.burst)) {
      return vs.error(ref, "rate_limited", `${name}: more than ${rl.rate} calls per second (burst ${rl.burst})`);
    }
    let input: unknown = params;
    if (spec.params) {
      let result = spec.params["~standard"].validate(params);
      if (result instanceof Promise) result = await result;
      if (result.issues) return vs.error(ref, "bad_params", `${name}: ${formatIssues(result.issues)}`);
      input = result.value;
    }
    const found = h;
    const run = () => this.#run(ref, found, input, target);
    const gate = this.#gate(spec, scope);
    if (!gate) return run();
    const dropped = gate.push({ ref, run: () => vs.enqueue(run) });
    if (dropped) vs.emptyReply(dropped.ref);
  }

  /** Cancels gates and stops polling (the view session aborts the tasks). */
  close(): void {
    if (this.#gates) for (const g of this.#gates.values()) g.cancel();
    clearInterval(this.#poll);
    this.#poll = undefined;
  }

  /** The gate of handler `spec` on the target `scope` (`""`: the view). */
  #gate(spec: EventSpec, scope: string): DebounceGate | ThrottleGate | undefined {
    if (!spec.debounce && !spec.throttle) return undefined;
    this.#gates ??= new Map();
    const key = `${scope}.${spec.name}`;
    let g = this.#gates.get(key);
    if (!g) {
      g = spec.debounce
        ? new DebounceGate(spec.debounce.wait, spec.debounce.maxWait)
        : new ThrottleGate(spec.throttle!.interval, spec.throttle!.leading, spec.throttle!.trailing);
      this.#gates.set(key, g);
    }
    return g;
  }

  async #run(ref: number, h: Found, input: unknown, target: string | undefined): Promise<void> {
    const vs = this.#vs;
    const { owner, fn, spec } = h;
    const publish = this.#publisher(owner, spec);
    let cacheKey: string | undefined;
    let before: Map<string, string> | undefined;
    if (spec.cache) {
      this.#cache ??= new HandlerCache();
      cacheKey = HandlerCache.key(spec.name, input as Record<string, unknown>, spec.cache.keyParams, target);
      const hit = this.#cache.get(cacheKey);
      if (hit) {
        if (!(await vs.guarded(ref, spec.name, () => (assignState(owner, hit, CODEC), publish())))) return;
        await vs.commit(ref, target);
        return this.#notify(spec.name, input, target);
      }
      before = snapshotFields(stateOf(owner, { codec: CODEC }), owner.constructor.name);
    }
    if (spec.background) {
      if (!(await vs.guarded(ref, spec.name, () => this.#start(owner, fn, spec, input, publish)))) return;
      await vs.commit(ref, target);
      return this.#notify(spec.name, input, target);
    }
    const call = (): unknown => fn.call(owner, input, { signal: NEVER });
    const body = spec.clientState ? async () => (await call(), publish()) : call;
    if (!(await vs.guarded(ref, spec.name, body))) return;
    if (cacheKey && before) {
      try {
        this.#cache!.set(cacheKey, before, snapshotFields(stateOf(owner, { codec: CODEC }), owner.constructor.name), spec.cache!.ttl);
      } catch {
        // An unstorable value: the commit below reports it and rolls back.
      }
    }
    await vs.commit(ref, target);
    this.#notify(spec.name, input, target);
  }

  /**
   * For a `@clientState` handler: takes the published fields' values now, and returns what queues a `rein:state`
   * push (`[key, value, scope, channel]`) for each that changed once the handler ran (it throws a TypeError for a
   * value that is not JSON). For any other handler, a no-op.
   */
  #publisher(owner: object, spec: EventSpec): () => void {
    const meta = spec.clientState;
    if (!meta) return noop;
    const before = stateBefore(owner, meta.keys);
    return () => {
      const { ch, context } = this.#vs;
      for (const [key, value] of statePublication(owner, meta, before)) {
        const payload: StatePayload = [key, value, meta.scope, ch];
        context.pushes.push([STATE_PUSH, payload]);
      }
    };
  }

  #notify(name: string, input: unknown, target: string | undefined): void {
    this.#vs.context.waiters?.notify(name, input as EventParams, target);
  }

  /** Starts a `@background` task; its synchronous part runs now (a throw there is a handler error). */
  #start(owner: object, fn: Function, spec: EventSpec, input: unknown, publish: () => void): void {
    const vs = this.#vs;
    const ctx = vs.context;
    const ac = new AbortController();
    const tasks = (ctx.tasks ??= new Set());
    const result: unknown = fn.call(owner, input, { signal: ac.signal });
    tasks.add(ac);
    this.#startPoll();
    Promise.resolve(result)
      .then(publish)
      .catch((err: unknown) => {
        if (ac.signal.aborted) return; // cancelled: the task's own cleanup is all there is to do
        vs.log(`${owner.constructor.name}.${spec.name} failed in the background`, err);
        vs.error(0, "handler_error", `${spec.name} failed in the background`);
      })
      .finally(() => {
        tasks.delete(ac);
        if (tasks.size === 0) {
          clearInterval(this.#poll);
          this.#poll = undefined;
        }
        if (!vs.closed) vs.enqueue(() => vs.commit(undefined));
      });
  }

  /** While tasks run, sends what they changed every `backgroundFlushMs` (default 50 ms). */
  #startPoll(): void {
    if (this.#poll) return;
    const ms = (this.#vs.view?.constructor as { backgroundFlushMs?: number }).backgroundFlushMs ?? 50;
    this.#poll = setInterval(() => {
      if (this.#pollQueued) return;
      this.#pollQueued = true;
      this.#vs.enqueue(async () => {
        this.#pollQueued = false;
        await this.#vs.commit(undefined);
      });
    }, ms);
    this.#poll.unref();
  }
}

function noop(): void {}

/** The handler `name` of the view itself, else of the first of its controllers that has one. */
function findOwnHandler(view: LiveView, name: string): Found | undefined {
  const own = findHandler(view, name);
  if (own) return { owner: view, ...own };
  for (const c of controllersOf(view)) {
    const found = findHandler(c, name);
    if (found) return { owner: c, ...found };
  }
  return undefined;
}

/** Turns Standard Schema issues into `field: message; other: message`. */
export function formatIssues(issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined }[]): string {
  return issues
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}
