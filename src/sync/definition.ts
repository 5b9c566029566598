/**
 * What Rein reads from a synced object class once, when the server starts: its key pattern, remote methods and
 * options, each checked (a bad value is a `TypeError` at start, not a surprise at the first join).
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { type RemoteMethod, remoteOf } from "./decorators.ts";
import { compileKeyPattern, type KeyPattern } from "./key-pattern.ts";
import { SyncedObject, type SyncedClass, type SyncRequest } from "./synced-object.ts";

/** Default of `static maxBinaryBytes`: 1 MiB. */
export const DEFAULT_MAX_BINARY_BYTES = 1_048_576;
/** Default of `static idleMs`: one minute. */
export const DEFAULT_IDLE_MS = 60_000;

/** A synced object class, resolved. */
export interface ObjectDefinition {
  readonly objectClass: SyncedClass;
  readonly pattern: KeyPattern;
  readonly schema: StandardSchemaV1 | undefined;
  readonly include: ReadonlySet<string> | undefined;
  readonly exclude: ReadonlySet<string>;
  /** Field name to wire name. */
  readonly wireName: (field: string) => string;
  readonly scope: "shared" | "session";
  readonly authorize: ((request: SyncRequest) => boolean | Promise<boolean>) | undefined;
  readonly exposeTasks: string | undefined;
  readonly maxBinaryBytes: number;
  readonly idleMs: number;
  /** Remote methods by name. */
  readonly remotes: ReadonlyMap<string, RemoteMethod>;
}

/** `created_at` to `createdAt` (ws-sync's `toCamelCase`). */
export const toCamelCase = (name: string): string => name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Reads and checks a class's static members and remote methods.
 * @throws TypeError when it does not extend `SyncedObject`, has no `key`, or an option has a wrong type or range.
 */
export function defineObject(objectClass: SyncedClass): ObjectDefinition {
  const name = objectClass?.name ?? String(objectClass);
  if (typeof objectClass !== "function" || !(objectClass.prototype instanceof SyncedObject)) {
    throw new TypeError(`objects: ${name} must be a class extending SyncedObject`);
  }
  if (typeof objectClass.key !== "string") throw new TypeError(`objects: ${name} needs a static key, e.g. static key = "board/:id"`);
  const { schema, fields, wireNames, scope, authorize, exposeTasks, maxBinaryBytes, idleMs } = objectClass;
  if (schema !== undefined && typeof (schema as { "~standard"?: unknown })["~standard"] !== "object") {
    throw new TypeError(`objects: ${name}.schema must be a Standard Schema (zod, valibot, arktype...)`);
  }
  const list = (v: unknown, what: string): ReadonlySet<string> | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new TypeError(`objects: ${name}.fields.${what} must be an array of field names`);
    return new Set(v as string[]);
  };
  if (fields !== undefined && (typeof fields !== "object" || fields === null)) throw new TypeError(`objects: ${name}.fields must be { include } or { exclude }`);
  if (wireNames !== undefined && wireNames !== "as-declared" && wireNames !== "camelCase") {
    throw new TypeError(`objects: ${name}.wireNames must be "as-declared" or "camelCase"`);
  }
  if (scope !== undefined && scope !== "shared" && scope !== "session") throw new TypeError(`objects: ${name}.scope must be "shared" or "session"`);
  if (authorize !== undefined && typeof authorize !== "function") throw new TypeError(`objects: ${name}.authorize must be a function`);
  if (exposeTasks !== undefined && (typeof exposeTasks !== "string" || exposeTasks === "")) throw new TypeError(`objects: ${name}.exposeTasks must be a field name`);
  const count = (v: unknown, what: string, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new TypeError(`objects: ${name}.${what} must be a whole number >= 0`);
    return v;
  };
  const remotes = new Map<string, RemoteMethod>();
  for (let proto: object | null = objectClass.prototype; proto && proto !== SyncedObject.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const remote = remoteOf(descriptor?.value);
      if (remote && !remotes.has(remote.name)) remotes.set(remote.name, remote);
    }
  }
  return {
    objectClass,
    pattern: compileKeyPattern(objectClass.key),
    schema,
    include: list(fields?.include, "include"),
    exclude: list(fields?.exclude, "exclude") ?? new Set(),
    wireName: wireNames === "camelCase" ? toCamelCase : (field) => field,
    scope: scope ?? "shared",
    authorize,
    exposeTasks,
    maxBinaryBytes: count(maxBinaryBytes, "maxBinaryBytes", DEFAULT_MAX_BINARY_BYTES),
    idleMs: count(idleMs, "idleMs", DEFAULT_IDLE_MS),
    remotes,
  };
}

/** Members of every synced object that are never state. */
const NOT_STATE = new Set(["key", "params"]);

/** The fields of `object` that are state, in declaration order. */
export function stateFields(definition: ObjectDefinition, object: SyncedObject): string[] {
  return Object.keys(object).filter((field) => {
    if (NOT_STATE.has(field) || field === definition.exposeTasks) return false;
    if (definition.include) return definition.include.has(field);
    return !field.startsWith("_") && !definition.exclude.has(field) && typeof (object as unknown as Record<string, unknown>)[field] !== "function";
  });
}
