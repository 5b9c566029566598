/**
 * The view channel of the test client: the engine's own `ViewChannel`, plus a probe that times handler bodies for
 * {@link measureEvent}. A subclass in the testing layer, so the engine pays nothing for it.
 * @module
 */
import { ViewChannel } from "../session/view-channel.ts";

/** A `ViewChannel` that reports how long each handler body ran while {@link ProbedChannel.onHandler} is set. */
export class ProbedChannel extends ViewChannel {
  /**
   * While set, called after each handler body (a handler, a `@cache` hit's assignment, the synchronous part of a
   * `@background` task) with its duration in ms, measured with `performance.now()`. Not for applications.
   */
  onHandler: ((ms: number) => void) | undefined = undefined;

  /** `ViewChannel.guarded`, timed when {@link onHandler} is set. */
  override guarded(ref: number, what: string, body: () => unknown): Promise<boolean> {
    const probe = this.onHandler;
    if (!probe) return super.guarded(ref, what, body);
    return super.guarded(ref, what, async () => {
      const start = performance.now();
      try {
        await body();
      } finally {
        probe(performance.now() - start);
      }
    });
  }
}
