import { serve } from "rein";
import { app } from "./app.js";

// HOST and PORT choose where to listen (PORT=0: any free port); serve() prints the URL.
const host = process.env["HOST"] ?? "127.0.0.1";
const port = Number(process.env["PORT"] ?? 3000);

const served = await serve(app, { host, port });

// Stop cleanly on Ctrl+C, and when `node --watch` restarts the server.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void served.close().then(() => process.exit(0));
  });
}
