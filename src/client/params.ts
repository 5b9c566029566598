/**
 * Event parameters collected from the bound element: `rein-value-*` and `data-*` attributes, the value of a
 * form field, the fields of a form, the key of a key event.
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import type { EventParams } from "../protocol/frames.ts";
import { bareObject, fields } from "./form.ts";

/** A form control whose value the user edits. */
export type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Whether `el` is an input, textarea or select. */
export const isField = (el: unknown): el is Field =>
  el instanceof Element && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);

/**
 * The static values of `el`, as strings: `data-user-id="7"` gives `userId: "7"` (the `dataset` key), and
 * `rein-value-user-id="7"` gives `"user-id": "7"` (the raw name). `rein-value-*` wins over `data-*`.
 */
export function values(el: Element): EventParams {
  const params: EventParams = Object.assign(bareObject(), (el as HTMLElement).dataset);
  for (const attr of el.attributes)
    if (attr.name.startsWith(ATTR.valuePrefix)) params[attr.name.slice(ATTR.valuePrefix.length)] = attr.value;
  return params;
}

/**
 * All parameters of `event` bound on `el`: {@link values}, then
 * - on a form: its fields ({@link fields}), with the submitter of a submit event;
 * - on an input, textarea or select: `value` (an array of the selected values for `<select multiple>`), and
 *   `checked` for checkboxes and radios;
 * - for key events: `key` (`event.key`).
 */
export function collect(el: Element, event: Event): EventParams {
  const params = values(el);
  if (el instanceof HTMLFormElement) Object.assign(params, fields(el, (event as SubmitEvent).submitter));
  else if (isField(el)) {
    const select = el as HTMLSelectElement;
    params.value = select.multiple && select.selectedOptions
      ? Array.from(select.selectedOptions, (option) => option.value)
      : el.value;
    if (/^(checkbox|radio)$/.test(el.type)) params.checked = (el as HTMLInputElement).checked;
  }
  const key = (event as KeyboardEvent).key;
  if (key != null) params.key = key;
  return params;
}
