/**
 * The Nunjucks helpers of forms, installed as template globals by the engine (`server/engine.ts`):
 * `{{ live_form(form) }}` renders the whole form (one field per declared field and a submit button),
 * `{{ live_field(form, "email", label="E-mail") }}` one field. The same markup as the JSX helpers (markup.ts).
 * Mirrors djust's `{% live_form view %}` and `{% live_field view "email" %}` tags.
 * @module
 */
import { safeHtml, type TemplateRenderer } from "../../template/nunjucks.ts";
import { toHtml } from "../../vdom/serialize.ts";
import { FormController } from "./form-controller.ts";
import { type FieldMarkupOptions, fieldMarkup, type FormMarkupOptions, formMarkup } from "./markup.ts";
import { type FormPreset, PRESET_GLOBAL } from "./presets.ts";

/** The names of the template globals. */
export const FORM_GLOBALS = Object.freeze({ form: "live_form", field: "live_field" });

/**
 * Makes `live_form`, `live_field` and the application's preset (`rein_form_preset`) globals of `templates`.
 * @param preset - the application's class preset (`createRein({ formPreset })`).
 */
export function installFormHelpers(templates: TemplateRenderer, preset: FormPreset): void {
  templates.addGlobal(PRESET_GLOBAL, preset);
  templates.addGlobal(FORM_GLOBALS.form, (form: unknown, options?: unknown) =>
    safeHtml(toHtml(formMarkup(formOf(FORM_GLOBALS.form, form), optionsOf(options) as FormMarkupOptions))),
  );
  templates.addGlobal(FORM_GLOBALS.field, (form: unknown, name: unknown, options?: unknown) => {
    if (typeof name !== "string") throw new TypeError(`live_field(form, name): name must be a string, got ${typeof name}`);
    return safeHtml(toHtml(fieldMarkup(formOf(FORM_GLOBALS.field, form), name, optionsOf(options) as FieldMarkupOptions)));
  });
}

/** @throws TypeError when `form` is not a form (a typo in the template's variable name, most often). */
function formOf(helper: string, form: unknown): FormController {
  if (form instanceof FormController) return form;
  throw new TypeError(`${helper}(form): expected a form created with liveForm(), got ${form === undefined ? "undefined" : typeof form}`);
}

/** Keyword arguments (`label="E-mail"`, which Nunjucks passes as an object marked `__keywords`) or an object. */
function optionsOf(options: unknown): Record<string, unknown> {
  if (options === null || typeof options !== "object") return {};
  const { __keywords: _, ...rest } = options as Record<string, unknown>;
  return rest;
}
