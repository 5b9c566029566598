/**
 * {@link useRemoteToast}: the toasts the server sends.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Toast } from "../client/sync/types.ts";
import { useSyncClient } from "./context.ts";

/** A toast kept by {@link useRemoteToast}: the server's toast with an id for React keys and `dismiss`. */
export interface RemoteToast extends Toast {
  /** Unique within the hook instance, increasing. */
  readonly id: number;
}

/** Options of {@link useRemoteToast}. */
export interface RemoteToastOptions {
  /** How many toasts the list keeps (the newest). Default 5. */
  max?: number;
  /** Only toasts of the object with this key. Default: every object's. */
  key?: string;
}

/** What {@link useRemoteToast} returns. */
export interface RemoteToasts {
  /** The newest toasts, oldest first, at most `max` (empty when a handler takes them). */
  readonly toasts: readonly RemoteToast[];
  /** Removes the toast `id` from the list. */
  dismiss(id: number): void;
  /** Empties the list. */
  clear(): void;
}

/** How many toasts {@link useRemoteToast} keeps by default. */
export const DEFAULT_MAX_TOASTS = 5;

/**
 * The toasts the server sends (`this.toast(message, type)` on a synced object; ws-sync's `_TOAST`), for every
 * object of the provider's client. Given `handler`, each toast goes to it (a toast library's function, as
 * ws-sync-react's `useRemoteToast(session, toast)`: `(t) => toast[t.type](t.message)`) and the list stays empty;
 * without, the hook keeps the newest `max` (default 5) for the component to render, each with an `id`.
 * `handler` may be a new function every render.
 * @throws Error outside a `SyncProvider`.
 */
export function useRemoteToast(handler?: (toast: Toast) => void, options?: RemoteToastOptions): RemoteToasts {
  const client = useSyncClient();
  const [toasts, setToasts] = useState<readonly RemoteToast[]>([]);
  const handlerRef = useRef(handler);
  const nextId = useRef(0);
  const max = Math.max(0, options?.max ?? DEFAULT_MAX_TOASTS);
  const key = options?.key;
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(
    () =>
      client.onToast((toast) => {
        if (key !== undefined && toast.key !== key) return;
        if (handlerRef.current) return handlerRef.current(toast);
        const entry: RemoteToast = { ...toast, id: ++nextId.current };
        setToasts((list) => [...list, entry].slice(Math.max(0, list.length + 1 - max)));
      }),
    [client, key, max],
  );
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const clear = useCallback(() => setToasts([]), []);
  return { toasts, dismiss, clear };
}
