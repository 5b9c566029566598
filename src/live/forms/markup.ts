/**
 * The markup of forms and fields, shared by the JSX helpers (`<LiveForm>`, `<LiveField>`) and the Nunjucks ones
 * (`live_form`, `live_field`): labelled, accessible controls in the class preset in force. Every field renders
 * the same elements in the same order whatever its state (its error element is always there, empty without an
 * error), so a message appearing never shifts a sibling and the diff never replaces the focused input. Mirrors
 * djust's `{% live_field %}` / `form.as_live()` and Phoenix's `<.input>` core component.
 * @module
 */
import { ATTR } from "../../protocol/attributes.ts";
import { type AttrValue, type Child, jsx } from "../../template/jsx-runtime.ts";
import { activeTemplates } from "../../template/nunjucks.ts";
import type { VNode } from "../../vdom/vnode.ts";
import type { FormController } from "./form-controller.ts";
import { FORM_ERROR } from "./issues.ts";
import { fieldDomId, labelOf } from "./names.ts";
import type { FieldSpec, FieldType } from "./options.ts";
import { DEFAULT_FORM_PRESET, type FormClasses, type FormPreset, FORM_PRESETS, isFormPreset, PRESET_GLOBAL } from "./presets.ts";

/** Options of one field's markup: its {@link FieldSpec} (over the form's `fields` option), a preset, a class. */
export interface FieldMarkupOptions extends FieldSpec {
  /** The class preset (default: the form's, else the application's). */
  preset?: FormPreset | undefined;
  /** More classes on the field's wrapper. */
  class?: string;
}

/** Options of a whole form's markup. */
export interface FormMarkupOptions {
  /** The class preset (default: the form's, else the application's). */
  preset?: FormPreset;
  /** More classes on the `<form>`. */
  class?: string;
  /** The submit button's text (default: the form's `submitLabel` option). */
  submitLabel?: string;
  /** The form's content; without any, one field per declared field and a submit button. */
  children?: Child;
}

/** The application preset each form last rendered with, for renders outside the view's (a component alone). */
const appPresets = new WeakMap<FormController, FormPreset>();

/** The classes for `form`: `override`, else the form's option, else the application's preset, else plain. */
export function classesOf(form: FormController, override?: FormPreset): FormClasses {
  const app = activeTemplates()?.getGlobal(PRESET_GLOBAL);
  if (isFormPreset(app)) appPresets.set(form, app);
  return FORM_PRESETS[override ?? form.options.preset ?? appPresets.get(form) ?? DEFAULT_FORM_PRESET];
}

/** The DOM id of the element holding field `name`'s error message (`aria-describedby` points at it). */
export const errorIdOf = (form: FormController, name: string): string =>
  `${name === FORM_ERROR ? form.id : fieldDomId(form.id, name)}-error`;

/**
 * The `<form>` of `form`: `id` and `rein-target` its id, `rein-change` (and with `validateOn: "input"`,
 * `rein-input`) bound to `validate`, `rein-submit` to `submit`, `rein-draft` with a draft key, `novalidate` (the
 * server validates). First inside, the form's own error (`role="alert"`, empty without one); then `children`, or
 * every field and a submit button that is disabled while the submit is in flight (and only then).
 */
export function formMarkup(form: FormController, options: FormMarkupOptions = {}): VNode {
  const c = classesOf(form, options.preset);
  const o = form.options;
  const content =
    options.children ??
    [
      ...form.fields.map((name) => fieldMarkup(form, name, { preset: options.preset })),
      h(
        "button",
        { type: "submit", class: c.submit, [ATTR.loading]: "submit", [`${ATTR.loading}:disable`]: true },
        options.submitLabel ?? o.submitLabel,
      ),
    ];
  return h(
    "form",
    {
      id: form.id,
      class: [c.form, options.class ?? ""],
      [ATTR.target]: form.id,
      [`${ATTR.bindingPrefix}change`]: "validate",
      [`${ATTR.bindingPrefix}input`]: o.validateOn === "input" ? "validate" : undefined,
      [`${ATTR.bindingPrefix}submit`]: "submit",
      [ATTR.draft]: o.draft,
      novalidate: true,
    },
    h("p", { id: errorIdOf(form, FORM_ERROR), class: c.formError, role: "alert" }, form.error(FORM_ERROR) || null),
    content,
  );
}

