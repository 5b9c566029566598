/**
 * `/dashboard`: djust's "multi-component shared state" pattern, complete. Two LiveViews on one page (the route's
 * `view` and its `also`), each in its own `[rein-view]` container with its own channel, state and token: a filter
 * sidebar and a product list. Neither reads the other's fields; they talk over the browser's client state bus
 * (`@clientState`, src/client/state-bus.ts). Choosing a category in the sidebar publishes `category`; the bus
 * calls the list's `filter` handler with it. "Show all" in the list publishes it the other way. The scope is
 * `"browser"`: the page's other tabs follow too.
 * @module
 */
import { LiveView, clientState, computed, event } from "rein";
import { z } from "zod";
import { CATEGORIES, FILTERS, PRODUCTS, filterName, productsOf, type Filter, type Product } from "../data/products.ts";

/** What both views' `@clientState` handlers accept: `{ category }`, one of the filter values. */
const CategoryParams = z.object({ category: z.enum(FILTERS) });

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** The letters on a product's picture: the first letters of its first two capitalized words. */
function initials(name: string): string {
  return name
    .split(" ")
    .filter((w) => /^[A-Z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0])
    .join("");
}

/** A small caption naming the LiveView a container holds, so the page explains itself. */
function ViewTag({ name, state }: { name: string; state: string }) {
  return (
    <p class="g-dash-tag">
      <span class="g-dash-tag-name">{name}</span>
      <code class="g-dash-tag-state">{state}</code>
    </p>
  );
}

/** The sidebar: the categories with their counts. Its state is the chosen category. */
export class FilterSidebarView extends LiveView {
  static override title = "Dashboard";

  category: Filter = "all";

  /** `rein-click="choose"` on a category; also what the bus calls when the list (or another tab) changes it. */
  @clientState({ keys: ["category"], scope: "browser" })
  @event({ params: CategoryParams, description: "Chooses the category; publishes it on the client state bus." })
  choose({ category }: { category: Filter }): void {
    this.category = category;
  }

  override render() {
    const items = [{ id: "all" as Filter, name: "All products", count: PRODUCTS.length }].concat(
      CATEGORIES.map((c) => ({ id: c.id, name: c.name, count: productsOf(c.id).length })),
    );
    return (
      <aside class="g-dash-side" aria-label="Filters">
        <ViewTag name="FilterSidebarView" state={`category = "${this.category}"`} />
        <h2 class="g-dash-heading">Categories</h2>
        <ul class="g-dash-filters">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                class={item.id === this.category ? "g-dash-filter is-active" : "g-dash-filter"}
                rein-click="choose"
                rein-value-category={item.id}
                aria-pressed={item.id === this.category ? "true" : "false"}
              >
                <span>{item.name}</span>
                <span class="g-dash-count">{item.count}</span>
              </button>
            </li>
          ))}
        </ul>
        <p class="g-dash-note">
          Scope <code>"browser"</code>: open this page in a second tab, and a choice in one tab filters the other.
        </p>
      </aside>
    );
  }
}

/** The product list: the products of the chosen category and a counter. Its state is the category it shows. */
export class ProductListView extends LiveView {
  category: Filter = "all";

  /** The products shown (derived, not state). */
  @computed get shown(): readonly Product[] {
    return productsOf(this.category);
  }

  /** What the bus calls when the sidebar (or another tab) publishes `category`; also "Show all" below. */
  @clientState({ keys: ["category"], scope: "browser" })
  @event({ params: CategoryParams, description: "Shows the products of a category; publishes it on the bus." })
  filter({ category }: { category: Filter }): void {
    this.category = category;
  }

  override render() {
    const shown = this.shown;
    return (
      <section class="g-dash-main" aria-label="Products">
        <ViewTag name="ProductListView" state={`category = "${this.category}"`} />
        <div class="g-dash-bar">
          <h2 class="g-dash-title">{filterName(this.category)}</h2>
          <p class="g-dash-counter" id="product-count" aria-live="polite">
            Showing <strong>{shown.length}</strong> of {PRODUCTS.length} products
          </p>
          {this.category === "all" ? null : (
            <button type="button" class="g-btn g-btn-ghost g-dash-clear" rein-click="filter" rein-value-category="all">
              Show all
            </button>
          )}
        </div>
        <ul class="g-dash-grid" id="products">
          {shown.map((p) => (
            <li key={p.id} class="g-product" data-category={p.category}>
              <div class={`g-product-art g-art-${p.category}`} aria-hidden="true">
                {initials(p.name)}
              </div>
              <div class="g-product-body">
                <h3 class="g-product-name">{p.name}</h3>
                <p class="g-product-blurb">{p.blurb}</p>
                <div class="g-product-foot">
                  <span class="g-badge">{CATEGORIES.find((c) => c.id === p.category)?.name}</span>
                  <span class="g-product-rating" aria-label={`Rated ${p.rating} of 5`}>★ {p.rating.toFixed(1)}</span>
                  <strong class="g-product-price">{money.format(p.price / 100)}</strong>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </section>
    );
  }
}
