/**
 * The event pipeline of one connected view: handler lookup, `@rateLimit`, parameter validation, `@debounce` /
 * `@throttle` gates, `@cache`, `@background` tasks, the handler itself, then waiters. Everything here runs inside
 * the view's ordered queue.
 * @module
 */
import { findHandler, type EventSpec } from "../live/event.ts";
import type { EventParams } from "../protocol/frames.ts";
import { DebounceGate, ThrottleGate } from "./gates.ts";
import { HandlerCache, snapshotFields } from "./handler-cache.ts";
import { stateOf } from "./lifecycle.ts";
import type { ViewSession } from "./view-session.ts";

/** Takes a token from the connection's bucket for `key`; `false` when the rate limit is exceeded. */
export interface RateLimiter {
  take(key: string, rate: number, burst: number): boolean;
}

/** The signal of handlers that are not `@background`: never aborts. */
const NEVER = new AbortController().signal;

/** Runs the events of one view. */
export class Dispatcher {
  readonly #vs: ViewSession;
  readonly #limiter: RateLimiter;
  #gates: Map<string, DebounceGate | ThrottleGate> | undefined;
  #cache: HandlerCache | undefined;
  #poll: NodeJS.Timeout | undefined;
  #pollQueued = false;

  constructor(vs: ViewSession, limiter: RateLimiter) {
    this.#vs = vs;
    this.#limiter = limiter;
  }

  /** Handles one event frame. */
  async event(ref: number, name: string, params: EventParams): Promise<void> {
    const vs = this.#vs;
    const view = vs.view;
    if (!view) return vs.error(ref, "not_joined", "the view is not joined");
    const h = findHandler(view, name);
    if (!h) return vs.error(ref, "unknown_event", `${view.constructor.name} has no event handler "${name}"`);
    const spec = h.spec;
    const rl = spec.rateLimit;
    if (rl && !this.#limiter.take(`${view.constructor.name}.${name}`, rl.rate, rl.burst)) {
      return vs.error(ref, "rate_limited", `${name}: more than ${rl.rate} calls per second (burst ${rl.burst})`);
    }
    let input: unknown = params;
    if (spec.params) {
      let result = spec.params["~standard"].validate(params);
      if (result instanceof Promise) result = await result;
      if (result.issues) return vs.error(ref, "bad_params", `${name}: ${formatIssues(result.issues)}`);
      input = result.value;
    }
    const run = () => this.#run(ref, h.fn, spec, input);
    const gate = this.#gate(spec);
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

  #gate(spec: EventSpec): DebounceGate | ThrottleGate | undefined {
    if (!spec.debounce && !spec.throttle) return undefined;
    this.#gates ??= new Map();
    let g = this.#gates.get(spec.name);
    if (!g) {
      g = spec.debounce
        ? new DebounceGate(spec.debounce.wait, spec.debounce.maxWait)
        : new ThrottleGate(spec.throttle!.interval, spec.throttle!.leading, spec.throttle!.trailing);
      this.#gates.set(spec.name, g);
    }
    return g;
  }

  async #run(ref: number, fn: Function, spec: EventSpec, input: unknown): Promise<void> {
    const vs = this.#vs;
    const view = vs.view!;
    let cacheKey: string | undefined;
    let before: Map<string, string> | undefined;
    if (spec.cache) {
      this.#cache ??= new HandlerCache();
      cacheKey = HandlerCache.key(spec.name, input as Record<string, unknown>, spec.cache.keyParams);
      const hit = this.#cache.get(cacheKey);
      if (hit) {
        if (!(await vs.guarded(ref, spec.name, () => Object.assign(view, hit)))) return;
        await vs.commit(ref);
        return this.#notify(spec.name, input);
      }
      before = snapshotFields(stateOf(view), view.constructor.name);
    }
    if (spec.background) {
      if (!(await vs.guarded(ref, spec.name, () => this.#start(fn, spec, input)))) return;
      await vs.commit(ref);
      return this.#notify(spec.name, input);
    }
    if (!(await vs.guarded(ref, spec.name, () => fn.call(view, input, { signal: NEVER })))) return;
    if (cacheKey && before) {
      try {
        this.#cache!.set(cacheKey, before, snapshotFields(stateOf(view), view.constructor.name), spec.cache!.ttl);
      } catch {
        // An unstorable value: the commit below reports it and rolls back.
      }
    }
    await vs.commit(ref);
    this.#notify(spec.name, input);
  }

  #notify(name: string, input: unknown): void {
    this.#vs.context.waiters?.notify(name, input as EventParams);
  }

  /** Starts a `@background` task; its synchronous part runs now (a throw there is a handler error). */
  #start(fn: Function, spec: EventSpec, input: unknown): void {
    const vs = this.#vs;
    const ctx = vs.context;
    const ac = new AbortController();
    const tasks = (ctx.tasks ??= new Set());
    const result: unknown = fn.call(vs.view, input, { signal: ac.signal });
    tasks.add(ac);
    this.#startPoll();
    Promise.resolve(result)
      .catch((err: unknown) => {
        if (ac.signal.aborted) return; // cancelled: the task's own cleanup is all there is to do
        vs.deps.log(`${vs.view?.constructor.name}.${spec.name} failed in the background`, err);
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

/** Turns Standard Schema issues into `field: message; other: message`. */
export function formatIssues(issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined }[]): string {
  return issues
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}
