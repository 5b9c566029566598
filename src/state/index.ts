/**
 * State backends and serialization.
 * @module
 */
export * from "./backend.ts";
export * from "./memory.ts";
export * from "./serialize.ts";
export * from "./pubsub.ts";
export * from "./memory-pubsub.ts";
