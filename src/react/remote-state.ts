/**
 * The hooks' common ground: open a synced object of the provider's client and read its state, `ready` and
 * `pending` through `useSyncExternalStore`.
 * @module
 */
import { useMemo, useSyncExternalStore } from "react";
import type { RemoteObject, SyncClient } from "../client/sync/types.ts";
import { useSyncClient } from "./context.ts";

/** What a component shows of a synced object: its state, whether the server's has arrived, what is unacknowledged. */
export interface RemoteSnapshot<T> {
  /** `RemoteObject.get()`: the server's state with this client's pending changes on top (`initial` before it). */
  readonly state: T;
  /** Whether the server's state has arrived. */
  readonly ready: boolean;
  /** Local changes the server has not acknowledged yet. */
  readonly pending: number;
}

/**
 * A cached {@link RemoteSnapshot} of one object: the same object until the state, `ready` or `pending` changes, as
 * `useSyncExternalStore` wants. Read again on every change of the state, every refused patch and every change of
 * the connection (when `pending` and `ready` may change).
 */
export class SnapshotSource<T> {
  readonly #remote: RemoteObject<T>;
  readonly #client: SyncClient;
  #snapshot: RemoteSnapshot<T> | undefined;

  constructor(remote: RemoteObject<T>, client: SyncClient) {
    this.#remote = remote;
    this.#client = client;
  }

  /** `useSyncExternalStore`'s subscribe: the object's changes, its refused patches, the connection's changes. */
  readonly subscribe = (listener: () => void): (() => void) => {
    const offs = [
      this.#remote.subscribe(listener),
      this.#remote.onError(() => listener()),
      this.#client.onStatus(listener),
    ];
    return () => offs.forEach((off) => off());
  };

  /** `useSyncExternalStore`'s getSnapshot: the same object while nothing it holds changed. */
  readonly getSnapshot = (): RemoteSnapshot<T> => {
    const remote = this.#remote;
    const state = remote.get();
    const { ready, pending } = remote;
    const last = this.#snapshot;
    if (last && last.state === state && last.ready === ready && last.pending === pending) return last;
    return (this.#snapshot = { state, ready, pending });
  };
}

/**
 * Opens `key` on the provider's client (the same handle for every component using the key; `initial` counts for
 * the first) and subscribes the component to it. Objects stay open for the client's life (as in ws-sync-react):
 * several hooks and stores share one handle, so no single hook may close it.
 * @throws Error outside a `SyncProvider`.
 */
export function useRemoteObject<T extends object>(
  key: string,
  initial: T,
): { remote: RemoteObject<T>; snapshot: RemoteSnapshot<T> } {
  const client = useSyncClient();
  // `initial` is what is shown until the server's state arrives: a new literal every render changes nothing.
  const remote = useMemo(() => client.open(key, initial), [client, key]);
  const source = useMemo(() => new SnapshotSource(remote, client), [remote, client]);
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
  return { remote, snapshot };
}
