/**
 * A loopback TCP proxy for failover tests: each new connection goes to the first target that accepts it, in
 * order. While process A lives, browsers reach A; once A is dead (connection refused), they reach B, as behind a
 * load balancer that health-checks by trying.
 */
import { createServer, Socket, type Server } from "node:net";

/** A running proxy. */
export interface FailoverProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port in front of `targets` (ports on 127.0.0.1). */
export function startFailoverProxy(targets: number[]): Promise<FailoverProxy> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.pause();
    client.once("close", () => open.delete(client));
    const tryTarget = (i: number) => {
      if (i >= targets.length) return client.destroy();
      const upstream = new Socket();
      let connected = false;
      upstream.once("error", () => {
        if (!connected) tryTarget(i + 1);
        else client.destroy();
      });
      upstream.connect(targets[i]!, "127.0.0.1", () => {
        connected = true;
        open.add(upstream);
        upstream.once("close", () => (open.delete(upstream), client.destroy()));
        client.once("close", () => upstream.destroy());
        client.on("error", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryTarget(0);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            for (const s of open) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
