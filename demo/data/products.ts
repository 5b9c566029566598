/**
 * A made-up product catalogue for the `/dashboard` demo: 24 products in 5 categories. Plain data, kept in the
 * process; the views hold only the chosen category.
 * @module
 */

/** A category id, as it travels in events and on the client state bus. */
export type CategoryId = "audio" | "cameras" | "home" | "outdoor" | "books";

/** The filter's values: every category, or all of them. */
export type Filter = CategoryId | "all";

/** A category of the catalogue. */
export interface Category {
  id: CategoryId;
  /** Display name. */
  name: string;
}

/** One product. */
export interface Product {
  id: number;
  name: string;
  category: CategoryId;
  /** One line of description. */
  blurb: string;
  /** Price in US cents. */
  price: number;
  /** Average rating, 1 to 5, one decimal. */
  rating: number;
}

/** The categories, in sidebar order. */
export const CATEGORIES: readonly Category[] = [
  { id: "audio", name: "Audio" },
  { id: "cameras", name: "Cameras" },
  { id: "home", name: "Home" },
  { id: "outdoor", name: "Outdoor" },
  { id: "books", name: "Books" },
];

/** The filter values, for a params schema: `"all"` then every category id. */
export const FILTERS = ["all", ...CATEGORIES.map((c) => c.id)] as [Filter, ...Filter[]];

/** The catalogue. */
export const PRODUCTS: readonly Product[] = [
  { id: 1, name: "Driftwood Headphones", category: "audio", blurb: "Closed-back, 40 h battery, folds flat.", price: 18900, rating: 4.6 },
  { id: 2, name: "Pebble Speaker", category: "audio", blurb: "Pocket speaker that floats in the pool.", price: 5900, rating: 4.3 },
  { id: 3, name: "Studio Monitor Pair", category: "audio", blurb: "5-inch woofers, flat response, walnut.", price: 34900, rating: 4.8 },
  { id: 4, name: "Lumen Turntable", category: "audio", blurb: "Belt drive, built-in preamp, dust cover.", price: 27900, rating: 4.4 },
  { id: 5, name: "Cove Earbuds", category: "audio", blurb: "Noise cancelling, wireless charging case.", price: 12900, rating: 4.1 },
  { id: 6, name: "Fieldline Mirrorless", category: "cameras", blurb: "24 MP, weather sealed, 4K at 60 fps.", price: 149900, rating: 4.7 },
  { id: 7, name: "Pocket Instant", category: "cameras", blurb: "Prints credit-card photos in 90 seconds.", price: 8900, rating: 4.2 },
  { id: 8, name: "Trailcam Mini", category: "cameras", blurb: "Motion triggered, a year on four AAs.", price: 11900, rating: 3.9 },
  { id: 9, name: "35 mm Prime Lens", category: "cameras", blurb: "f/1.8, quiet autofocus, 210 g.", price: 44900, rating: 4.9 },
  { id: 10, name: "Linen Throw", category: "home", blurb: "Stonewashed linen, 130 by 170 cm.", price: 7900, rating: 4.5 },
  { id: 11, name: "Arc Floor Lamp", category: "home", blurb: "Dimmable, brass arm, marble base.", price: 23900, rating: 4.4 },
  { id: 12, name: "Pour-over Kettle", category: "home", blurb: "Gooseneck spout, holds 60 to 100 °C.", price: 9900, rating: 4.7 },
  { id: 13, name: "Oak Side Table", category: "home", blurb: "Solid oak, oiled, assembles in minutes.", price: 15900, rating: 4.2 },
  { id: 14, name: "Herb Garden Kit", category: "home", blurb: "Self-watering pot with grow light.", price: 6900, rating: 4.0 },
  { id: 15, name: "Ridge 2 Tent", category: "outdoor", blurb: "Two-person, 1.6 kg, pitches in 3 minutes.", price: 32900, rating: 4.6 },
  { id: 16, name: "Summit Daypack", category: "outdoor", blurb: "28 L, rain cover, hip-belt pockets.", price: 11900, rating: 4.5 },
  { id: 17, name: "Canyon Headlamp", category: "outdoor", blurb: "400 lumens, red mode, USB-C.", price: 4900, rating: 4.3 },
  { id: 18, name: "Trail Stove", category: "outdoor", blurb: "Boils a litre in three minutes.", price: 6900, rating: 4.1 },
  { id: 19, name: "Down Quilt", category: "outdoor", blurb: "Rated to 2 °C, packs to a water bottle.", price: 28900, rating: 4.8 },
  { id: 20, name: "The Quiet Server", category: "books", blurb: "A novel about a web server that never crashed.", price: 1900, rating: 4.4 },
  { id: 21, name: "Patches, Not Pages", category: "books", blurb: "Server-driven UIs, from first render to diff.", price: 3900, rating: 4.7 },
  { id: 22, name: "Field Guide to Birds", category: "books", blurb: "800 species, illustrated, waterproof cover.", price: 2900, rating: 4.9 },
  { id: 23, name: "Slow Bread", category: "books", blurb: "Sourdough in 30 recipes and one starter.", price: 2400, rating: 4.6 },
  { id: 24, name: "Night Sky Atlas", category: "books", blurb: "Star charts for both hemispheres.", price: 3400, rating: 4.5 },
];

/** The products of `filter` (all of them for `"all"`), in catalogue order. */
export function productsOf(filter: Filter): readonly Product[] {
  return filter === "all" ? PRODUCTS : PRODUCTS.filter((p) => p.category === filter);
}

/** The display name of `filter`. */
export function filterName(filter: Filter): string {
  return filter === "all" ? "All products" : (CATEGORIES.find((c) => c.id === filter)?.name ?? filter);
}
