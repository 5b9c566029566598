/**
 * {@link useObserved}: a synced object's state, read only.
 * @module
 */
import { useRemoteObject } from "./remote-state.ts";

/**
 * The state of the synced object `key`, read only: the component re-renders when it changes; `initial` until the
 * server's state arrives (ws-sync-react's `useObserved(key, initial)`). For an object the browser only shows:
 * server-owned progress, a feed, presence. To change it or call its actions, use `useSynced`.
 * @throws Error outside a `SyncProvider`.
 */
export function useObserved<T extends object>(key: string, initial: T): Readonly<T> {
  return useRemoteObject(key, initial).snapshot.state;
}
