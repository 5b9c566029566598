/**
 * The JSON shapes the React bindings pass through to the store, and the one place where a typed value becomes
 * a {@link JsonValue}.
 * @module
 */
import type { JsonValue } from "../protocol/sync.ts";

/** A JSON object: the parameters of an action or a task, the metadata of binary data. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * `value` as a {@link JsonValue}. The bindings' state types (`T` of `useSynced<T>`) are the app's own types (a
 * zod schema's inferred type, an interface), which TypeScript cannot prove to be JSON; the store sends them as JSON.
 */
export function asJson(value: unknown): JsonValue {
  return value as JsonValue;
}
