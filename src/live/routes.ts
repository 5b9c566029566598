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
}

/** A compiled route table. */
export interface RouteTable {
  readonly routes: readonly LiveRoute[];
  /** Finds the route of a pathname and its parameters (decoded), or `undefined`. */
  match(pathname: string): { route: LiveRoute; params: Params } | undefined;
}

/**
 * Compiles live routes.
 * @throws Error when a path does not start with `/` or two routes have the same pattern.
 * @example `liveRoutes([{ path: "/counter", view: CounterView }, { path: "/users/:id", view: UserView }])`
 */
export function liveRoutes(routes: LiveRoute[]): RouteTable {
  const compiled = routes.map((route) => {
    if (!route.path.startsWith("/")) throw new Error(`route path must start with "/": ${route.path}`);
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
