/**
 * The node:http adapter: the default way to run a Rein app.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReinApp } from "../app.ts";

/** Options of {@link serve}. */
export interface ServeOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string | undefined;
  /** Port; `0` picks a free one. Default 8000. */
  port?: number | undefined;
  /** Answers requests that are not Rein's. Default: 404. */
  fallback?: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  /**
   * Says where the server listens once it does: `true` prints `Rein listening on http://127.0.0.1:8000` to
   * stdout, a function receives the URL instead, `false` says nothing. Default: `true`, except under Vitest
   * (`VITEST` set), where tests start servers by the dozen.
   */
  announce?: boolean | ((url: string) => void) | undefined;
}

/** A running server. */
export interface Served {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** Stops accepting, closes sockets (views store their state), then resolves. */
  close(): Promise<void>;
}

/** Starts a node:http server for a Rein app. Resolves once listening. */
export async function serve(app: ReinApp, options: ServeOptions = {}): Promise<Served> {
  const fallback =
    options.fallback ??
    ((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("404: not found\n");
    });
  const server = createServer((req, res) => {
    if (!app.handle(req, res)) fallback(req, res);
  });
  app.attach(server);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8000, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const announce = options.announce ?? !process.env["VITEST"];
  if (typeof announce === "function") announce(url);
  else if (announce) console.log(`Rein listening on ${url}`);
  return {
    server,
    url,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      await app.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
