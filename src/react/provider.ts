/**
 * {@link SyncProvider}: one {@link SyncClient} for a React tree.
 * @module
 */
import { createElement, useEffect, useState, type ReactElement, type ReactNode } from "react";
import { connectSync } from "../client/sync/index.ts";
import type { SyncClient } from "../client/sync/types.ts";
import { SyncContext } from "./context.ts";

/** The props of {@link SyncProvider}. */
export interface SyncProviderProps {
  /** The socket's URL (`connectSync`'s `url`). Default: `/rein/ws` on the page's host. */
  url?: string;
  /** A signed session token (`connectSync`'s `token`). Default: the session cookie. */
  token?: string;
  /**
   * An existing client to provide instead of creating one (tests, a client shared with code outside React). The
   * provider never closes a client it was given.
   */
  client?: SyncClient;
  /** The tree that uses the client (rendered once the client exists). */
  children?: ReactNode;
}

/**
 * Provides a {@link SyncClient} to the hooks below it (ws-sync-react's `SessionProvider`, which takes `url` too).
 *
 * Without `client`, it creates one with `connectSync({ url, token })` when it mounts, a new one when `url` or
 * `token` changes, and closes it when it unmounts (or on that change). Its children render from the moment the
 * client exists: the first commit of a provider that creates its client renders nothing (the client is made in
 * an effect, so React's StrictMode and server rendering never leak a socket). With `client`, children render at
 * once.
 *
 * Which objects are open is up to the hooks; the socket connects and reconnects by itself (there is no
 * `autoconnect` prop: Rein's client always connects).
 */
export function SyncProvider(props: SyncProviderProps): ReactElement {
  const { url, token, client: given, children } = props;
  const [own, setOwn] = useState<SyncClient | null>(null);
  useEffect(() => {
    if (given) return undefined;
    const created = connectSync({ url, token });
    setOwn(created);
    return () => {
      created.close();
      setOwn((current) => (current === created ? null : current));
    };
  }, [given, url, token]);
  const client = given ?? own;
  return createElement(SyncContext.Provider, { value: client }, client ? children : null);
}
