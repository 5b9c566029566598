/**
 * The views joined in this process, by view id: a view id is joined at most once at a time. A second join of the
 * same id (the browser reconnected on a new socket while the old one is not yet known to be dead) takes the view
 * over: the old channel is closed first, which writes its last committed state, and only then does the new join
 * read it. Without this, the new join would read the state as of the old one's last write and lose what came
 * after (with a local backend, views write when they leave).
 * @module
 */

/** A joined view that can be taken over by a newer join of its id. */
export interface TakeOver {
  /** Tells its client, closes the channel and resolves once its state is written. */
  takeOver(): Promise<void>;
}

/** The registry of joined views (one per engine). */
export class JoinedViews {
  readonly #byId = new Map<string, TakeOver>();

  /** Number of views joined. */
  get size(): number {
    return this.#byId.size;
  }

  /** Claims `id` for `view`, taking it over from an earlier holder first (resolves when its state is written). */
  async claim(id: string, view: TakeOver): Promise<void> {
    const previous = this.#byId.get(id);
    this.#byId.set(id, view);
    if (previous && previous !== view) await previous.takeOver();
  }

  /** Gives `id` back, unless a newer join holds it by now. */
  release(id: string, view: TakeOver): void {
    if (this.#byId.get(id) === view) this.#byId.delete(id);
  }
}
