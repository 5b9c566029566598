/**
 * Listener sets of the sync store: subscribe with {@link listen}, call them all with {@link emit}. A listener that
 * throws does not stop the others, nor the frame being handled: its error is rethrown on its own task.
 * @module
 */

/** Adds `listener` to `set`; returns the function that removes it again. */
export const listen = <Args extends unknown[]>(
  set: Set<(...args: Args) => void>,
  listener: (...args: Args) => void,
): (() => void) => (set.add(listener), () => void set.delete(listener));

/** Calls every listener of `set` with `args`, in subscription order; one that throws is reported, not propagated. */
export function emit<Args extends unknown[]>(set: Set<(...args: Args) => void>, ...args: Args): void {
  for (const listener of set)
    try {
      listener(...args);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
}
