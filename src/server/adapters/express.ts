/**
 * The Express adapter (`import { reinExpress } from "rein/express"`).
 * @example
 * ```ts
 * const rein = createRein({ routes });
 * const app = express();
 * app.use(reinExpress(rein));
 * const server = app.listen(8000);
 * rein.attach(server); // WebSocket upgrades
 * ```
 * Mount it before body parsers: it also takes the HTTP fallback's POSTs (`/rein/post`), whose bodies it reads
 * itself, and serves its event stream (`/rein/sse`), which compression middleware must leave alone.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReinApp } from "../app.ts";

/**
 * Express (or Connect) middleware that serves Rein's pages, client and HTTP fallback transport, and passes other
 * requests on.
 */
export function reinExpress(app: ReinApp): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  return (req, res, next) => {
    if (!app.handle(req, res)) next();
  };
}
