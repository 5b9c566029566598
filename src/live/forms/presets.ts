/**
 * Class presets of the form helpers: which CSS classes `<LiveForm>`, `<LiveField>`, `live_form` and `live_field`
 * put on their markup. Chosen per application (`createRein({ formPreset })`), per form (`liveForm(..., { preset })`)
 * or per field (`<LiveField preset=...>`). Mirrors djust's `css_framework` setting (`"bootstrap5"`, `"tailwind"`,
 * none).
 * @module
 */

/** The classes of each part of a form's markup (space-separated class names; `""` for none). */
export interface FormClasses {
  /** The `<form>`. */
  readonly form: string;
  /** The element wrapping one field (label, control, hint, error). */
  readonly field: string;
  /** The wrapper of a checkbox field (added to {@link field}). */
  readonly checkField: string;
  /** A field's `<label>`. */
  readonly label: string;
  /** The label of a checkbox, after the box. */
  readonly checkLabel: string;
  /** A text-like `<input>` or a `<textarea>`. */
  readonly input: string;
  /** A `<select>`. */
  readonly select: string;
  /** A checkbox. */
  readonly check: string;
  /** Added to the control while its error is shown. */
  readonly invalid: string;
  /** A field's help text. */
  readonly hint: string;
  /** A field's error message element (always present, empty without an error). */
  readonly error: string;
  /** The form's own error (an issue of the whole form, no field), first in the form. */
  readonly formError: string;
  /** The submit button `live_form` renders. */
  readonly submit: string;
}

/** Bootstrap 5's form classes (`.form-control`, `.is-invalid`, `.invalid-feedback`...). */
const BOOTSTRAP5: FormClasses = Object.freeze({
  form: "",
  field: "mb-3",
  checkField: "form-check",
  label: "form-label",
  checkLabel: "form-check-label",
  input: "form-control",
  select: "form-select",
  check: "form-check-input",
  invalid: "is-invalid",
  hint: "form-text",
  error: "invalid-feedback",
  formError: "text-danger mb-3",
  submit: "btn btn-primary",
});

/** Tailwind CSS utility classes for a plain, accessible look (ring on focus, red when invalid). */
const TAILWIND: FormClasses = Object.freeze({
  form: "space-y-4",
  field: "flex flex-col gap-1",
  checkField: "flex-row items-center gap-2",
  label: "text-sm font-medium text-gray-700",
  checkLabel: "text-sm text-gray-700",
  input:
    "block w-full rounded-md border border-gray-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500",
  select: "block w-full rounded-md border border-gray-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:ring-indigo-500",
  check: "h-4 w-4 rounded border-gray-300 text-indigo-600 focus:ring-indigo-500",
  invalid: "border-red-500 focus:border-red-500 focus:ring-red-500",
  hint: "text-sm text-gray-500",
  error: "min-h-5 text-sm text-red-600",
  formError: "text-sm text-red-600",
  submit: "rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50",
});

/** Short semantic `rein-*` classes to style with your own CSS (the gallery does). */
const PLAIN: FormClasses = Object.freeze({
  form: "rein-form",
  field: "rein-field",
  checkField: "rein-field-check",
  label: "rein-label",
  checkLabel: "rein-label",
  input: "rein-input",
  select: "rein-input",
  check: "rein-check",
  invalid: "rein-invalid",
  hint: "rein-hint",
  error: "rein-error",
  formError: "rein-form-error",
  submit: "rein-submit",
});

/** The presets by name. */
export const FORM_PRESETS = Object.freeze({ bootstrap5: BOOTSTRAP5, tailwind: TAILWIND, plain: PLAIN });

/** The name of a class preset: `"bootstrap5"`, `"tailwind"` or `"plain"`. */
export type FormPreset = keyof typeof FORM_PRESETS;

/** The preset used when neither the application, the form nor the field names one. */
export const DEFAULT_FORM_PRESET: FormPreset = "plain";

/** Whether `value` names a preset. */
export function isFormPreset(value: unknown): value is FormPreset {
  return typeof value === "string" && Object.hasOwn(FORM_PRESETS, value);
}

/**
 * The name of the template global through which the application's preset reaches the helpers (the server sets it
 * with `TemplateRenderer.addGlobal`); templates may read it too.
 */
export const PRESET_GLOBAL = "rein_form_preset";