/**
 * One field of `form`: a wrapper with the label, the control, the hint (if any) and the error element, in that
 * order (a checkbox before its label). The control has `aria-describedby` (hint and error), `aria-invalid` while
 * its error shows (see `FormController.error`), `aria-required` when the schema requires it, `maxlength` (the
 * form's `maxFieldLength`), and `rein-debounce` (the field's `debounce`, else with `validateOn: "input"` the form's
 * `debounceMs`). A password's value is never rendered.
 * @throws TypeError when the form has no field `name`.
 */
export function fieldMarkup(form: FormController, name: string, options: FieldMarkupOptions = {}): VNode {
  const field = form.field(name);
  if (!field) throw new TypeError(`form "${form.id}" has no field "${name}" (its fields: ${form.fields.join(", ")})`);
  const spec: FieldMarkupOptions = { ...form.options.fields[name] };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (spec as Record<string, unknown>)[k] = v;
  const c = classesOf(form, spec.preset);
  const type = typeOf(name, field.kind, field.info?.format, spec);
  const id = fieldDomId(form.id, name);
  const hintId = `${id}-hint`;
  const message = form.error(name);
  const value = form.value(name);
  const check = type === "checkbox";
  const control: Record<string, AttrValue> = {
    type: type === "select" || type === "textarea" ? undefined : type,
    id,
    name: field.kind === "list" ? `${name}[]` : name,
    class: [check ? c.check : type === "select" ? c.select : c.input, message ? c.invalid : ""],
    "aria-invalid": message ? "true" : undefined,
    "aria-describedby": spec.hint ? `${hintId} ${errorIdOf(form, name)}` : errorIdOf(form, name),
    "aria-required": field.info?.required && !check ? "true" : undefined,
    autocomplete: spec.autocomplete,
    [ATTR.debounce]: spec.debounce ?? (form.options.validateOn === "input" && !check ? form.options.debounceMs : undefined),
  };
  let input: VNode;
  if (check) input = h("input", { ...control, value: "true", checked: value === true });
  else if (type === "select") input = h("select", { ...control, multiple: field.kind === "list" }, optionsOf(spec, value));
  else {
    const text = value === undefined || value === null ? "" : String(value);
    Object.assign(control, { maxlength: form.options.maxFieldLength, placeholder: spec.placeholder });
    input =
      type === "textarea"
        ? h("textarea", control, text)
        : h("input", { ...control, value: type === "password" ? undefined : text });
  }
  const label = h("label", { for: id, class: check ? c.checkLabel : c.label }, spec.label ?? labelOf(name));
  return h(
    "div",
    { class: [c.field, check ? c.checkField : "", spec.class ?? ""] },
    check ? input : label,
    check ? label : input,
    spec.hint === undefined ? null : h("p", { id: hintId, class: c.hint }, spec.hint),
    h("p", { id: errorIdOf(form, name), class: c.error, "aria-live": "polite" }, message || null),
  );
}

/** The control a field gets (see {@link FieldSpec.type}). */
function typeOf(name: string, kind: string, format: string | undefined, spec: FieldSpec): FieldType {
  if (spec.type) return spec.type;
  if (kind === "boolean") return "checkbox";
  if (kind === "list" || spec.options) return "select";
  if (format === "email" || /email/i.test(name)) return "email";
  return /password/i.test(name) ? "password" : "text";
}

function optionsOf(spec: FieldSpec, value: unknown): VNode[] {
  const chosen = Array.isArray(value) ? value.map(String) : [String(value ?? "")];
  return (spec.options ?? []).map((o) => {
    const [v, label] = typeof o === "string" ? [o, o] : o;
    return h("option", { value: v, selected: chosen.includes(v) }, label);
  });
}

/** An element through the JSX runtime (attribute values as JSX takes them). */
function h(tag: string, attrs: Record<string, AttrValue>, ...children: Child[]): VNode {
  return jsx(tag, { ...attrs, children });
}
