/**
 * Forms with live validation and draft auto-save: `liveForm()` (the form, a view controller), the JSX helpers
 * `<LiveForm>` / `<LiveField>`, the Nunjucks helpers (installed by the engine), class presets. See docs/forms.md.
 * @module
 */
export { FormInputError, MAX_LIST_ITEMS, type FieldKind } from "./assign.ts";
export { LiveField, type LiveFieldProps, LiveForm, type LiveFormProps } from "./components.ts";
export {
  type FormField,
  FormController,
  type FormHost,
  type FormOutput,
  type FormValues,
  liveForm,
} from "./form-controller.ts";
export { FORM_ERROR, type FormErrors } from "./issues.ts";
export { type FieldMarkupOptions, fieldMarkup, type FormMarkupOptions, formMarkup } from "./markup.ts";
export type { FieldName } from "./names.ts";
export { FORM_DEFAULTS, type FieldSpec, type FieldType, type FormOptions, type ValidateOn } from "./options.ts";
export { DEFAULT_FORM_PRESET, type FormClasses, type FormPreset, FORM_PRESETS, isFormPreset } from "./presets.ts";
export { FORM_GLOBALS, installFormHelpers } from "./nunjucks.ts";
