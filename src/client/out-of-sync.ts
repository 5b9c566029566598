/**
 * The one error of a DOM that no longer matches the server's idea of it (dom.ts, runs.ts): the caller asks for a
 * resync and hydrates the full tree, which repairs everything.
 * @module
 */

/** @throws Error `rein: DOM out of sync: <why>`, always. */
export const outOfSync = (why: string): never => {
  throw new Error("rein: DOM out of sync: " + why);
};
