/**
 * `/stream`: the 135,000 cities by population, streamed 1,000 at a time (src/live/stream.ts, Phoenix LiveView's
 * streams). The server renders each page of rows once and forgets it: the view's state is the ids you starred and
 * two counters. "Load 1,000 more" appends the next page; starring a city re-inserts that one row (replaced in
 * place); removing one deletes it by DOM id; "Reset" empties the table and streams the first page again.
 * @module
 */
import { LiveView, event, stream } from "rein";
import { z } from "zod";
import { cityById, cityCount, largestCities, type City } from "../data/cities.ts";

/** How many cities the page streams at mount, and on each "Load more". */
export const PAGE = 1_000;

const numbers = new Intl.NumberFormat("en-US");
const Id = z.object({ id: z.coerce.number().int() });

/** The cities by population, streamed a page at a time. */
export class StreamView extends LiveView {
  static override title = "Stream: 135,000 cities";

  /** The rows: rendered once, then owned by the browser. Not state. */
  readonly cities = stream<City>(this, (city) => `city-${city.id}`);
  /** GeoNames ids of the starred cities: what a row's star shows. */
  starred: number[] = [];
  /** How many rows the browser shows (the server counts what it sent; it keeps no row). */
  shown = 0;
  /** How many cities, by rank, were streamed: the next page starts after it. */
  loaded = 0;

  override mount(): void {
    this.more();
  }

  /** `rein-click="star"` on a row's star: toggles it; that one row is sent again and replaced in place. */
  @event({ params: Id, description: "Stars or unstars a city." })
  star({ id }: { id: number }): void {
    const found = cityById(id);
    if (!found) return;
    const at = this.starred.indexOf(id);
    at >= 0 ? this.starred.splice(at, 1) : this.starred.push(id);
    this.cities.insert(found.city);
  }

  /** `rein-click="remove"` on a row's ×: deletes that row from the browser by its DOM id. */
  @event({ params: Id, description: "Removes a city from the table." })
  remove({ id }: { id: number }): void {
    const found = cityById(id);
    if (!found) return;
    this.cities.delete(found.city);
    this.shown--;
  }

  /** Appends the next 1,000 cities. */
  @event({ description: "Streams the next 1,000 cities." })
  more(): void {
    const page = largestCities(this.loaded + PAGE).slice(this.loaded);
    this.cities.insertAll(page);
    this.loaded += page.length;
    this.shown += page.length;
  }

  /** Empties the table and streams the first 1,000 cities again. */
  @event({ description: "Empties the table and streams the first page again." })
  reset(): void {
    this.cities.reset();
    this.loaded = 0;
    this.shown = 0;
    this.more();
  }

  override render() {
    return (
      <div class="g-stream">
        <div class="g-stream-bar">
          <p class="g-stream-status" id="stream-status">
            <strong>{numbers.format(this.shown)}</strong> rows in your browser; the server keeps{" "}
            <strong>{this.starred.length}</strong> starred {this.starred.length === 1 ? "id" : "ids"} and no row.
          </p>
          <button type="button" class="g-btn" id="more" rein-click="more" disabled={this.loaded >= cityCount()}>
            Load {numbers.format(PAGE)} more
          </button>
          <button type="button" class="g-btn g-btn-ghost" id="reset" rein-click="reset">
            Reset
          </button>
        </div>
        <table class="g-table g-stream-table">
          <thead>
            <tr>
              <th class="g-num">Rank</th>
              <th>City</th>
              <th>Country</th>
              <th class="g-num">Population</th>
              <th class="g-stream-actions">
                <span class="g-muted">of {numbers.format(cityCount())}</span>
              </th>
            </tr>
          </thead>
          <tbody id="cities" rein-update={this.cities}>
            {this.cities.map((city) => this.#row(city))}
          </tbody>
        </table>
        {this.loaded < cityCount() ? (
          <p class="g-stream-more">
            <button type="button" class="g-btn g-btn-primary" rein-click="more">
              Load the next {numbers.format(PAGE)} (ranks {numbers.format(this.loaded + 1)} to {numbers.format(Math.min(this.loaded + PAGE, cityCount()))})
            </button>
          </p>
        ) : null}
      </div>
    );
  }

  #row(city: City) {
    const rank = cityById(city.id)?.rank ?? 0;
    const starred = this.starred.includes(city.id);
    return (
      <tr class={starred ? "starred" : undefined}>
        <td class="g-num g-muted">{rank}</td>
        <td class="city-name">{city.name}</td>
        <td>
          <span class="g-badge">{city.country}</span>
        </td>
        <td class="g-num">{numbers.format(city.population)}</td>
        <td class="g-stream-actions">
          <button
            type="button"
            class="g-star"
            rein-click="star"
            rein-value-id={city.id}
            aria-pressed={starred ? "true" : "false"}
            aria-label={starred ? `Unstar ${city.name}` : `Star ${city.name}`}
          >
            {starred ? "★" : "☆"}
          </button>
          <button type="button" class="g-remove" rein-click="remove" rein-value-id={city.id} aria-label={`Remove ${city.name}`}>
            ×
          </button>
        </td>
      </tr>
    );
  }
}
