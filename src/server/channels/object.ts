/**
 * The `object` channel kind: a join frame naming a synced object's key opens an {@link ObjectChannel} for it. The
 * browser session comes from the join's token (a signed session id the page was given: `sessionToken`), else from
 * the session cookie of the socket's upgrade request, else the socket gets an anonymous session of its own.
 * @module
 */
import type { Session } from "../../live/context.ts";
import { type Channel, type ChannelHost, type ChannelOpener, type JoinRequest, JoinRefusal } from "../../session/channel.ts";
import type { SessionRegistry } from "../../session/sessions.ts";
import { MAX_KEY_LENGTH } from "../../sync/key-pattern.ts";
import { ObjectChannel } from "../../sync/object-channel.ts";
import type { ObjectRegistry } from "../../sync/registry.ts";
import { readCookie } from "../cookies.ts";
import { SESSION_COOKIE } from "../options.ts";
import type { Signer } from "../tokens.ts";

/** Who opens: the session id, and whether it was shown (signed) or made up for this socket. */
interface Identity {
  sessionId: string;
  anonymous: boolean;
}

/** Opens object channels for the synced objects of one server. */
export class ObjectChannelOpener implements ChannelOpener<Identity> {
  readonly kind = "object";
  readonly #registry: ObjectRegistry;
  readonly #signer: Signer;
  readonly #sessions: SessionRegistry;

  constructor(registry: ObjectRegistry, signer: Signer, sessions: SessionRegistry) {
    this.#registry = registry;
    this.#signer = signer;
    this.#sessions = sessions;
  }

  /** A forged session token closes the socket (as a forged view token does); no token: the cookie, else anonymous. */
  verify(request: JoinRequest): Identity | JoinRefusal {
    if (request.token !== "") {
      const sid = this.#signer.unsign(request.token);
      return sid ? { sessionId: sid, anonymous: false } : new JoinRefusal("close", "invalid session token");
    }
    const cookie = this.#signer.unsign(readCookie(request.cookie, SESSION_COOKIE) ?? "");
    return cookie ? { sessionId: cookie, anonymous: false } : { sessionId: `anon:${request.connectionId}`, anonymous: true };
  }

  open(request: JoinRequest, identity: Identity, host: ChannelHost): Channel | JoinRefusal {
    const key = request.url;
    if (key === "" || key.length > MAX_KEY_LENGTH) return new JoinRefusal("join_failed", `a synced object key has 1 to ${MAX_KEY_LENGTH} characters`);
    const session = identity.anonymous ? Promise.resolve({}) : this.#readSession(identity.sessionId);
    const channel = new ObjectChannel(
      request.ch,
      { key, sessionId: identity.sessionId, session, anonymous: identity.anonymous },
      request.version,
      request.origin,
      this.#registry,
      host,
    );
    return channel;
  }

  /** A copy of the browser session's data (what authorize and mount see). */
  async #readSession(sessionId: string): Promise<Readonly<Session>> {
    const shared = await this.#sessions.acquire(sessionId);
    try {
      return structuredClone(shared.data);
    } finally {
      this.#sessions.release(shared);
    }
  }
}
