/**
 * Who a ws-sync socket is, for its objects' `authorize`, `mount` and per-session scope: the ids of ws-sync's
 * `_USER_SESSION` handshake, else Rein's session cookie on the upgrade request, else an anonymous session of the
 * socket alone.
 * @module
 */
import type { SessionRegistry } from "../../session/sessions.ts";
import { readCookie } from "../cookies.ts";
import { SESSION_COOKIE } from "../options.ts";
import type { Signer } from "../tokens.ts";

/** A socket's session: its id, and whether it is unauthenticated (then objects see no session data). */
export interface WsSyncIdentity {
  readonly sessionId: string;
  readonly anonymous: boolean;
}

/**
 * The identity of ws-sync's `_USER_SESSION` handshake: session id `ws-sync:<user>/<session>` (each id URI-encoded).
 * Always anonymous: the ids are made up by the browser (uuids in its storage) and prove nothing, so objects get
 * no session data with them, only a stable id for `scope: "session"` objects; authorize with a cookie.
 */
export function handshakeIdentity(user: string, session: string): WsSyncIdentity {
  return { sessionId: `ws-sync:${encodeURIComponent(user)}/${encodeURIComponent(session)}`, anonymous: true };
}

/**
 * The identity of an upgrade request: its signed Rein session cookie when valid, else `anon:ws-sync:<socketId>`.
 * @param cookie - the request's `Cookie` header.
 */
export function cookieIdentity(cookie: string | undefined, signer: Signer, socketId: string): WsSyncIdentity {
  const sid = signer.unsign(readCookie(cookie, SESSION_COOKIE) ?? "");
  return sid ? { sessionId: sid, anonymous: false } : { sessionId: `anon:ws-sync:${socketId}`, anonymous: true };
}

/**
 * A copy of the browser session's data (what `authorize` and `mount` see); `{}` for an anonymous identity.
 * @throws (rejects) what the state backend throws while loading the session.
 */
export async function sessionData(identity: WsSyncIdentity, sessions: SessionRegistry): Promise<Readonly<Record<string, unknown>>> {
  if (identity.anonymous) return {};
  const shared = await sessions.acquire(identity.sessionId);
  try {
    return structuredClone(shared.data);
  } finally {
    sessions.release(shared);
  }
}
