/**
 * The `view` channel kind: a join frame carrying a page's signed token opens the LiveView the page rendered.
 * @module
 */
import { pageViews, type RouteTable } from "../../live/routes.ts";
import { type Channel, type ChannelHost, type ChannelOpener, type JoinRequest, JoinRefusal } from "../../session/channel.ts";
import type { EngineDeps } from "../../session/lifecycle.ts";
import { parseUrl, ViewChannel } from "../../session/view-channel.ts";
import type { JoinClaims, Signer } from "../tokens.ts";

/** The origin of URLs given as paths only (tokens carry path and query). */
const STAND_IN_ORIGIN = "http://rein.invalid";

/** Opens view channels: checks the join token, finds the route of its path, and starts a {@link ViewChannel}. */
export class ViewChannelOpener implements ChannelOpener<JoinClaims> {
  readonly kind = "view";
  readonly #deps: EngineDeps;
  readonly #routes: RouteTable;
  readonly #signer: Signer;

  constructor(deps: EngineDeps, routes: RouteTable, signer: Signer) {
    this.#deps = deps;
    this.#routes = routes;
    this.#signer = signer;
  }

  /** A forged or expired token is a policy violation: the socket closes, the client reloads for a fresh token. */
  verify(request: JoinRequest): JoinClaims | JoinRefusal {
    return this.#signer.verifyJoin(request.token) ?? new JoinRefusal("close", "invalid or expired join token");
  }

  /**
   * Starts the view of the token's path (the route's `view`, or the one of its `also` views the token's `v`
   * names). The page URL the client reports is used when it is the same page (it may carry a newer hash or
   * query); otherwise the token's own path.
   */
  open(request: JoinRequest, claims: JoinClaims, host: ChannelHost): Channel | JoinRefusal {
    const tokenUrl = new URL(claims.p, STAND_IN_ORIGIN);
    const match = this.#routes.match(tokenUrl.pathname);
    const viewClass = match && pageViews(match.route)[claims.v ?? 0];
    if (!match || !viewClass) return new JoinRefusal("join_failed", `no live route for ${tokenUrl.pathname}`);
    const url = parseUrl(request.url);
    const sameView = url && url.pathname === tokenUrl.pathname;
    return new ViewChannel(
      request.ch,
      { viewClass, routeParams: match.params, viewId: claims.k, sessionId: claims.s, url: sameView ? url : tokenUrl },
      this.#deps,
      host,
    );
  }
}
