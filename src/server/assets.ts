/**
 * Serving of fixed files: the client runtime and the application's assets. Read once, kept in memory with a
 * gzip copy and an ETag; small by nature (the client is a few KB).
 * @module
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

interface Cached {
  body: Buffer;
  gzip: Buffer | undefined;
  etag: string;
  type: string;
}

/** Serves files by URL path. */
export class AssetServer {
  readonly #files = new Map<string, string>();
  readonly #cache = new Map<string, Promise<Cached>>();
  readonly #reload: boolean;

  /**
   * @param files - URL path to file path.
   * @param reload - read files again on each request (development), else once.
   */
  constructor(files: Record<string, string>, reload: boolean) {
    for (const [url, file] of Object.entries(files)) this.#files.set(url, file);
    this.#reload = reload;
  }

  /** Whether a URL path is served here. */
  has(path: string): boolean {
    return this.#files.has(path);
  }

  /** Serves a file; a missing file answers 500 with its path in the message. */
  async serve(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.#files.get(path)!;
    let entry = this.#reload ? undefined : this.#cache.get(path);
    if (!entry) {
      entry = load(file);
      this.#cache.set(path, entry);
    }
    let c: Cached;
    try {
      c = await entry;
    } catch {
      this.#cache.delete(path);
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`cannot read ${file}${file.endsWith("rein.js") ? ": run `npm run build:client` first" : ""}\n`);
      return;
    }
    if (req.headers["if-none-match"] === c.etag) {
      res.writeHead(304, { etag: c.etag });
      res.end();
      return;
    }
    const gz = c.gzip && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    res.writeHead(200, {
      "content-type": c.type,
      "cache-control": "no-cache",
      etag: c.etag,
      vary: "accept-encoding",
      "content-length": (gz ? c.gzip! : c.body).length,
      ...(gz ? { "content-encoding": "gzip" } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : gz ? c.gzip : c.body);
  }
}

async function load(file: string): Promise<Cached> {
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? "application/octet-stream";
  const compressible = /^text\/|json|svg/.test(type) && body.length > 256;
  return {
    body,
    gzip: compressible ? gzipSync(body, { level: 9 }) : undefined,
    etag: `"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`,
    type,
  };
}
