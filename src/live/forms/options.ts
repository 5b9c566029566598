/**
 * The options of `liveForm()` and of each of its fields: their defaults in one place and the checks that refuse a
 * bad value with a `TypeError` naming it, when the form is created.
 * @module
 */
import { type FormPreset, FORM_PRESETS, isFormPreset } from "./presets.ts";

/** When fields are validated: on `change` (a text field's change fires when it loses focus) or on every keystroke. */
export type ValidateOn = "change" | "input";

/** The kinds of control the helpers render. */
export type FieldType =
  | "text"
  | "email"
  | "password"
  | "tel"
  | "url"
  | "number"
  | "search"
  | "date"
  | "textarea"
  | "select"
  | "checkbox";

/** How one field renders (all optional; `<LiveField>` props override them). */
export interface FieldSpec {
  /** The label. Default: the field's last name segment in words (`firstName` -> "First name"). */
  label?: string;
  /**
   * The control. Default: `checkbox` for a boolean initial value, `select` when {@link options} are given, `email`
   * for a schema `format: "email"` or a name containing "email", `password` for a name containing "password",
   * else `text`.
   */
  type?: FieldType;
  /** Placeholder text of a text-like input. */
  placeholder?: string;
  /** Help text under the control (`aria-describedby` points at it too). */
  hint?: string;
  /** The `autocomplete` attribute (`"email"`, `"new-password"`, `"off"`...). */
  autocomplete?: string;
  /** The choices of a `select`: values, or `[value, label]` pairs. */
  options?: readonly (string | readonly [value: string, label: string])[];
  /**
   * The control's `rein-debounce`: ms, or `"blur"` (its events wait for the field to lose focus, Phoenix's
   * `phx-debounce="blur"`: an email field of a `validateOn: "input"` form that should not nag while typed). Default:
   * the form's `debounceMs` with `validateOn: "input"`, none otherwise.
   */
  debounce?: number | "blur";
}

/** Options of `liveForm()`. */
export interface FormOptions<Name extends string = string> {
  /**
   * The form's id: its event target (`rein-target`), its `<form id>` and the prefix of its fields' DOM ids. A
   * letter, then letters, digits, `-` or `_`. Default: the name of the view field holding the form.
   */
  id?: string;
  /**
   * `"change"` (default): a field is validated when it changes (a text field when it loses focus, a checkbox or a
   * select at once). `"input"`: on every keystroke, debounced by {@link debounceMs}.
   */
  validateOn?: ValidateOn;
  /** With `validateOn: "input"`: the debounce of typing, in ms (`rein-debounce` on each control). Default 300. */
  debounceMs?: number;
  /**
   * The longest value a field accepts, in characters (UTF-16 code units); a longer one is refused whole (the
   * engine answers with an error frame and the state is unchanged). The helpers render it as `maxlength`, so a
   * browser never sends one. Default 10,000.
   */
  maxFieldLength?: number;
  /**
   * A draft key: the browser keeps what the user typed in `localStorage` under it (never passwords) and restores
   * it on the next visit, until a valid submit or `clearDraft()`. Renders `rein-draft` on the form. Default: none.
   */
  draft?: string;
  /** The class preset of this form's markup. Default: the application's `formPreset` (itself `"plain"` by default). */
  preset?: FormPreset;
  /** How each field renders, by field name. */
  fields?: Partial<Record<Name, FieldSpec>>;
  /** The text of the submit button `live_form` renders. Default "Submit". */
  submitLabel?: string;
}

/** Defaults of {@link FormOptions}. */
export const FORM_DEFAULTS = Object.freeze({
  validateOn: "change" as ValidateOn,
  /** ms. */
  debounceMs: 300,
  /** Characters per field. */
  maxFieldLength: 10_000,
  submitLabel: "Submit",
});

/** {@link FormOptions} checked, with defaults applied (`id` still optional: the view field's name comes later). */
export interface ResolvedFormOptions {
  readonly id: string | undefined;
  readonly validateOn: ValidateOn;
  readonly debounceMs: number;
  readonly maxFieldLength: number;
  readonly draft: string | undefined;
  readonly preset: FormPreset | undefined;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly submitLabel: string;
}

