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
export const obj = (): EventParams => Object.create(null);

/**
 * The fields of `form` as nested params. The browser's own `FormData` decides which fields count: disabled
 * fields, unchecked checkboxes and radios, and buttons are left out; every selected option of a
 * `<select multiple>` counts (name it `x[]` to always get an array). A file input contributes its file name.
 * The `submitter` button (of a submit event) adds its `name=value` when it has a name.
 */
export function fields(form: HTMLFormElement, submitter?: Element | null): EventParams {
  const p = obj();
  for (const [k, v] of new FormData(form)) put(p, k, typeof v == "string" ? v : v.name);
  const b = submitter as HTMLButtonElement | null | undefined;
  if (b?.name) put(p, b.name, b.value);
  return p;
}

/** Stores `value` under the possibly nested field `name` of `root`. See the module comment for the rules. */
export function put(root: EventParams, name: string, value: string): void {
  const ks = name.replace(/]/g, "").split("[");
  let o: any = root;
  ks.forEach((k, i) => {
    const n = ks[i + 1];
    const arr = Array.isArray(o) && k == "";
    if (n == null) {
      if (arr) o.push(value);
      else o[k] = k in o ? ([] as ParamValue[]).concat(o[k], value) : value;
    } else if (arr) {
      // `items[][name]`: fill the last object until it already has this key, then start a new one.
      const l = o[o.length - 1];
      o = l && typeof l == "object" && !(n in l) ? l : o[o.push(obj()) - 1];
    } else o = o[k] && typeof o[k] == "object" ? o[k] : (o[k] = n == "" ? [] : obj());
  });
}
