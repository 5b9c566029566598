/**
 * Validation issues (Standard Schema) to a form's error messages: one message per field name, the first issue of
 * each field winning, as the schema reported them (a field's own checks come before the object's refinements in
 * zod). Issues with no field (a refinement without `path`) are the form's own error.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { nameOf } from "./names.ts";

/** Error messages by field name (`"email"`, `"address[city]"`); {@link FORM_ERROR} holds the form's own. */
export type FormErrors = Record<string, string>;

/** The key of the form's own error in {@link FormErrors}: no field name is empty. */
export const FORM_ERROR = "";

/**
 * The messages of `issues` by field: an issue's path is mapped to the longest declared field name it starts with
 * (`["tags", 2]` -> `tags`), else to {@link FORM_ERROR}.
 */
export function errorsOf(issues: readonly StandardSchemaV1.Issue[], fields: ReadonlySet<string>): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const keys = (issue.path ?? []).map((p) => (typeof p === "object" ? p.key : p));
    let field = FORM_ERROR;
    for (let n = keys.length; n > 0; n--) {
      const name = nameOf(keys.slice(0, n));
      if (fields.has(name)) {
        field = name;
        break;
      }
    }
    errors[field] ??= issue.message;
  }
  return errors;
}