/** A form id or a draft key: a letter, then letters, digits, `-`, `_` (safe in ids, selectors and storage keys). */
export const ID_PATTERN = /^[A-Za-z][\w-]*$/;

const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>([
  "text", "email", "password", "tel", "url", "number", "search", "date", "textarea", "select", "checkbox",
]);
const KNOWN = ["id", "validateOn", "debounceMs", "maxFieldLength", "draft", "preset", "fields", "submitLabel"];

/**
 * Checks `options` and applies {@link FORM_DEFAULTS}.
 * @throws TypeError naming the option: unknown, of the wrong type, or out of range.
 */
export function resolveFormOptions(options: FormOptions = {}): ResolvedFormOptions {
  if (options === null || typeof options !== "object") throw new TypeError(`liveForm options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw new TypeError(`unknown liveForm option "${key}" (known: ${KNOWN.join(", ")})`);
  }
  const o = options;
  for (const key of ["id", "draft"] as const) {
    if (o[key] !== undefined && (typeof o[key] !== "string" || !ID_PATTERN.test(o[key]))) {
      throw new TypeError(`liveForm option "${key}" must match ${ID_PATTERN}, got ${JSON.stringify(o[key])}`);
    }
  }
  if (o.validateOn !== undefined && o.validateOn !== "change" && o.validateOn !== "input") {
    throw new TypeError(`liveForm option "validateOn" must be "change" or "input", got ${JSON.stringify(o.validateOn)}`);
  }
  for (const key of ["debounceMs", "maxFieldLength"] as const) {
    const v = o[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1)) {
      throw new TypeError(`liveForm option "${key}" must be an integer >= 1, got ${String(v)}`);
    }
  }
  if (o.preset !== undefined && !isFormPreset(o.preset)) {
    throw new TypeError(`liveForm option "preset" must be one of ${Object.keys(FORM_PRESETS).join(", ")}, got ${JSON.stringify(o.preset)}`);
  }
  if (o.submitLabel !== undefined && typeof o.submitLabel !== "string") throw new TypeError(`liveForm option "submitLabel" must be a string`);
  const fields: Record<string, FieldSpec> = {};
  if (o.fields !== undefined) {
    if (o.fields === null || typeof o.fields !== "object") throw new TypeError(`liveForm option "fields" must be an object of field name to field spec`);
    for (const [name, spec] of Object.entries(o.fields as Record<string, FieldSpec | undefined>)) {
      if (spec === undefined) continue;
      const d = spec.debounce;
      if (d !== undefined && d !== "blur" && (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0)) {
        throw new TypeError(`liveForm option "fields.${name}.debounce" must be an integer >= 0 or "blur", got ${String(d)}`);
      }
      if (spec.type !== undefined && !FIELD_TYPES.has(spec.type)) {
        throw new TypeError(`liveForm option "fields.${name}.type" must be one of ${[...FIELD_TYPES].join(", ")}, got ${JSON.stringify(spec.type)}`);
      }
      fields[name] = spec;
    }
  }
  return {
    id: o.id,
    validateOn: o.validateOn ?? FORM_DEFAULTS.validateOn,
    debounceMs: o.debounceMs ?? FORM_DEFAULTS.debounceMs,
    maxFieldLength: o.maxFieldLength ?? FORM_DEFAULTS.maxFieldLength,
    draft: o.draft,
    preset: o.preset,
    fields,
    submitLabel: o.submitLabel ?? FORM_DEFAULTS.submitLabel,
  };
}

/**
 * Whether field `name` is a password: its type is `password`, or, without a type, its name contains "password"
 * (the same rule the markup uses). Its value is never rendered, never kept in drafts, never stored with the view.
 */
export function isSecretField(name: string, spec: FieldSpec | undefined): boolean {
  return spec?.type !== undefined ? spec.type === "password" : /password/i.test(name);
}
