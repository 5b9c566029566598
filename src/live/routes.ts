/**
 * Routing of paths to LiveViews. Mirrors djust's `live_urlpatterns` and Phoenix's `live "/path", View`.
 * @module
 */
import type { LiveViewClass, Params } from "./liveview.ts";

/** One live route. */
export interface LiveRoute {
  /** Path pattern: literal segments and `:name` parameters, e.g. `"/users/:id"`. */
  path: string;
  /** The LiveView class to serve. */
  view: LiveViewClass;
  /** Page title; defaults to the view's `static title`. */
  title?: string;
  /**
   * More LiveViews on the same page, rendered after {@link view} in this order, each in its own `[rein-view]`
   * container with its own token, channel, state and handlers (a dashboard's filter sidebar and product list).
   * They share the browser session; they talk over the client state bus (`@clientState`) or PubSub, never
   * through each other's fields. Each gets the route's parameters.
   */
  also?: readonly LiveViewClass[];
}

/**
 * The view classes of a route's page in page order: its `view`, then its {@link LiveRoute.also} views. A join
 * token names one by its index here.
 */
export function pageViews(route: LiveRoute): readonly LiveViewClass[] {
  return route.also?.length ? [route.view, ...route.also] : [route.view];
}

/** A compiled route table. */
export interface RouteTable {
  readonly routes: readonly LiveRoute[];
  /** Finds the route of a pathname and its parameters (decoded), or `undefined`. */
  match(pathname: string): { route: LiveRoute; params: Params } | undefined;
}

/**
 * Compiles live routes.
 * @throws Error when a path does not start with `/` or two routes have the same pattern; TypeError when `also` is
 * not an array of view classes.
 * @example `liveRoutes([{ path: "/counter", view: CounterView }, { path: "/users/:id", view: UserView }])`
 */
export function liveRoutes(routes: LiveRoute[]): RouteTable {
  const compiled = routes.map((route) => {
    if (!route.path.startsWith("/")) throw new Error(`route path must start with "/": ${route.path}`);
    if (route.also !== undefined && (!Array.isArray(route.also) || route.also.some((v) => typeof v !== "function"))) {
      throw new TypeError(`route ${route.path}: also must be an array of LiveView classes`);
    }
    const names: string[] = [];
    const source = route.path
      .split("/")
      .map((seg) => {
        if (seg.startsWith(":")) {
          names.push(seg.slice(1));
          return "([^/]+)";
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    return { route, names, re: new RegExp(`^${source === "" ? "/" : source}/?$`) };
  });
  const seen = new Set<string>();
  for (const c of compiled) {
    if (seen.has(c.re.source)) throw new Error(`duplicate live route: ${c.route.path}`);
    seen.add(c.re.source);
  }
  return {
    routes,
    match(pathname) {
      for (const c of compiled) {
        const m = c.re.exec(pathname);
        if (!m) continue;
        const params: Params = {};
        c.names.forEach((n, i) => {
          try {
            params[n] = decodeURIComponent(m[i + 1]!);
          } catch {
            params[n] = m[i + 1]!;
          }
        });
        return { route: c.route, params };
      }
      return undefined;
    },
  };
}
