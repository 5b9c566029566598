/**
 * Serialization of LiveView state and sessions, so that state survives a dropped socket, a restart and a move to
 * another process. Built on `devalue` (the serializer of SvelteKit), which round-trips more than JSON does.
 *
 * Supported value types (round-tripped exactly, including shared references and cycles):
 * `string`, `number` (also `NaN`, `Infinity`, `-0`), `boolean`, `null`, `undefined`, `bigint`, plain objects,
 * arrays (also sparse), `Date`, `Map`, `Set`, `RegExp`, `URL`, `URLSearchParams`, typed arrays and `ArrayBuffer`.
 *
 * Refused, with a {@link StateError} naming the field: functions, symbols, class instances (anything whose
 * prototype is not `Object.prototype` or `null`), DOM-like and stream objects. djust silently turned such values
 * into strings (#292, #626, #627); Rein refuses them instead, at the first render, so the bug shows in development.
 * @module
 */
import { DevalueError, parse, stringify } from "devalue";

/** Thrown when a value of an unsupported type is found in a view's state or in a session. */
export class StateError extends Error {
  /** Where the bad value sits, as a property path, e.g. `CounterView.items[3].owner`. */
  readonly path: string;
  constructor(path: string, reason: string) {
    super(
      `${path}: ${reason}. Supported state types: string, number, boolean, null, undefined, bigint, plain objects, ` +
        `arrays, Date, Map, Set, RegExp, URL, URLSearchParams, typed arrays. Keep other values out of public fields ` +
        `(list the field in "static transient") or store plain data.`,
    );
    this.name = "StateError";
    this.path = path;
  }
}

/**
 * Serializes a value to a string.
 * @param label - how to name the root in error messages (a class name).
 * @throws StateError when the value holds an unsupported type.
 */
export function serialize(value: unknown, label: string): string {
  try {
    return stringify(value);
  } catch (err) {
    if (err instanceof DevalueError) {
      const reason = err.message.includes("non-POJO")
        ? `a ${describe(err.value)} cannot be serialized`
        : err.message.replace(/^Cannot stringify/, "cannot serialize");
      throw new StateError(label + err.path, reason);
    }
    throw err;
  }
}

/**
 * Parses a string made by {@link serialize}.
 * @throws Error when the string is not valid serialized state.
 */
export function deserialize<T = unknown>(data: string): T {
  return parse(data) as T;
}

function describe(value: unknown): string {
  const name = (value as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `${name} instance` : "value of an unsupported type";
}
