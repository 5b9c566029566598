/**
 * Reading a form's values and putting them back, for form recovery (recover.ts) and drafts (drafts.ts).
 * @module
 */
import type { Field } from "./params.ts";

/** A form's values in field order: each field's name and its text, or for a checkbox or radio whether it is checked. */
export type Snapshot = [name: string, value: string | boolean][];

/**
 * The named fields of `form` in document order: never a file input (its value cannot be set), and with `drafts`,
 * never a password either (drafts are written to disk).
 */
const fieldsOf = (form: HTMLFormElement, drafts?: boolean): Field[] =>
  ([...form.elements] as Field[]).filter((el) => el.name && el.type != "file" && !(drafts && el.type == "password"));

/** The values of `form` (see {@link Snapshot}). */
export const snap = (form: HTMLFormElement, drafts?: boolean): Snapshot =>
  fieldsOf(form, drafts).map((el) => [el.name, /^(checkbox|radio)$/.test(el.type) ? (el as HTMLInputElement).checked : el.value]);

/**
 * Puts `values` (from {@link snap} with the same `drafts`) back into `form`, a field taking the value at its position
 * when the name there is its own (the markup may have changed since), then sends the form's change event (its
 * `rein-change` binding, with all its fields, through the usual listener). A form no longer in the page sends nothing.
 */
export const fill = (form: HTMLFormElement, values: Snapshot, drafts?: boolean): void => {
  fieldsOf(form, drafts).forEach((el, i) => {
    const [name, value] = values[i] || [];
    // A boolean is a checkbox's or radio's state (`value === !!value`: the shortest boolean test).
    if (name == el.name) value === !!value ? ((el as HTMLInputElement).checked = value) : (el.value = value as string);
  });
  form.dispatchEvent(new Event("change", { bubbles: true }));
};
