/**
 * What a form can learn about its fields from its schema, when the schema can describe itself: Standard Schema
 * has no introspection, but schemas that also implement Standard JSON Schema (zod 4, valibot, arktype) give their
 * input as a JSON Schema. Used to check the initial values against the schema's fields, and for rendering hints
 * (an `email` format makes an email input, a required field gets `aria-required`). A schema that cannot describe
 * itself gives none, and the initial values alone declare the fields.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { nameOf } from "./names.ts";

/** What the schema says about one field. */
export interface FieldInfo {
  /** JSON Schema `format` (`"email"`, `"uri"`...). */
  readonly format: string | undefined;
  /** Whether the object holding it lists it as required. */
  readonly required: boolean;
  /** JSON Schema `maxLength`, in characters. */
  readonly maxLength: number | undefined;
}

/** The fields of a schema by field name (`address[city]`); groups (nested objects) are not fields. */
export type SchemaInfo = ReadonlyMap<string, FieldInfo>;

/** The part of Standard JSON Schema this module uses. */
interface JsonSchemaProps {
  readonly jsonSchema?: { readonly input?: (options: { target: string }) => Record<string, unknown> };
}

/** A JSON Schema object node, as far as this module reads it. */
interface JsonNode {
  type?: unknown;
  properties?: Record<string, JsonNode>;
  required?: unknown;
  format?: unknown;
  maxLength?: unknown;
}

/**
 * The fields of `schema`, or `undefined` when it cannot describe itself, its input is not an object, or the
 * conversion throws (transforms, custom checks).
 */
export function describeSchema(schema: StandardSchemaV1): SchemaInfo | undefined {
  const input = (schema["~standard"] as JsonSchemaProps).jsonSchema?.input;
  if (typeof input !== "function") return undefined;
  let root: JsonNode;
  try {
    root = input({ target: "draft-2020-12" }) as JsonNode;
  } catch {
    return undefined;
  }
  if (!root || typeof root !== "object" || !root.properties) return undefined;
  const out = new Map<string, FieldInfo>();
  collect(root, [], out);
  return out;
}

function collect(node: JsonNode, path: string[], out: Map<string, FieldInfo>): void {
  const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const at = [...path, key];
    if (child && typeof child === "object" && child.properties) collect(child, at, out);
    else {
      out.set(nameOf(at), {
        format: typeof child?.format === "string" ? child.format : undefined,
        required: required.includes(key),
        maxLength: typeof child?.maxLength === "number" ? child.maxLength : undefined,
      });
    }
  }
}
