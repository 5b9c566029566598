/**
 * The first paint: a GET of a live route mounts the view, renders it to HTML (works without JavaScript), stores
 * its state under a fresh view id and signs a join token for it, so that the socket join restores this very state
 * instead of mounting a second time. A route with `also` views does the same for each, one container after the
 * other.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pageViews, type RouteTable } from "../live/routes.ts";
import { renderView } from "../live/render.ts";
import {
  buildView,
  type EngineDeps,
  paramsOf,
  storedState,
  staticContext,
  viewKey,
} from "../session/lifecycle.ts";
import { escapeText, toHtml } from "../vdom/serialize.ts";
import type { VNode } from "../vdom/vnode.ts";
import { readCookie, sessionCookie } from "./cookies.ts";
import { ATTR } from "../protocol/attributes.ts";
import type { PageParts } from "./layout.ts";
import { CLIENT_PATH, FALLBACK_PATH, type ReinTransport, SESSION_COOKIE } from "./options.ts";
import { randomId, type Signer } from "./tokens.ts";

/** What page rendering needs. */
export interface PageDeps {
  engine: EngineDeps;
  routes: RouteTable;
  signer: Signer;
  layout: (page: PageParts) => string;
  tokenTtlMs: number;
  /** TTL of the stored state until the first join, in ms. */
  pageTtlMs: number;
  secureCookies: boolean;
  /** `"http"`: the page loads the HTTP fallback's script before the client's, so the client never opens a socket. */
  transport?: ReinTransport;
}

/** Renders the page of a live route. Errors answer 500 (with the message when `debug`). */
export async function renderPage(deps: PageDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const match = deps.routes.match(url.pathname)!;
  const { engine } = deps;
  const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
  let sid = deps.signer.unsign(readCookie(req.headers.cookie, SESSION_COOKIE) ?? "");
  if (!sid) {
    sid = randomId();
    const maxAge = Math.floor(engine.sessionTtlMs / 1000);
    headers["set-cookie"] = sessionCookie(SESSION_COOKIE, deps.signer.sign(sid), maxAge, deps.secureCookies);
  }
  try {
    const classes = pageViews(match.route);
    const shared = await engine.sessions.acquire(sid);
    const trees: { viewId: string; tree: VNode[] }[] = [];
    try {
      for (const cls of classes) {
        const viewId = randomId();
        const view = await buildView(cls, paramsOf(match.params, url), url, staticContext(shared.data, engine.log), undefined);
        trees.push({ viewId, tree: renderView(view, engine.templates) });
        await engine.backend.set(viewKey(viewId), storedState(view), deps.pageTtlMs);
      }
      await engine.sessions.save(shared);
    } catch (err) {
      engine.sessions.rollback(shared);
      throw err;
    } finally {
      engine.sessions.release(shared);
    }
    const e = Date.now() + deps.tokenTtlMs;
    const containers = trees.map(({ viewId, tree }, v) => {
      // `v` only for the `also` views: the tokens of one-view pages keep their shape.
      const token = deps.signer.signJoin({ p: url.pathname + url.search, k: viewId, s: sid, e, ...(v ? { v } : {}) });
      return `<div ${ATTR.view} ${ATTR.token}="${token}">${toHtml(tree)}</div>`;
    });
    // The fallback's bundle first: it sets `window.rein.transport`, which the client then uses instead of a socket.
    const fallback = deps.transport === "http" ? `<script src="${FALLBACK_PATH}" type="module"></script>` : "";
    const body = `${containers.join("")}${fallback}<script src="${CLIENT_PATH}" type="module"></script>`;
    const title = match.route.title ?? match.route.view.title ?? url.pathname;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : deps.layout({ title: escapeText(title), head: "", body, path: url.pathname }));
  } catch (err) {
    engine.log(`rendering ${url.pathname} failed`, err);
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end(engine.debug && err instanceof Error ? `500: ${err.message}\n` : "500: internal error\n");
  }
}
