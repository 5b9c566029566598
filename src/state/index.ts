/**
 * State backends and serialization.
 * @module
 */
export * from "./backend.ts";
export * from "./memory.ts";
export * from "./serialize.ts";
