/**
 * `liveForm()`: a form bound to a schema, as a view controller held in a field of its view (or component):
 * `form = liveForm(Signup, { email: "", password: "" })`. It keeps the values, the error messages, which fields
 * the user touched and whether a submit happened, as plain state stored with the view (it survives reconnects and
 * restarts, and rolls back with a failed change); it receives its own events (`validate`, `submit`, `reset`)
 * through its event target (`rein-target` = its id), validates with any Standard Schema (zod, valibot, arktype),
 * and calls its host's `formValid` / `formInvalid` on submit.
 *
 * Ideas from djust's `FormMixin` (`validate_field` on change, `submit_form`, `form_valid` / `form_invalid`) and
 * Phoenix LiveView's forms (`phx-change` validation, `used_input?`: an error shows only once its field was used,
 * and every error after a submit).
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { EventParams } from "../../protocol/frames.ts";
import { FORM, type FormResetPayload } from "../../protocol/forms.ts";
import { contextOf } from "../context.ts";
import { addController, ATTACH_TO_FIELD, type FieldController } from "../controller.ts";
import { event } from "../event.ts";
import { assignFields, type FieldKind, type FieldSlot, slotsOf } from "./assign.ts";
import { errorsOf, FORM_ERROR, type FormErrors } from "./issues.ts";
import { type FieldName, fieldNamesOf, isGroup, pathOf, valueAt } from "./names.ts";
import { type FormOptions, isSecretField, resolveFormOptions, type ResolvedFormOptions } from "./options.ts";
import { describeSchema, type FieldInfo, type SchemaInfo } from "./schema-info.ts";

/** The values of a form of schema `S`: the schema's input type (what the browser's fields hold). */
export type FormValues<S extends StandardSchemaV1> = StandardSchemaV1.InferInput<S>;
/** What a valid submit hands to `formValid`: the schema's output (coerced, transformed). */
export type FormOutput<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>;

/**
 * What a view or component holding a form may implement (`class SignupView extends LiveView implements
 * FormHost<typeof Signup>`); both are optional and may be async. A throw rolls the submit back like any handler's.
 */
export interface FormHost<S extends StandardSchemaV1> {
  /** A submit passed the whole schema (cross-field refinements included): save, redirect, show a success state. */
  formValid?(values: FormOutput<S>, form: FormController<S>): unknown;
  /** A submit failed the schema; `errors` holds every field's message (all are shown now). */
  formInvalid?(errors: Readonly<FormErrors>, form: FormController<S>): unknown;
}

/** A field as the rendering helpers see it: how its browser value is read, and what the schema says of it. */
export interface FormField {
  /** `address[city]`. */
  readonly name: string;
  /** From the initial value: `boolean` renders a checkbox, `list` a multiple select, `text` anything else. */
  readonly kind: FieldKind;
  /** What the schema says of it, when the schema can describe itself (see schema-info.ts). */
  readonly info: FieldInfo | undefined;
}

/** The state of a form: plain data, stored with its view under the name of the field holding it. */
interface FormState {
  values: Record<string, unknown>;
  /** Every field's current message, shown or not (see {@link FormController.error}). */
  errors: FormErrors;
  /** Field names the user changed (Phoenix's used inputs), in the order first changed. */
  touched: string[];
  /** A submit happened since the last reset: every error shows. */
  submitted: boolean;
}

/** A form bound to a schema; see the module's documentation. Created with {@link liveForm}. */
export class FormController<S extends StandardSchemaV1 = StandardSchemaV1> implements FieldController {
  /** The schema every change is validated with. */
  readonly schema: S;
  /** The options, checked, with defaults applied. */
  readonly options: ResolvedFormOptions;
  readonly #initial: Record<string, unknown>;
  readonly #slots: readonly FieldSlot[];
  readonly #names: ReadonlySet<string>;
  readonly #info: SchemaInfo | undefined;
  #host: object | undefined;
  #field: string | undefined;
  #state: FormState;

