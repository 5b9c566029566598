/**
 * The JSX helpers of forms: `<LiveForm form={this.form} />` renders the whole form (every field and a submit
 * button), `<LiveForm form={this.form}>...</LiveForm>` the form around your own content, and
 * `<LiveField form={this.form} name="email" label="Email" />` one labelled, accessible field. Function components
 * (stateless): the state is the form's. Mirrors djust's `{% live_form %}` / `{% live_field %}` tags and Phoenix's
 * `<.form>` / `<.input>`.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Child } from "../../template/jsx-runtime.ts";
import type { VNode } from "../../vdom/vnode.ts";
import type { FormController, FormValues } from "./form-controller.ts";
import { fieldMarkup, formMarkup } from "./markup.ts";
import type { FieldName } from "./names.ts";
import type { FieldSpec } from "./options.ts";
import type { FormPreset } from "./presets.ts";

/** Props of {@link LiveForm}. */
export interface LiveFormProps<S extends StandardSchemaV1> {
  /** The form (`liveForm(...)`). */
  form: FormController<S>;
  /** The class preset (default: the form's, else the application's). */
  preset?: FormPreset;
  /** More classes on the `<form>`. */
  class?: string;
  /** The text of the submit button rendered without children (default: the form's `submitLabel`). */
  submitLabel?: string;
  /** Your own content (fields, buttons); without any, every field and a submit button. */
  children?: Child;
}

/** Props of {@link LiveField}: the field's name (typed by the form's values) and how it renders. */
export interface LiveFieldProps<S extends StandardSchemaV1> extends FieldSpec {
  /** The form (`liveForm(...)`). */
  form: FormController<S>;
  /** The field: `"email"`, or nested, `"address[city]"`. */
  name: FieldName<FormValues<S>>;
  /** The class preset (default: the form's, else the application's). */
  preset?: FormPreset;
  /** More classes on the field's wrapper. */
  class?: string;
}

/**
 * The `<form>` of a {@link FormController}, bound to it (see `formMarkup` in markup.ts for the attributes: `id`,
 * `rein-target`, `rein-change`, `rein-submit`, `rein-draft`, `novalidate`).
 */
export function LiveForm<S extends StandardSchemaV1>(props: LiveFormProps<S>): VNode {
  const { form, children, ...options } = props;
  return formMarkup(form as unknown as FormController, children === undefined ? options : { ...options, children });
}

/**
 * One field of a {@link FormController}: label, control, hint and an always-present error element, with
 * `aria-invalid` and `aria-describedby` (see `fieldMarkup` in markup.ts).
 * @throws TypeError when the form has no such field.
 */
export function LiveField<S extends StandardSchemaV1>(props: LiveFieldProps<S>): VNode {
  const { form, name, ...options } = props;
  return fieldMarkup(form as unknown as FormController, name, options);
}
