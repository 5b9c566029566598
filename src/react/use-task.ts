/**
 * {@link useTask}: one `@task()` of a synced object, with its status.
 * @module
 */
import { useCallback, useMemo, useRef, useState } from "react";
import type { RemoteObject, SyncError } from "../client/sync/types.ts";
import type { JsonValue } from "../protocol/sync.ts";
import type { JsonObject } from "./json.ts";

/** What {@link useTask} needs: a `RemoteObject`, or what `useSynced` / `useSyncedReducer`'s controls return. */
export type TaskTarget = Pick<RemoteObject<unknown>, "startTask" | "cancelTask">;

/** Where a task started by {@link useTask} is. */
export type TaskStatus = "idle" | "running" | "done" | "failed" | "cancelled";

/** What {@link useTask} returns. */
export interface TaskHandle {
  /** `"idle"` before the first start; then the status of the latest start. */
  readonly status: TaskStatus;
  /** `status === "running"`. */
  readonly running: boolean;
  /** What the latest run returned (`undefined` until one is done). */
  readonly result: JsonValue | undefined;
  /** Why the latest run failed (a `SyncError`: `task_failed`, `task_running`, ...); `undefined` otherwise. */
  readonly error: SyncError | Error | undefined;
  /**
   * Starts the task with `params`. Resolves with its result, or `undefined` when it failed or was cancelled (then
   * `status` and `error` tell): it never rejects, so `onClick={() => task.start()}` needs no catch.
   */
  start(params?: JsonObject): Promise<JsonValue | undefined>;
  /** Cancels the running task: the latest run becomes `"cancelled"`. Rejections of the cancel itself go to `error`. */
  cancel(): Promise<void>;
}

interface TaskState {
  status: TaskStatus;
  result: JsonValue | undefined;
  error: SyncError | Error | undefined;
}

const IDLE: TaskState = { status: "idle", result: undefined, error: undefined };

function isCancelled(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "task_cancelled";
}

function toError(error: unknown): SyncError | Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The `@task()` method `name` of a synced object (tasks run on the server, outside the object's queue, and can be
 * cancelled): `start(params)`, `cancel()`, and the latest run's `status`, `result` and `error`. ws-sync-react has
 * `startTask`/`cancelTask` and a `runningTasks` field; this hook is Rein's, so a button can show a spinner and the
 * outcome without its own state.
 *
 * ```ts
 * const board = useSynced<Board>("board", initial);
 * const importer = useTask(board, "importCards");
 * <button disabled={importer.running} onClick={() => importer.start({ url })}>Import</button>
 * ```
 * Only the latest start updates the state: a run started before another one ends unseen.
 */
export function useTask(target: TaskTarget, name: string): TaskHandle {
  const [state, setState] = useState<TaskState>(IDLE);
  const latest = useRef(0);
  const start = useCallback(
    async (params?: JsonObject): Promise<JsonValue | undefined> => {
      const run = ++latest.current;
      setState({ status: "running", result: undefined, error: undefined });
      try {
        const result = await target.startTask(name, params);
        if (run === latest.current) setState({ status: "done", result, error: undefined });
        return result;
      } catch (error) {
        if (run === latest.current) {
          setState(
            isCancelled(error)
              ? { status: "cancelled", result: undefined, error: undefined }
              : { status: "failed", result: undefined, error: toError(error) },
          );
        }
        return undefined;
      }
    },
    [target, name],
  );
  const cancel = useCallback(async (): Promise<void> => {
    try {
      await target.cancelTask(name);
    } catch (error) {
      setState((current) => ({ ...current, error: toError(error) }));
    }
  }, [target, name]);
  return useMemo(
    () => ({ ...state, running: state.status === "running", start, cancel }),
    [state, start, cancel],
  );
}
