/**
 * {@link useConnected}: whether the socket is open.
 * @module
 */
import { useCallback, useSyncExternalStore } from "react";
import { useSyncClient } from "./context.ts";

/**
 * Whether the provider's socket is open now; the component re-renders when that changes (ws-sync-react's
 * `session.isConnected` with `onConnectionChange`). While it is `false`, changes are queued by the store and sent
 * after the reconnect.
 * @throws Error outside a `SyncProvider`.
 */
export function useConnected(): boolean {
  const client = useSyncClient();
  const subscribe = useCallback((listener: () => void) => client.onStatus(listener), [client]);
  const getConnected = useCallback(() => client.connected, [client]);
  return useSyncExternalStore(subscribe, getConnected, getConnected);
}
