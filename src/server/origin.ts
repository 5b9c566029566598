/**
 * The Origin check of a socket upgrade (cross-site WebSocket hijacking): a browser on another site must not
 * open a socket with the user's cookies.
 * @module
 */
import type { IncomingMessage } from "node:http";

/**
 * Whether an upgrade request's Origin is allowed: one of `allowed` when given, else the same host as the
 * request's `Host` header. Requests without an `Origin` header (not browsers) are allowed; they still need a
 * signed join token.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[] | undefined): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed) return allowed.includes(origin);
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
