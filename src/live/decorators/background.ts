import { assertMethod, metaOf } from "../handler-meta.ts";

/**
 * `@background`: the handler returns at once (its reply and patches go out), its work goes on, and every change
 * it makes reaches the browser as it happens: changes of `@state` fields immediately, other fields at the next
 * check (every `static backgroundFlushMs`, default 50 ms, while a task runs), pushes immediately. The handler
 * receives `{ signal }` as its second argument: an `AbortSignal` that fires when the view disconnects or
 * `cancelTasks()` is called; pass it to `fetch`, timers and waits. Mirrors djust's `@background`.
 *
 * @example
 * ```ts
 * @background @event()
 * async importFile(_p: EventParams, { signal }: HandlerContext) {
 *   for (let i = 1; i <= 10 && !signal.aborted; i++) { await sleep(200, signal); this.progress = i * 10; }
 * }
 * ```
 */
export function background(method: Function, context: ClassMethodDecoratorContext): void {
  assertMethod("@background", context);
  metaOf(method).background = true;
}
