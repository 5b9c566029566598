/**
 * Field names as the browser writes them (Rails/Phoenix style: `address[city]`, see src/client/form.ts) and the
 * paths they stand for in a form's values (`["address", "city"]` in `{ address: { city } }`); the declared fields
 * of a form (the leaves of its initial values); DOM ids derived from them.
 * @module
 */

/** A value that is one field, not a group of fields: text, a checkbox's boolean, a number, a list of choices. */
export type FieldLeaf = string | number | boolean | bigint | null | undefined | Date | readonly unknown[];

/** `"[city]"`, `"[street][line1]"`: the bracketed tail of a nested field name inside `V`. */
type NestedName<V> = {
  [K in keyof V & string]: V[K] extends FieldLeaf ? `[${K}]` : `[${K}]${NestedName<V[K]>}`;
}[keyof V & string];

/**
 * The field names of a form whose values are `V`: `"email"`, `"address[city]"`. `string` when `V` is not known
 * (a schema whose input type is `unknown`).
 */
export type FieldName<V> = unknown extends V
  ? string
  : { [K in keyof V & string]: V[K] extends FieldLeaf ? K : `${K}${NestedName<V[K]>}` }[keyof V & string];

/** `address[city]` -> `["address", "city"]`. */
export function pathOf(name: string): string[] {
  return name.replace(/]/g, "").split("[");
}

/** `["address", "city"]` -> `address[city]`. */
export function nameOf(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (i === 0 ? String(key) : `[${String(key)}]`)).join("");
}

/** Whether `value` is a plain object (a group of fields), not a leaf. */
export function isGroup(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The field names of `values`, depth first in key order: every leaf (see {@link FieldLeaf}) is one field. */
export function fieldNamesOf(values: Record<string, unknown>, prefix: PropertyKey[] = [], out: string[] = []): string[] {
  for (const key of Object.keys(values)) {
    const value = values[key];
    const path = [...prefix, key];
    if (isGroup(value)) fieldNamesOf(value, path, out);
    else out.push(nameOf(path));
  }
  return out;
}

/** The value at `path` in `root` (`undefined` when a step is missing or not an object). */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Sets the value at `path` in `root`, creating the groups on the way (plain objects). Only ever called with the
 * paths of declared fields, so no key comes from the browser unchecked.
 */
export function setValueAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = isGroup(next) ? next : (node[key] = {});
  }
  node[path[path.length - 1]!] = value;
}

/** A DOM id for field `name` of form `formId`: `signup-address-city` (brackets and other punctuation become `-`). */
export function fieldDomId(formId: string, name: string): string {
  return `${formId}-${name.replace(/]/g, "").replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

/**
 * The label a field gets when none is given: its last name segment in words, capitalized (`firstName` and
 * `first_name` -> `First name`, `address[zipCode]` -> `Zip code`).
 */
export function labelOf(name: string): string {
  const last = pathOf(name).at(-1) ?? name;
  const words = last.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
