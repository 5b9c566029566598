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
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReinApp } from "../app.ts";

/** Express (or Connect) middleware that serves Rein's pages and client, and passes other requests on. */
export function reinExpress(app: ReinApp): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  return (req, res, next) => {
    if (!app.handle(req, res)) next();
  };
}
