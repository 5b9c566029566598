/**
 * The protocol shared by the Rein server and the browser client: frame types, patch ops, the wire tree.
 * Imports nothing else of Rein.
 * @module
 */
export * from "./frames.ts";
export * from "./patch.ts";
export * from "./tree.ts";
export * from "./js.ts";
export * from "./paths.ts";
export * from "./attributes.ts";
export * from "./sync.ts";
export * from "./json-patch.ts";
