/**
 * The error the sync store rejects promises with and hands to `onError` listeners.
 * @module
 */
import type { ErrorCode } from "../../protocol/frames.ts";
import type { SyncError } from "./types.ts";

/** A {@link SyncError}: an `Error` with the server's (or the store's) error `code` and `message`. */
export const syncError = (code: ErrorCode, message: string): SyncError =>
  Object.assign(new Error(message), { code, name: "SyncError" });
