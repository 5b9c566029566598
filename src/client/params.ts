/**
 * Event parameters collected from the bound element: `rein-value-*` and `data-*` attributes, the value of a
 * form field, the fields of a form, the key of a key event.
 * @module
 */
import type { EventParams } from "../protocol/frames.ts";
import { fields, obj } from "./form.ts";

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
  const p: EventParams = Object.assign(obj(), (el as HTMLElement).dataset);
  for (const a of el.attributes) if (a.name.startsWith("rein-value-")) p[a.name.slice(11)] = a.value;
  return p;
}

/**
 * All parameters of an event bound on `el`: {@link values}, then
 * - on a form: its fields ({@link fields}), with the submitter of a submit event;
 * - on an input, textarea or select: `value` (an array of the selected values for `<select multiple>`), and
 *   `checked` for checkboxes and radios;
 * - for key events: `key` (`event.key`).
 */
export function collect(el: Element, e: Event): EventParams {
  const p = values(el);
  if (el instanceof HTMLFormElement) Object.assign(p, fields(el, (e as SubmitEvent).submitter));
  else if (isField(el)) {
    const s = el as HTMLSelectElement;
    p.value = s.multiple && s.selectedOptions ? Array.from(s.selectedOptions, (o) => o.value) : el.value;
    if (/^(checkbox|radio)$/.test(el.type)) p.checked = (el as HTMLInputElement).checked;
  }
  const k = (e as KeyboardEvent).key;
  if (k != null) p.key = k;
  return p;
}
