/**
 * The React context holding the {@link SyncClient} of a {@link SyncProvider}, and {@link useSyncClient}.
 * @module
 */
import { createContext, useContext } from "react";
import type { SyncClient } from "../client/sync/types.ts";

/** The client of the nearest `SyncProvider`; `null` outside one (or before its client exists). */
export const SyncContext = createContext<SyncClient | null>(null);

/**
 * The {@link SyncClient} of the nearest `SyncProvider` (ws-sync-react: `useContext(DefaultSessionContext)`).
 * Every hook of `rein/react` reaches the server through it.
 * @throws Error when no `SyncProvider` is above the calling component.
 */
export function useSyncClient(): SyncClient {
  const client = useContext(SyncContext);
  if (!client) {
    throw new Error(
      "useSyncClient: no SyncProvider above this component. Wrap the tree in <SyncProvider url=...> " +
        "(or <SyncProvider client={connectSync(...)}>).",
    );
  }
  return client;
}