  /** Use {@link liveForm}, which checks its arguments. */
  constructor(schema: S, initial: Record<string, unknown>, options: ResolvedFormOptions, info: SchemaInfo | undefined) {
    this.schema = schema;
    this.options = options;
    this.#initial = structuredClone(initial);
    const names = fieldNamesOf(initial);
    this.#slots = slotsOf(names, initial);
    this.#names = new Set(names);
    this.#info = info;
    this.#state = this.#fresh();
  }

  /** The form's id: its event target, `<form id>` and fields' id prefix (option `id`, else its field's name). */
  get id(): string {
    return this.options.id ?? this.#field ?? "form";
  }

  /** The current values (the browser's text, checkboxes as booleans), typed by the schema's input. */
  get values(): FormValues<S> {
    return this.#state.values as FormValues<S>;
  }

  /**
   * Every field's current error message, shown or not, by field name (`""`: the form's own); for the initial
   * values too, when the schema validates synchronously (zod does; an async schema's are known after the first
   * event). What to display is {@link error}.
   */
  get errors(): Readonly<FormErrors> {
    return this.#state.errors;
  }

  /** The fields the user changed since the form was created or reset. */
  get touched(): readonly string[] {
    return this.#state.touched;
  }

  /** Whether a submit happened since the form was created or reset (then every error shows). */
  get submitted(): boolean {
    return this.#state.submitted;
  }

  /** The declared field names, from the initial values, depth first (`["email", "address[city]"]`). */
  get fields(): readonly string[] {
    return this.#slots.map((s) => s.name);
  }

  /** The view or component holding the form, once attached. */
  get host(): object | undefined {
    return this.#host;
  }

