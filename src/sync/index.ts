/**
 * Synced objects on the server (ws-sync's model on Rein's socket): `SyncedObject`, `@action()`, `@task()`, and
 * the types they use. See docs/sync.md.
 * @module
 */
export { SyncedObject, type SyncedClass, type SyncRequest } from "./synced-object.ts";
export { action, task, type ActionOptions, type BinaryInput, type RemoteParams, type TaskContext, type TaskOptions } from "./decorators.ts";
