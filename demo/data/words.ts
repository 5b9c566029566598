/**
 * Row labels of js-framework-benchmark (https://github.com/krausest/js-framework-benchmark): an adjective, a
 * colour and a noun picked at random from the benchmark's own lists ("pretty red table").
 * @module
 */

/** The benchmark's adjectives. */
export const ADJECTIVES = [
  "pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint", "clean", "elegant",
  "easy", "angry", "crazy", "helpful", "mushy", "odd", "unsightly", "adorable", "important", "inexpensive",
  "cheap", "expensive", "fancy",
] as const;

/** The benchmark's colours ("brown" twice, as in the original). */
export const COLOURS = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black", "orange"] as const;

/** The benchmark's nouns. */
export const NOUNS = [
  "table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger", "pizza", "mouse", "keyboard",
] as const;

/** A random index below `max`, as the benchmark's `_random`. */
function pick(max: number): number {
  return Math.round(Math.random() * 1000) % max;
}

/** One random label: "adjective colour noun". */
export function randomLabel(): string {
  return `${ADJECTIVES[pick(ADJECTIVES.length)]} ${COLOURS[pick(COLOURS.length)]} ${NOUNS[pick(NOUNS.length)]}`;
}
