/**
 * The Fastify adapter (`import { reinFastify } from "rein/fastify"`).
 * @example
 * ```ts
 * const rein = createRein({ routes });
 * const app = Fastify();
 * await app.register(reinFastify(rein));
 * app.get("/health", async () => ({ ok: true })); // the app's own routes work beside Rein's
 * await app.listen({ port: 8000 });
 * ```
 * The plugin takes Rein's requests in an `onRequest` hook (so before Fastify routes them or parses their bodies: the
 * HTTP fallback's POSTs are read raw), answers them on the raw node response (`reply.hijack()`), attaches Rein's
 * WebSocket upgrade handler to `app.server`, and closes Rein when Fastify closes (`preClose`: sockets first, or the
 * server would wait for them). It is not encapsulated (the `skip-override` mark that `fastify-plugin` sets), so it
 * sees every request, whatever the prefix it is registered with.
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance, FastifyPluginCallback } from "fastify";
import type { ReinApp } from "../app.ts";

/** Options of {@link reinFastify}. */
export interface ReinFastifyOptions {
  /** Close the Rein app (sockets, streams, stored state) when Fastify closes. Default `true`. */
  closeWithFastify?: boolean;
}

/**
 * A Fastify plugin that serves Rein's pages, client, assets, HTTP fallback transport and WebSocket; other requests go
 * to Fastify's routes, and other upgrades to the server's other `upgrade` listeners (e.g. `@fastify/websocket`).
 */
export function reinFastify(rein: ReinApp, options: ReinFastifyOptions = {}): FastifyPluginCallback {
  const plugin: FastifyPluginCallback = (fastify: FastifyInstance, _opts, done) => {
    fastify.addHook("onRequest", (request, reply, next) => {
      // Hijacked: Fastify leaves the raw response to Rein and stops this request's lifecycle (`next` is a no-op).
      if (rein.handle(request.raw, reply.raw)) reply.hijack();
      next();
    });
    const server = fastify.server;
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Another listener may own the socket; with none, nobody would ever answer it.
      if (!rein.upgrade(req, socket, head) && server.listenerCount("upgrade") === 1) socket.destroy();
    };
    server.on("upgrade", onUpgrade);
    fastify.addHook("preClose", async () => {
      server.off("upgrade", onUpgrade);
      if (options.closeWithFastify ?? true) await rein.close();
    });
    done();
  };
  // What `fastify-plugin` does: the hooks apply to the whole app, not only to routes registered inside the plugin.
  (plugin as unknown as Record<symbol, unknown>)[Symbol.for("skip-override")] = true;
  (plugin as unknown as Record<symbol, unknown>)[Symbol.for("fastify.display-name")] = "rein";
  return plugin;
}
