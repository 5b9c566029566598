/**
 * `npm start`: serves the demo gallery on HOST:PORT (default 127.0.0.1:8000) and prints its address.
 * @module
 */
import { serve } from "rein";
import { createGalleryApp } from "./app.ts";

const host = process.env["HOST"] ?? "127.0.0.1";
const port = Number(process.env["PORT"] ?? 8000);

const served = await serve(createGalleryApp(), { host, port, announce: (url) => console.log(`Rein demo gallery: ${url}/`) });

// Ctrl-C / SIGTERM: close sockets (views save their state) before exiting.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void served.close().then(() => process.exit(0));
  });
}