  /** What the helpers need to render field `name`; `undefined` when the form has no such field. */
  field(name: string): FormField | undefined {
    const slot = this.#slots.find((s) => s.name === name);
    return slot && { name, kind: slot.kind, info: this.#info?.get(name) };
  }

  /** The value of field `name` (`"address[city]"`), `undefined` when there is none. */
  value(name: FieldName<FormValues<S>>): unknown {
    return valueAt(this.#state.values, pathOf(name));
  }

  /**
   * Whether field `name`'s error may show (Phoenix's `used_input?`): the user changed it, or a submit happened.
   * The form's own error (`""`) shows after a submit.
   */
  used(name: string): boolean {
    return this.#state.submitted || (name !== FORM_ERROR && this.#state.touched.includes(name));
  }

  /** The message to display for field `name` (`""`: the form's own): its error once {@link used}, else `undefined`. */
  error(name: string): string | undefined {
    return this.used(name) ? this.#state.errors[name] : undefined;
  }

  /**
   * Sets field `name`'s error message (`""`: the form's own), for checks the schema cannot make: "this email is
   * already registered" in `formValid`. Shown like the schema's (once the field is used, or after a submit); the
   * next validation replaces it.
   * @throws TypeError when the form has no field `name`.
   */
  setError(name: FieldName<FormValues<S>> | typeof FORM_ERROR, message: string): void {
    if (name !== FORM_ERROR && !this.#names.has(name)) throw new TypeError(`form "${this.id}" has no field "${name}"`);
    this.#state.errors = { ...this.#state.errors, [name]: message };
  }

  /**
   * Event `validate` (the form's `rein-change`, or `rein-input`): assigns the declared fields the event carries,
   * marks those whose value changed as touched, and validates the whole form.
   * @throws FormInputError for a value over `maxFieldLength` or of the wrong shape: nothing changes.
   */
  @event({ description: "assigns the form's fields and validates them" })
  async validate(params: EventParams): Promise<void> {
    const { values, changed } = assignFields(this.id, this.#slots, this.#state.values, params, this.options.maxFieldLength);
    const result = await this.#check(values);
    const s = this.#state;
    this.#state = { values, errors: result.issues ? errorsOf(result.issues, this.#names) : {}, touched: union(s.touched, changed), submitted: s.submitted };
  }

  /**
   * Event `submit` (the form's `rein-submit`): assigns and validates like {@link validate}, then every error shows;
   * valid, the host's `formValid(values, form)` runs with the schema's output, then the draft is cleared (unless
   * `formValid` set an error with {@link setError}); invalid, the host's `formInvalid(errors, form)` runs.
   * @throws FormInputError like {@link validate}; whatever the host's callback throws (the change rolls back).
   */
  @event({ description: "validates the whole form, then calls formValid or formInvalid" })
  async submit(params: EventParams): Promise<void> {
    const { values, changed } = assignFields(this.id, this.#slots, this.#state.values, params, this.options.maxFieldLength);
    const result = await this.#check(values);
    const errors = result.issues ? errorsOf(result.issues, this.#names) : {};
    this.#state = { values, errors, touched: union(this.#state.touched, changed), submitted: true };
    const host = this.#host as FormHost<S> | undefined;
    if (result.issues) return void (await host?.formInvalid?.(errors, this));
    const state = this.#state;
    await host?.formValid?.(result.value, this);
    // The draft goes, unless formValid refused after all (setError) or reset the form (which cleared it).
    if (this.#state === state && Object.keys(state.errors).length === 0) this.clearDraft();
  }

  /** Event `reset` (a button with `rein-click="reset"` inside the form): {@link resetForm}. */
  @event({ description: "puts the form back to its initial values" })
  reset(): void {
    this.resetForm();
  }

  /**
   * Puts the values back to the initial ones and forgets errors, touched fields and the submit. The browser's
   * inputs follow, including text the user typed that the server never saw (the form is reset in the browser after
   * the patches), and the draft is forgotten.
   */
  resetForm(): void {
    this.#state = this.#fresh();
    this.#push([this.id, this.options.draft ?? ""]);
  }

  /**
   * Forgets the browser's draft of this form (option `draft`), wherever the call happens: the browser hears it in
   * the reply or update frame that follows (a push), not only at page load. Does nothing without a draft key, and
   * before the view is connected (during the first paint there is no browser to tell yet).
   */
  clearDraft(): void {
    if (this.options.draft !== undefined) this.#push(["", this.options.draft]);
  }

  /** Attaches the form to the view (or component) whose field `field` holds it. Called by the engine. */
  [ATTACH_TO_FIELD](host: object, field: string): void {
    if (this.#host !== undefined && this.#host !== host) {
      throw new Error(`form "${this.id}" already belongs to a ${this.#host.constructor.name}: create one form per view`);
    }
    this.#host = host;
    this.#field = field;
    addController(host, this);
  }

  /** Registers the form as an event target of its view (under its id). */
  hostConnected(): void {
    const ctx = this.#host && contextOf(this.#host);
    if (!ctx) return;
    const targets = (ctx.targets ??= new Map());
    const other = targets.get(this.id);
    if (other === undefined || other === this) targets.set(this.id, this);
    else ctx.log(`form "${this.id}": the event target id is taken by a ${other.constructor.name}; give the form another id`);
  }

  /** Unregisters the form's event target. */
  hostDisconnected(): void {
    const targets = this.#host && contextOf(this.#host)?.targets;
    if (targets?.get(this.id) === this) targets.delete(this.id);
  }

  /** The form's state (see {@link FormState}), stored with the view. */
  /**
   * The form's state as stored with its view: values, errors, touched fields, the submit flag; password fields'
   * values left out (empty), so a password never reaches the state backend. The browser still holds what was typed
   * and sends it with the next change (and form recovery sends it after a reconnect).
   */
  saveState(): unknown {
    const secret = this.#slots.filter((slot) => isSecretField(slot.name, this.options.fields[slot.name]));
    if (secret.length === 0) return this.#state;
    const values = structuredClone(this.#state.values) as Record<string, unknown>;
    for (const slot of secret) blankAt(values, pathOf(slot.name));
    return { ...this.#state, values };
  }

  /**
   * Puts back what {@link saveState} returned (a restore or a rollback).
   * @throws Error when `saved` is not a form's state (the restore then fails like corrupt state).
   */
  restoreState(saved: unknown): void {
    if (!isFormState(saved)) throw new Error(`form "${this.id}": the stored state is not a form's`);
    this.#state = saved;
  }

  /** The state of the initial values: their errors when the schema answers synchronously, nothing used. */
  #fresh(): FormState {
    const values = structuredClone(this.#initial);
    const result = this.schema["~standard"].validate(values);
    let errors: FormErrors = {};
    if (result instanceof Promise) result.catch(() => {}); // known after the first event
    else if (result.issues) errors = errorsOf(result.issues, this.#names);
    return { values, errors, touched: [], submitted: false };
  }

  async #check(values: Record<string, unknown>): Promise<StandardSchemaV1.Result<FormOutput<S>>> {
    const result = this.schema["~standard"].validate(values);
    return (result instanceof Promise ? await result : result) as StandardSchemaV1.Result<FormOutput<S>>;
  }

  #push(payload: FormResetPayload): void {
    const ctx = this.#host && contextOf(this.#host);
    if (!ctx?.connected) return;
    ctx.pushes.push([FORM.resetPush, payload]);
    ctx.changed();
  }
}

/**
 * Creates a form bound to `schema`, to hold in a field of a view or component (in the field's initializer, so it is
 * there again when the view is restored):
 *
 * ```tsx
 * class SignupView extends LiveView implements FormHost<typeof Signup> {
 *   form = liveForm(Signup, { email: "", password: "" }, { draft: "signup" });
 *   formValid(values: z.output<typeof Signup>) { ... }
 *   render() { return <LiveForm form={this.form} />; }
 * }
 * ```
 *
 * @param schema - any Standard Schema (zod 4, valibot, arktype) of an object.
 * @param initialValues - every field of the form with its initial value: they declare the fields (the only keys
 *   ever assigned from the browser) and their kinds (a boolean is a checkbox, an array a list of choices, anything
 *   else text). Nested objects group fields (`{ address: { city: "" } }` is the field `address[city]`).
 * @throws TypeError when `schema` is not a Standard Schema, `initialValues` is not a plain object, an option is
 *   bad (see `resolveFormOptions`), or (for a schema that describes itself, such as zod's) a field is not in the
 *   schema or a required field of the schema is missing.
 */
export function liveForm<S extends StandardSchemaV1>(
  schema: S,
  initialValues: FormValues<S>,
  options?: FormOptions<FieldName<FormValues<S>>>,
): FormController<S> {
  if (typeof (schema as Partial<StandardSchemaV1> | null)?.["~standard"]?.validate !== "function") {
    throw new TypeError("liveForm: the schema must be a Standard Schema (zod, valibot, arktype...)");
  }
  if (!isGroup(initialValues)) throw new TypeError("liveForm: the initial values must be a plain object of the form's fields");
  const resolved = resolveFormOptions(options as FormOptions | undefined);
  const info = describeSchema(schema);
  if (info) {
    const names = fieldNamesOf(initialValues);
    const extra = names.filter((n) => !info.has(n));
    if (extra.length) throw new TypeError(`liveForm: ${extra.map((n) => `"${n}"`).join(", ")} not in the schema`);
    const missing = [...info].filter(([n, f]) => f.required && !names.includes(n)).map(([n]) => `"${n}"`);
    if (missing.length) throw new TypeError(`liveForm: the initial values miss the schema's required ${missing.join(", ")}`);
  }
  return new FormController(schema, initialValues, resolved, info);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return b.every((x) => a.includes(x)) ? (a as string[]) : [...a, ...b.filter((x) => !a.includes(x))];
}

function isFormState(v: unknown): v is FormState {
  if (!isGroup(v)) return false;
  return (
    isGroup(v["values"]) &&
    isGroup(v["errors"]) &&
    Array.isArray(v["touched"]) &&
    (v["touched"] as unknown[]).every((t) => typeof t === "string") &&
    typeof v["submitted"] === "boolean"
  );
}

/** Sets the string at `path` in `values` to `""` (a password left out of the stored state). */
function blankAt(values: Record<string, unknown>, path: readonly string[]): void {
  let at: Record<string, unknown> | undefined = values;
  for (let i = 0; i < path.length - 1 && at; i++) at = at[path[i]!] as Record<string, unknown> | undefined;
  const last = path[path.length - 1];
  if (at && last !== undefined && typeof at[last] === "string") at[last] = "";
}
