/**
 * Form serialization with Rails/Phoenix-style nested names, so handlers get structured params:
 * `user[email]` gives `{user: {email}}`, `tags[]` always gives an array, a repeated plain name gives an array
 * from its second occurrence on, `items[][name]` gives an array of objects.
 * @module
 */
import type { EventParams, ParamValue } from "../protocol/frames.ts";

/**
 * A fresh object without a prototype, so a field named `__proto__[x]` or `constructor` becomes plain data
 * instead of reaching `Object.prototype` (the prototype-pollution pattern of naive query-string parsers).
 */
export const bareObject = (): EventParams => Object.create(null);

/**
 * The fields of `form` as nested params. The browser's own `FormData` decides which fields count: disabled
 * fields, unchecked checkboxes and radios, and buttons are left out; every selected option of a
 * `<select multiple>` counts (name it `x[]` to always get an array). A file input contributes its file name.
 * The `submitter` button (of a submit event) adds its `name=value` when it has a name.
 */
export function fields(form: HTMLFormElement, submitter?: Element | null): EventParams {
  const params = bareObject();
  for (const [name, value] of new FormData(form)) put(params, name, typeof value == "string" ? value : value.name);
  const button = submitter as HTMLButtonElement | null | undefined;
  if (button?.name) put(params, button.name, button.value);
  return params;
}

/** Stores `value` under the possibly nested field `name` of `root`. See the module comment for the rules. */
export function put(root: EventParams, name: string, value: string): void {
  const keys = name.replace(/]/g, "").split("[");
  let node: any = root;
  keys.forEach((key, i) => {
    const nextKey = keys[i + 1];
    const appending = Array.isArray(node) && key == "";
    if (nextKey == null) {
      if (appending) node.push(value);
      else node[key] = key in node ? ([] as ParamValue[]).concat(node[key], value) : value;
    } else if (appending) {
      // `items[][name]`: fill the last object until it already has this key, then start a new one.
      const last = node[node.length - 1];
      node = last && typeof last == "object" && !(nextKey in last) ? last : node[node.push(bareObject()) - 1];
    } else node = node[key] && typeof node[key] == "object" ? node[key] : (node[key] = nextKey == "" ? [] : bareObject());
  });
}
