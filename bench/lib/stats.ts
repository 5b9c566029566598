/**
 * Small statistics and formatting helpers for the benchmarks.
 * @module
 */

/** The `q`-quantile (0..1) of `xs` by nearest rank. `xs` need not be sorted; NaN when empty. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i]!;
}

/** Median (nearest rank). */
export const median = (xs: ArrayLike<number>): number => quantile(xs, 0.5);

/** Rounds to `d` decimals. */
export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** Milliseconds since an `hrtime.bigint()` stamp. */
export const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Formats an integer with thousands separators. */
export const int = (x: number): string => Math.round(x).toLocaleString("en-US");

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
