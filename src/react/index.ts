/**
 * `rein/react`: React bindings for Rein's synced objects, on the browser store `rein/sync` (`connectSync`). The
 * API of ws-sync-react 0.8 in Rein's names:
 *
 * | ws-sync-react | rein/react |
 * |---|---|
 * | `SessionProvider` (`url`) | {@link SyncProvider} (`url`, `token`, or an existing `client`), {@link useSyncClient}, {@link useConnected} |
 * | `useSynced(key, initial)` (state spread, `setX`/`syncX`) | {@link useSynced} (`.state`, typed `.set(field, value)`, `.action`, ...) |
 * | `useSyncedReducer` (Immer reducer, `sync()`) | {@link useSyncedReducer} (`[state, dispatch, { sync, ... }]`) |
 * | `useObserved` | {@link useObserved} |
 * | `useRemoteToast(session, toast)` | {@link useRemoteToast} (`handler`, or a bounded list with `dismiss`) |
 * | `startTask` / `cancelTask` / `runningTasks` | {@link useTask} (`start`, `cancel`, `status`, `result`, `error`) |
 * | zustand `synced` middleware | {@link synced} |
 *
 * State types come from one module shared by the server and the browser that exports the object's zod schema and
 * `type Board = z.infer<typeof BoardSchema>`: `useSynced<Board>("board", initial)`.
 * @module
 */
export { SyncContext, useSyncClient } from "./context.ts";
export { SyncProvider, type SyncProviderProps } from "./provider.ts";
export { useConnected } from "./connected.ts";
export type { RemoteSnapshot } from "./remote-state.ts";
export { useSynced, type RemoteCalls, type Synced } from "./use-synced.ts";
export { useObserved } from "./use-observed.ts";
export {
  useSyncedReducer,
  type SyncedReducer,
  type SyncedReducerControls,
  type SyncedReducerOptions,
  type SyncedReducerResult,
} from "./use-synced-reducer.ts";
export { toJsonPatch } from "./immer-patches.ts";
export {
  DEFAULT_MAX_TOASTS,
  useRemoteToast,
  type RemoteToast,
  type RemoteToastOptions,
  type RemoteToasts,
} from "./use-remote-toast.ts";
export { useTask, type TaskHandle, type TaskStatus, type TaskTarget } from "./use-task.ts";
export {
  synced,
  type Synced as SyncedMiddleware,
  type SyncedStoreControls,
  type SyncedStoreOptions,
  type WithSynced,
} from "./zustand.ts";
export type { JsonObject } from "./json.ts";
export type { RemoteObject, SyncClient, SyncError, Toast } from "../client/sync/types.ts";
export type { JsonPatchOp, JsonValue } from "../protocol/sync.ts";
