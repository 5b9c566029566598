/**
 * A seeded `Math.random` for the benchmarks whose output must be comparable byte for byte between runs and
 * commits (the demo's rows have random labels, as in js-framework-benchmark).
 * @module
 */

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns numbers in `[0, 1)`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `f` with `Math.random` replaced by a PRNG seeded with `seed`, and puts the real one back afterwards. */
export async function withSeededRandom<T>(seed: number, f: () => Promise<T>): Promise<T> {
  const real = Math.random;
  Math.random = mulberry32(seed);
  try {
    return await f();
  } finally {
    Math.random = real;
  }
}
