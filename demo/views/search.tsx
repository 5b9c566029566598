/**
 * `/search`: live search over 135,000 cities. The data set stays on the server; the browser only ever receives
 * patches for the 20 rows on screen. Each keystroke (`rein-input`) sends the input's value; the handler stores
 * the query, and `render()` runs one scan of the precomputed index (see demo/data/cities.ts).
 *
 * The view's state is only `query`: results are derived in `render()`, so they are never serialized.
 * `/search?q=zurich` opens with a query, so searches can be shared as links.
 * @module
 */
import { LiveView, event } from "rein";
import { z } from "zod";
import { cityCount, searchCities, splitMatch, type City } from "../data/cities.ts";

const numbers = new Intl.NumberFormat("en-US");
const regions = new Intl.DisplayNames(["en"], { type: "region" });

/** The English name of a country code, or the code itself when unknown ("XK" is not ISO). */
function countryName(code: string): string {
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

/** One result row; the matched part of the name is wrapped in `<mark>`. */
function CityRow({ city, query, rank }: { city: City; query: string; rank: number }) {
  const [before, match, after] = splitMatch(city.name, query);
  return (
    <tr key={city.id} class="city">
      <td class="g-num g-muted">{rank}</td>
      <td class="city-name">
        {before}
        {match ? <mark>{match}</mark> : null}
        {after}
      </td>
      <td class="city-country">
        <span class="g-badge country-code">{city.country}</span> <span class="g-muted">{countryName(city.country)}</span>
      </td>
      <td class="g-num city-population">{numbers.format(city.population)}</td>
    </tr>
  );
}

/** Live city search. */
export class SearchView extends LiveView {
  static override title = "City search";

  /** What the user typed. The only state of this view. */
  query = "";

  override mount(params: Record<string, string>): void {
    this.query = params["q"] ?? "";
  }

  /** `rein-input="search"`: called on every keystroke with the input's current value. */
  @event({ params: z.object({ value: z.string().max(200) }), description: "Updates the query." })
  search({ value }: { value: string }): void {
    this.query = value;
  }

  /** `rein-click="clear"` on the × button. */
  @event({ description: "Empties the query." })
  clear(): void {
    this.query = "";
  }

  override render() {
    const blank = this.query.trim() === "";
    const { top, total } = searchCities(this.query, 20);
    return (
      <div class="g-search">
        <div class="g-search-box">
          <svg class="g-search-icon" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="11" cy="11" r="7" />
            <line x1="16.5" y1="16.5" x2="21" y2="21" />
          </svg>
          <input
            type="text"
            class="g-search-input"
            name="q"
            value={this.query}
            placeholder="Search 135,000 cities: try sao, zurich, lodz…"
            autocomplete="off"
            spellcheck="false"
            autofocus
            aria-label="City name"
            rein-input="search"
          />
          {blank ? null : (
            <button type="button" class="g-search-clear" rein-click="clear" aria-label="Clear the search">
              ×
            </button>
          )}
        </div>
        <p class="g-search-status" id="match-count">
          {blank ? (
            <span>
              Start typing to search {numbers.format(cityCount())} cities. Until then, here are the 20 largest.
            </span>
          ) : (
            <span>
              <strong>{numbers.format(total)}</strong> {total === 1 ? "match" : "matches"}
              {total > top.length ? `, showing the ${top.length} most populous` : ""}
            </span>
          )}
        </p>
        {top.length === 0 ? (
          <p class="g-empty">No city name contains “{this.query.trim()}”.</p>
        ) : (
          <table class="g-table g-results">
            <thead>
              <tr>
                <th class="g-num">#</th>
                <th>City</th>
                <th>Country</th>
                <th class="g-num">Population</th>
              </tr>
            </thead>
            <tbody>
              {top.map((city, i) => (
                <CityRow city={city} query={this.query} rank={i + 1} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    );
  }
}
