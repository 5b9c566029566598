/**
 * `/form`: a sign-up form with live validation (src/live/forms/). The schema checks the name, the email, the
 * password rules and the confirmation (a cross-field refinement); errors show once a field was used, all of them
 * after a submit; the password rules tick as you type; the email "is already registered" check is the server's,
 * after the schema; what you type is kept as a draft in this browser (never the password) until you sign up. A
 * side panel shows what the server holds.
 * @module
 */
import { event, type FormErrors, type FormHost, LiveField, LiveForm, liveForm, LiveView } from "rein";
import { z } from "zod";

/** The password rules, each with the message the schema gives and the label of the checklist. */
const RULES = [
  { test: (p: string) => p.length >= 8, message: "Use at least 8 characters", label: "8 characters or more" },
  { test: (p: string) => /\d/.test(p), message: "Add a number", label: "A number" },
  { test: (p: string) => /[A-Z]/.test(p) && /[a-z]/.test(p), message: "Mix upper and lower case", label: "Upper and lower case" },
] as const;

/** The sign-up schema: every rule of the page, the confirmation included. */
export const SignupSchema = z
  .object({
    name: z.string().trim().min(2, "Tell us your name (2 letters or more)"),
    email: z.email("Enter an email address like ada@example.com"),
    password: RULES.reduce((s, r) => s.refine(r.test, r.message), z.string()),
    confirm: z.string().min(1, "Type the password again"),
    terms: z.boolean().refine((v) => v, "Accept the terms to continue"),
  })
  .refine((v) => v.confirm === "" || v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

/** A value as the side panel shows it: passwords masked, text quoted. */
function shown(name: string, value: unknown): string {
  if (typeof value !== "string") return String(value);
  return name === "password" || name === "confirm" ? "•".repeat(value.length) || '""' : JSON.stringify(value);
}

/** The side panel's message column: the field's error, and whether the page shows it. */
function status(error: string | undefined, visible: string | undefined) {
  if (error === undefined) return <span class="fm-ok">no error</span>;
  return visible ? <span class="fm-shown">shown</span> : <span class="fm-hidden">hidden: not used yet</span>;
}

/** The accounts registered in this process (a database in an application); one is taken from the start. */
export const accounts = new Set(["ada@example.com"]);

const INITIAL = { name: "", email: "", password: "", confirm: "", terms: false };

/** The sign-up page. */
export class FormView extends LiveView implements FormHost<typeof SignupSchema> {
  static override title = "Sign-up form";

  signup = liveForm(SignupSchema, INITIAL, {
    draft: "gallery-signup",
    validateOn: "input",
    debounceMs: 250,
    submitLabel: "Create account",
    fields: {
      name: { label: "Full name", autocomplete: "name", placeholder: "Ada Lovelace", debounce: "blur" },
      email: { label: "Email", autocomplete: "email", placeholder: "ada@example.com", debounce: "blur" },
      password: { label: "Password", autocomplete: "new-password" },
      confirm: { label: "Confirm password", type: "password", autocomplete: "new-password", debounce: "blur" },
      terms: { label: "I accept the terms of service" },
    },
  });
  /** Set once signed up: the success card replaces the form. */
  welcome: { name: string; email: string } | null = null;
  /** Submits that failed, for the side panel. */
  refused = 0;

  formValid(values: z.output<typeof SignupSchema>): void {
    const email = values.email.toLowerCase();
    if (accounts.has(email)) {
      // A check the schema cannot make: shown on the field like the schema's own messages.
      this.signup.setError("email", "This email is already registered: sign in instead, or use another one");
      this.refused += 1;
      return;
    }
    accounts.add(email);
    this.welcome = { name: values.name, email };
    this.signup.resetForm();
  }

  formInvalid(_errors: Readonly<FormErrors>): void {
    this.refused += 1;
  }

  /** "Create another account": back to an empty form. */
  @event({ description: "Shows the empty form again after a sign-up." })
  again(): void {
    this.welcome = null;
  }

  override render() {
    const form = this.signup;
    const password = String(form.values.password ?? "");
    return (
      <div class="fm">
        <section class="fm-card" aria-labelledby="fm-title">
          {this.welcome ? (
            <div class="fm-success" id="fm-success" role="status">
              <div class="fm-success-mark" aria-hidden="true">✓</div>
              <h2 id="fm-title" class="fm-title">Welcome aboard, {this.welcome.name}!</h2>
              <p class="fm-lead">
                Your account is ready. We sent a confirmation link to <strong>{this.welcome.email}</strong>.
              </p>
              <button type="button" class="g-btn g-btn-primary" id="fm-again" rein-click="again">
                Create another account
              </button>
            </div>
          ) : (
            <div class="fm-signup" id="fm-signup">
              <h2 id="fm-title" class="fm-title">Create your account</h2>
              <p class="fm-lead">Free for 30 days. No card needed.</p>
              <LiveForm form={form}>
                <LiveField form={form} name="name" />
                <LiveField form={form} name="email" />
                <LiveField form={form} name="password" />
                <ul class="fm-rules" id="fm-rules" aria-label="Password rules">
                  {RULES.map((r) => (
                    <li class={r.test(password) ? "fm-rule is-met" : "fm-rule"}>{r.label}</li>
                  ))}
                </ul>
                <LiveField form={form} name="confirm" />
                <LiveField form={form} name="terms" />
                <button type="submit" id="fm-submit" class="fm-submit" rein-loading="submit" rein-loading:disable rein-loading-text="Creating account…">
                  Create account
                </button>
                <p class="fm-draft">
                  <span class="fm-draft-dot" aria-hidden="true" /> Your answers are kept in this browser as you type,
                  never the password, until you sign up.{" "}
                  <button type="button" id="fm-clear" class="fm-link" rein-click="reset">
                    Clear the form
                  </button>
                </p>
              </LiveForm>
            </div>
          )}
        </section>
        <aside class="fm-panel" aria-label="What the server holds">
          <h3 class="fm-panel-title">What the server holds</h3>
          <table class="fm-state" id="fm-state">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Value</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {form.fields.map((name) => (
                <tr id={`fm-state-${name}`}>
                  <th scope="row">{name}</th>
                  <td>
                    <code>{shown(name, form.value(name as keyof typeof INITIAL))}</code>
                  </td>
                  <td>{status(form.errors[name], form.error(name))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="fm-panel-note" id="fm-summary">
            {form.submitted ? "Submitted: every message shows." : "A message shows once you have used its field."}{" "}
            <span id="fm-refused">{this.refused}</span> refused {this.refused === 1 ? "submit" : "submits"},{" "}
            <span id="fm-accounts">{accounts.size}</span> {accounts.size === 1 ? "account" : "accounts"} in this process.
          </p>
        </aside>
      </div>
    );
  }
}
