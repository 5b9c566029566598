/**
 * A loopback HTTP reverse proxy that refuses WebSockets, as some corporate proxies do: it forwards every HTTP
 * request to the upstream server, streaming both ways (server-sent events arrive as they are written), and answers
 * every `Upgrade: websocket` with 403. The `Host` header goes through unchanged (as `proxy_set_header Host $host`
 * does), so the server's same-host Origin check sees the address the browser used.
 *
 * @example
 * ```ts
 * const proxy = await startNoUpgradeProxy(served.url);
 * await page.goto(proxy.url + "/counter"); // the client falls back to SSE + POST
 * expect(proxy.refusedUpgrades).toBeGreaterThanOrEqual(2);
 * await proxy.close();
 * ```
 * @module
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

/** A running proxy. */
export interface NoUpgradeProxy {
  /** Base URL of the proxy, e.g. `http://127.0.0.1:41235`. */
  url: string;
  /** WebSocket upgrades refused so far. */
  readonly refusedUpgrades: number;
  /** The paths of the requests forwarded so far, as `METHOD path`, in arrival order. */
  readonly requests: string[];
  /**
   * Cuts every open response (server-sent event streams among them) on the client side, as a network failure
   * would: the browser sees its stream end without a close event. The upstream connections are cut too.
   */
  dropStreams(): void;
  /** Stops the proxy and cuts what is open. */
  close(): Promise<void>;
}

/** Headers that describe one hop, never forwarded (RFC 9110, 7.6.1). */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"];

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

/** Starts a proxy on 127.0.0.1 (a free port) in front of `upstream` (a base URL). */
export async function startNoUpgradeProxy(upstream: string): Promise<NoUpgradeProxy> {
  const target = new URL(upstream);
  const open = new Set<{ res: ServerResponse; up: IncomingMessage | undefined }>();
  const sockets = new Set<Duplex>();
  const requests: string[] = [];
  let refusedUpgrades = 0;

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const entry: { res: ServerResponse; up: IncomingMessage | undefined } = { res, up: undefined };
    open.add(entry);
    res.on("close", () => open.delete(entry));
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwardable(req.headers) },
      (up) => {
        entry.up = up;
        res.writeHead(up.statusCode ?? 502, forwardable(up.headers));
        res.flushHeaders();
        up.pipe(res);
        up.on("error", () => res.destroy());
      },
    );
    out.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    res.on("close", () => {
      if (!res.writableFinished) out.destroy(); // the browser went away: so does the upstream request
    });
    req.pipe(out);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("upgrade", (_req: IncomingMessage, socket: Duplex) => {
    refusedUpgrades++;
    socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get refusedUpgrades() {
      return refusedUpgrades;
    },
    requests,
    dropStreams() {
      for (const { res, up } of open) {
        up?.destroy();
        res.destroy();
      }
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
