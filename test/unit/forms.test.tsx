/**
 * Forms with live validation (src/live/forms/): a form is a view controller held in a field, validated by its
 * schema, its errors shown once used (Phoenix's used_input?), its state stored with the view; the helpers render
 * accessible markup in the configured class preset, in JSX and in Nunjucks.
 */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createEngine,
  createRein,
  FormController,
  type FormErrors,
  type FormHost,
  LiveField,
  LiveForm,
  liveForm,
  liveRoutes,
  LiveView,
  MemoryBackend,
  serve,
  type Served,
} from "rein";
import { loadPage, TestSocket, ViewClient } from "rein/testing";

const Signup = z
  .object({
    email: z.email("Enter a valid email"),
    password: z.string().min(8, "At least 8 characters"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });
type SignupOut = z.output<typeof Signup>;

const GOOD = { email: "ada@example.com", password: "s3cretpass", confirm: "s3cretpass" };

/** What the hosts heard, in order. */
const heard: string[] = [];

class SignupView extends LiveView implements FormHost<typeof Signup> {
  signup = liveForm(Signup, { email: "", password: "", confirm: "" }, { draft: "signup" });
  saved: string[] = [];
  failOnValid = false;
  formValid(values: SignupOut, form: FormController<typeof Signup>) {
    heard.push(`valid ${values.email} ${form.id}`);
    if (this.failOnValid) throw new Error("database down");
    this.saved.push(values.email);
  }
  formInvalid(errors: Readonly<FormErrors>) {
    heard.push(`invalid ${Object.keys(errors).join(",")}`);
  }
  override render() {
    return (
      <main>
        <LiveForm form={this.signup} submitLabel="Sign up" />
      </main>
    );
  }
}

/** The DOM id prefix and target of the form above: its field's name. */
const T = "signup";

function input(html: string, name: string): string {
  return new RegExp(`<input[^>]*name="${name.replace(/[[\]]/g, "\\$&")}"[^>]*>`).exec(html)?.[0] ?? "";
}
function errorText(html: string, id: string): string | undefined {
  return new RegExp(`<p id="${id}-error"[^>]*>([^<]*)</p>`).exec(html)?.[1];
}

/** Mounts `cls` in a ViewClient whose `view` is typed as the class. */
function mountAs<V extends LiveView>(cls: new () => V, options?: Parameters<typeof ViewClient.mount>[1]) {
  return ViewClient.mount(cls, options) as Promise<ViewClient & { readonly view: V }>;
}

afterEach(() => {
  heard.length = 0;
});

describe("liveForm: validation", () => {
  it("shows a field's error only once the user changed that field", async () => {
    const c = await mountAs(SignupView);
    const form = c.view.signup as FormController<typeof Signup>;
    // Never touched: nothing shows, though the initial values' errors are known.
    expect(Object.keys(form.errors).sort()).toEqual(["email", "password"]);
    expect(errorText(c.html(), `${T}-email`)).toBe("");
    await c.event("validate", { email: "x", password: "", confirm: "" }, T);
    // Every error is known...
    expect(Object.keys(form.errors).sort()).toEqual(["email", "password"]);
    // ...but only the changed field's shows.
    expect(form.touched).toEqual(["email"]);
    expect(errorText(c.html(), `${T}-email`)).toBe("Enter a valid email");
    expect(errorText(c.html(), `${T}-password`)).toBe("");
    expect(input(c.html(), "email")).toContain('aria-invalid="true"');
    expect(input(c.html(), "password")).not.toContain("aria-invalid");
    // The next change keeps the earlier touched fields.
    await c.event("validate", { email: "x", password: "short", confirm: "" }, T);
    expect(form.touched).toEqual(["email", "password"]);
    expect(errorText(c.html(), `${T}-password`)).toBe("At least 8 characters");
    // Fixed: the error goes.
    await c.event("validate", { email: "ada@example.com", password: "short", confirm: "" }, T);
    expect(errorText(c.html(), `${T}-email`)).toBe("");
    expect(input(c.html(), "email")).not.toContain("aria-invalid");
  });

  it("shows every error after a submit and calls formInvalid with them all", async () => {
    const c = await mountAs(SignupView);
    await c.event("submit", { email: "", password: "", confirm: "" }, T);
    expect(heard).toEqual(["invalid email,password"]);
    expect(c.view.signup.submitted).toBe(true);
    expect(errorText(c.html(), `${T}-email`)).toBe("Enter a valid email");
    expect(errorText(c.html(), `${T}-password`)).toBe("At least 8 characters");
    expect(c.html().match(/aria-invalid="true"/g)).toHaveLength(2);
  });

  it("runs cross-field refinements on their field", async () => {
    const c = await mountAs(SignupView);
    await c.event("validate", { ...GOOD, confirm: "s3cretpasz" }, T);
    expect(c.view.signup.errors).toEqual({ confirm: "The passwords do not match" });
    expect(errorText(c.html(), `${T}-confirm`)).toBe("The passwords do not match");
    await c.event("submit", { ...GOOD, confirm: "other" }, T);
    expect(heard).toEqual(["invalid confirm"]);
  });

  it("calls formValid with the schema's output and the form, then clears the draft", async () => {
    const c = await mountAs(SignupView);
    const reply = await c.event("submit", GOOD, T);
    expect(reply[0]).toBe("r");
    expect(heard).toEqual(["valid ada@example.com signup"]);
    expect(c.view.saved).toEqual(["ada@example.com"]);
    expect(c.view.signup.errors).toEqual({});
    expect(c.pushes()).toEqual([["rein:form-reset", ["", "signup"]]]);
  });

  it("setError() in formValid refuses after all: the message shows on its field and the draft stays", async () => {
    class Taken extends LiveView implements FormHost<typeof Signup> {
      form = liveForm(Signup, { email: "", password: "", confirm: "" }, { draft: "taken" });
      formValid(values: SignupOut) {
        if (values.email === "ada@example.com") this.form.setError("email", "Already registered");
      }
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const c = await mountAs(Taken);
    await c.event("submit", GOOD, "form");
    expect(errorText(c.html(), "form-email")).toBe("Already registered");
    expect(c.pushes()).toEqual([]);
    expect(() => c.view.form.setError("nope" as "email", "x")).toThrow(/no field "nope"/);
    // The next validation is the schema's again.
    await c.event("validate", { ...GOOD, email: "grace@example.com" }, "form");
    expect(c.view.form.errors).toEqual({});
  });

  it("rolls the submit back when formValid throws, the draft push with it", async () => {
    const c = await mountAs(SignupView);
    c.view.failOnValid = true;
    const before = c.html();
    const reply = await c.event("submit", GOOD, T);
    expect(reply).toMatchObject({ 0: "x", 3: "handler_error" });
    expect(c.view.signup.submitted).toBe(false);
    expect(c.view.signup.values).toEqual({ email: "", password: "", confirm: "" });
    expect(c.html()).toBe(before);
    expect(c.pushes()).toEqual([]);
  });

  it("assigns only the fields of the schema: any other key the browser sends is ignored", async () => {
    const c = await mountAs(SignupView);
    await c.event("validate", { ...GOOD, isAdmin: "true", saved: ["mallory"], signup: "x", __proto__: { polluted: "1" } }, T);
    expect(c.view.signup.values).toEqual(GOOD);
    expect(Object.keys(c.view.signup.values)).toEqual(["email", "password", "confirm"]);
    expect((c.view as unknown as Record<string, unknown>)["isAdmin"]).toBeUndefined();
    expect(c.view.saved).toEqual([]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    // An event with none of the form's fields changes nothing.
    await c.event("validate", { role: "admin" }, T);
    expect(c.view.signup.values).toEqual(GOOD);
  });

  it("refuses an oversized value whole, with a clear error, and leaves the state as it was", async () => {
    const c = await mountAs(SignupView);
    await c.event("validate", { email: "x", password: "", confirm: "" }, T);
    const form = c.view.signup;
    const before = { values: { ...form.values }, errors: { ...form.errors }, touched: [...form.touched], html: c.html() };
    const reply = await c.event("validate", { email: "ada@example.com", password: "p".repeat(10_001), confirm: "" }, T);
    expect(reply).toMatchObject({ 0: "x", 3: "handler_error" });
    expect(reply[4]).toContain('field "password": 10001 characters, more than the 10000 allowed (maxFieldLength)');
    expect(c.logs.join("\n")).toContain("maxFieldLength");
    expect({ values: form.values, errors: form.errors, touched: form.touched, html: c.html() }).toEqual(before);
    // Exactly the limit is fine, and so is an object where text belongs... not.
    expect((await c.event("validate", { email: "e".repeat(10_000) }, T))[0]).toBe("r");
    expect(await c.event("validate", { email: { nested: "x" } }, T)).toMatchObject({ 0: "x" });
  });

  it("takes a smaller limit per form and renders it as maxlength", async () => {
    class Small extends LiveView {
      form = liveForm(z.object({ name: z.string() }), { name: "" }, { maxFieldLength: 5 });
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const c = await mountAs(Small);
    expect(input(c.html(), "name")).toContain('maxlength="5"');
    expect((await c.event("validate", { name: "123456" }, "form"))[0]).toBe("x");
    expect((await c.event("validate", { name: "12345" }, "form"))[0]).toBe("r");
    expect(c.view.form.values).toEqual({ name: "12345" });
  });
});

describe("liveForm: nested fields, checkboxes, lists", () => {
  const Profile = z.object({
    name: z.string().min(1, "Required"),
    address: z.object({ city: z.string().min(1, "Enter a city"), zip: z.string().regex(/^\d{5}$/, "Five digits") }),
    newsletter: z.boolean(),
    tags: z.array(z.string()).max(2, "Two at most"),
  });

  class ProfileView extends LiveView {
    profile = liveForm(
      Profile,
      { name: "", address: { city: "", zip: "" }, newsletter: false, tags: [] as string[] },
      { fields: { tags: { options: ["a", "b", "c"] } } },
    );
    override render() {
      return (
        <LiveForm form={this.profile}>
          <LiveField form={this.profile} name="address[city]" />
          <LiveField form={this.profile} name="address[zip]" label="ZIP" />
          <LiveField form={this.profile} name="newsletter" label="Send me news" />
          <LiveField form={this.profile} name="tags" />
        </LiveForm>
      );
    }
  }

  it("maps address[city] to { address: { city } } and back, errors included", async () => {
    const c = await mountAs(ProfileView);
    expect(c.view.profile.fields).toEqual(["name", "address[city]", "address[zip]", "newsletter", "tags"]);
    expect(input(c.html(), "address[city]")).toContain('id="profile-address-city"');
    expect(c.html()).toContain('<label for="profile-address-zip" class="rein-label">ZIP</label>');
    await c.event("validate", { name: "Ada", address: { city: "Paris", zip: "75" }, newsletter: "true", tags: ["a"] }, "profile");
    expect(c.view.profile.values).toEqual({ name: "Ada", address: { city: "Paris", zip: "75" }, newsletter: true, tags: ["a"] });
    expect(c.view.profile.value("address[city]")).toBe("Paris");
    expect(c.view.profile.errors).toEqual({ "address[zip]": "Five digits" });
    expect(errorText(c.html(), "profile-address-zip")).toBe("Five digits");
    expect(input(c.html(), "address[city]")).toContain('value="Paris"');
  });

  it("reads an unchecked box as false, a multiple select as a list", async () => {
    const c = await mountAs(ProfileView);
    await c.event("validate", { name: "Ada", newsletter: "true", tags: ["a", "c"] }, "profile");
    expect(c.view.profile.values.newsletter).toBe(true);
    expect(input(c.html(), "newsletter")).toMatch(/type="checkbox"[^>]*value="true" checked=""/);
    expect(c.html()).toContain('<select id="profile-tags" name="tags[]" class="rein-input" aria-describedby="profile-tags-error" aria-required="true" multiple="">');
    expect(c.html()).toContain('<option value="a" selected="">a</option><option value="b">b</option><option value="c" selected="">c</option>');
    // The form sends its fields without the box: unchecked.
    await c.event("validate", { name: "Ada", tags: ["a", "b", "c"] }, "profile");
    expect(c.view.profile.values.newsletter).toBe(false);
    expect(c.view.profile.errors).toMatchObject({ tags: "Two at most" });
  });
});

describe("liveForm: reset, drafts, state", () => {
  it("resetForm() puts the initial values back, clears errors and touched, and tells the browser", async () => {
    const c = await mountAs(SignupView);
    await c.event("submit", { email: "x", password: "y", confirm: "" }, T);
    expect(c.html()).toContain('value="x"');
    await c.event("reset", {}, T);
    const form = c.view.signup;
    expect(form.values).toEqual({ email: "", password: "", confirm: "" });
    expect([form.errors, form.touched, form.submitted]).toEqual([{ email: "Enter a valid email", password: "At least 8 characters" }, [], false]);
    expect(input(c.html(), "email")).toContain('value=""');
    expect(c.html()).not.toContain("aria-invalid");
    // The browser resets its <form id="signup"> after the patches (text it never sent included) and drops the draft.
    expect(c.pushes().at(-1)).toEqual(["rein:form-reset", ["signup", "signup"]]);
  });

  it("clearDraft() tells the browser in the next frame; the form renders rein-draft", async () => {
    class Drafting extends LiveView {
      form = liveForm(z.object({ note: z.string() }), { note: "" }, { draft: "note-1" });
      override render() {
        return <LiveForm form={this.form} />;
      }
      override mount() {
        this.form.clearDraft(); // before the join: there is no browser to tell yet
      }
    }
    const c = await mountAs(Drafting);
    expect(c.html()).toContain('rein-draft="note-1"');
    expect(c.pushes()).toEqual([]);
    c.view.form.clearDraft(); // outside a handler: an update frame carries it
    await c.idle();
    await new Promise((r) => setTimeout(r, 0));
    await c.idle();
    expect(c.pushes()).toEqual([["rein:form-reset", ["", "note-1"]]]);
  });

  it("keeps values, errors and touched fields across a reconnect (stored with the view)", async () => {
    const backend = new MemoryBackend();
    const a = await mountAs(SignupView, { backend });
    await a.event("validate", { email: "ada@", password: "", confirm: "" }, T);
    const html = a.html();
    await a.close();
    const b = await mountAs(SignupView, { backend });
    expect(b.view.signup.values).toEqual({ email: "ada@", password: "", confirm: "" });
    expect(b.view.signup.touched).toEqual(["email"]);
    expect(b.html()).toBe(html);
    // The restored form is the event target again.
    await b.event("validate", { ...GOOD }, T);
    expect(b.view.signup.errors).toEqual({});
  });

  it("is not a field of the view's state: its own state is, under the field's name", async () => {
    const backend = new MemoryBackend();
    const c = await mountAs(SignupView, { backend });
    await c.event("validate", { email: "ada@", password: "", confirm: "" }, T);
    const saved = c.view.signup.saveState() as Record<string, unknown>;
    expect(saved).toEqual({
      values: { email: "ada@", password: "", confirm: "" },
      errors: { email: "Enter a valid email", password: "At least 8 characters" },
      touched: ["email"],
      submitted: false,
    });
    await c.close();
    const stored = (await backend.get("v:test-view"))!;
    expect(stored).toContain("signup");
    expect(stored).toContain("Enter a valid email");
    expect(() => c.view.signup.restoreState({ values: 1 })).toThrow(/not a form's/);
  });

  it("works without an event target (the view's controllers are searched) and refuses an unknown one", async () => {
    const c = await mountAs(SignupView);
    await c.event("validate", { email: "x" });
    expect(c.view.signup.values.email).toBe("x");
    expect(await c.event("validate", { email: "y" }, "nope")).toMatchObject({ 0: "x", 3: "unknown_target" });
  });

  it("two forms of one view are told apart by their ids", async () => {
    const A = z.object({ q: z.string().min(2, "Too short") });
    class Two extends LiveView {
      left = liveForm(A, { q: "" });
      right = liveForm(A, { q: "" }, { id: "other" });
      override render() {
        return (
          <div>
            <LiveForm form={this.left} />
            <LiveForm form={this.right} />
          </div>
        );
      }
    }
    const c = await mountAs(Two);
    await c.event("validate", { q: "x" }, "other");
    expect(c.view.left.values.q).toBe("");
    expect(c.view.right.values.q).toBe("x");
    expect(errorText(c.html(), "other-q")).toBe("Too short");
    expect(errorText(c.html(), "left-q")).toBe("");
  });
});

describe("liveForm: options and arguments", () => {
  it("checks its arguments and options", () => {
    const S = z.object({ a: z.string(), b: z.string().optional() });
    expect(() => liveForm({} as never, {} as never)).toThrow(/Standard Schema/);
    expect(() => liveForm(S, null as never)).toThrow(/plain object/);
    expect(() => liveForm(S, { a: "", c: "" } as never)).toThrow(/"c" not in the schema/);
    expect(() => liveForm(S, {} as never)).toThrow(/miss the schema's required "a"/);
    expect(() => liveForm(S, { a: "" })).not.toThrow();
    expect(() => liveForm(S, { a: "" }, { id: "1x" })).toThrow(/option "id"/);
    expect(() => liveForm(S, { a: "" }, { validateOn: "blur" as never })).toThrow(/validateOn/);
    expect(() => liveForm(S, { a: "" }, { maxFieldLength: 0 })).toThrow(/maxFieldLength/);
    expect(() => liveForm(S, { a: "" }, { preset: "bulma" as never })).toThrow(/bootstrap5, tailwind, plain/);
    expect(() => liveForm(S, { a: "" }, { colour: "red" } as never)).toThrow(/unknown liveForm option "colour"/);
    expect(() => liveForm(S, { a: "" }, { fields: { a: { type: "color" as never } } })).toThrow(/fields.a.type/);
  });

  it("validateOn input: rein-input on the form, rein-debounce on the controls", async () => {
    class Typing extends LiveView {
      form = liveForm(z.object({ q: z.string(), ok: z.boolean() }), { q: "", ok: false }, { validateOn: "input", debounceMs: 150 });
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const c = await mountAs(Typing);
    expect(c.html()).toContain('rein-change="validate" rein-input="validate" rein-submit="submit"');
    expect(input(c.html(), "q")).toContain('rein-debounce="150"');
    expect(input(c.html(), "ok")).not.toContain("rein-debounce");
  });

  it("a field's debounce overrides the form's (\"blur\": Phoenix's phx-debounce=\"blur\")", async () => {
    class Blur extends LiveView {
      form = liveForm(z.object({ email: z.string(), q: z.string() }), { email: "", q: "" }, { validateOn: "input", fields: { email: { debounce: "blur" } } });
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const c = await mountAs(Blur);
    expect(input(c.html(), "email")).toContain('rein-debounce="blur"');
    expect(input(c.html(), "q")).toContain('rein-debounce="300"');
    expect(() => liveForm(z.object({ a: z.string() }), { a: "" }, { fields: { a: { debounce: -1 } } })).toThrow(/fields.a.debounce/);
  });

  it("accepts a schema that cannot describe itself (any Standard Schema)", async () => {
    const Bare = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (v: unknown) => {
          const value = v as { code: string };
          return value.code === "42" ? { value } : { issues: [{ message: "Wrong code", path: [{ key: "code" }] }] };
        },
        types: undefined as unknown as { input: { code: string }; output: { code: string } },
      },
    };
    class Bare1 extends LiveView {
      form = liveForm(Bare, { code: "" });
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const c = await mountAs(Bare1);
    await c.event("validate", { code: "7" }, "form");
    expect(errorText(c.html(), "form-code")).toBe("Wrong code");
    expect(input(c.html(), "code")).not.toContain("aria-required");
  });
});

describe("form markup", () => {
  it("is accessible: label for, aria-describedby at present elements, aria-invalid while shown, a stable error slot", async () => {
    class Hinted extends LiveView {
      form = liveForm(Signup, { email: "", password: "", confirm: "" }, { id: "acct", fields: { password: { hint: "8 or more" } } });
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const c = await mountAs(Hinted);
    const html = c.html();
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const m of html.matchAll(/<input [^>]*>/g)) {
      const id = /id="([^"]+)"/.exec(m[0])![1]!;
      expect(html).toContain(`<label for="${id}"`);
      const described = /aria-describedby="([^"]+)"/.exec(m[0])![1]!.split(" ");
      for (const d of described) expect(ids.has(d)).toBe(true);
    }
    expect(input(html, "password")).toContain('aria-describedby="acct-password-hint acct-password-error"');
    // The form's own error element comes first, empty.
    expect(html).toMatch(/^<form id="acct"[^>]*><p id="acct-error" class="rein-form-error" role="alert"><\/p>/);
    // The same elements before and after an error shows: only text and attributes change.
    const tags = (h: string) => [...h.matchAll(/<(\w+)/g)].map((m) => m[1]).join(" ");
    const reply = await c.event("validate", { email: "x" }, "acct");
    expect(tags(c.html())).toBe(tags(html));
    expect(JSON.stringify(reply)).not.toMatch(/\[1,|\[6,/); // no replace or remove op (see src/protocol/patch.ts)
    // A password's value is never rendered.
    await c.event("validate", { password: "hunter22" }, "acct");
    expect(c.html()).not.toContain("hunter22");
    expect(c.view.form.values.password).toBe("hunter22");
  });

  it("uses the form's preset, and a field's preset over it", async () => {
    class Boot extends LiveView {
      form = liveForm(Signup, { email: "", password: "", confirm: "" }, { preset: "bootstrap5" });
      override render() {
        return (
          <LiveForm form={this.form}>
            <LiveField form={this.form} name="email" />
            <LiveField form={this.form} name="password" preset="tailwind" />
          </LiveForm>
        );
      }
    }
    const c = await mountAs(Boot);
    await c.event("submit", { email: "", password: "", confirm: "" }, "form");
    const html = c.html();
    expect(input(html, "email")).toContain('class="form-control is-invalid"');
    expect(html).toContain('<div class="mb-3"><label for="form-email" class="form-label">Email</label>');
    expect(html).toContain('<p id="form-email-error" class="invalid-feedback" aria-live="polite">Enter a valid email</p>');
    expect(input(html, "password")).toContain("border-red-500");
  });

  it("uses the application's preset (createRein's formPreset) in the first paint and on the socket", async () => {
    class App extends LiveView {
      form = liveForm(Signup, { email: "", password: "", confirm: "" });
      override render() {
        return <LiveForm form={this.form} />;
      }
    }
    const app = createRein({ routes: liveRoutes([{ path: "/", view: App }]), formPreset: "bootstrap5", secret: "s".repeat(32) });
    let served: Served | undefined;
    try {
      served = await serve(app, { host: "127.0.0.1", port: 0 });
      const page = await loadPage(served.url + "/");
      expect(page.html).toContain('class="form-control"');
      expect(page.html).toContain('class="btn btn-primary"');
      const socket = await TestSocket.open(served.url);
      try {
        const tree = JSON.stringify(await socket.join(1, page.token, served.url + "/"));
        expect(tree).toContain("form-control");
        const reply = JSON.stringify(await socket.event(1, "submit", { email: "x", password: "", confirm: "" }));
        expect(reply).toContain("form-control is-invalid");
        expect(reply).toContain("Enter a valid email");
      } finally {
        socket.close();
      }
    } finally {
      await served?.close();
    }
    expect(() => createEngine({ formPreset: "bulma" as never })).toThrow(/option "formPreset" must be one of bootstrap5, tailwind, plain/);
  });

  it("throws on a field the form does not have", async () => {
    class Typo extends LiveView {
      form = liveForm(Signup, { email: "", password: "", confirm: "" });
      override render() {
        return <LiveField form={this.form} name={"emial" as "email"} />;
      }
    }
    await expect(mountAs(Typo)).rejects.toThrow(/has no field "emial"/);
  });
});

describe("Nunjucks helpers", () => {
  class Templated extends LiveView {
    static override templateString =
      '<section>{{ live_form(form, submitLabel="Go") }}</section>' +
      '<aside>{{ live_field(form, "email", label="E-mail", autocomplete="email") }}</aside>';
    form = liveForm(Signup, { email: "", password: "", confirm: "" });
  }
  class Jsx extends LiveView {
    form = liveForm(Signup, { email: "", password: "", confirm: "" });
    override render() {
      return (
        <>
          <section>
            <LiveForm form={this.form} submitLabel="Go" />
          </section>
          <aside>
            <LiveField form={this.form} name="email" label="E-mail" autocomplete="email" />
          </aside>
        </>
      );
    }
  }

  it("live_form and live_field render the same markup as the JSX helpers, errors included", async () => {
    const t = await mountAs(Templated);
    const j = await mountAs(Jsx);
    expect(t.html()).toBe(j.html());
    expect(t.html()).toContain('<label for="form-email" class="rein-label">E-mail</label>');
    await t.event("submit", { email: "x", password: "", confirm: "" }, "form");
    await j.event("submit", { email: "x", password: "", confirm: "" }, "form");
    expect(t.html()).toBe(j.html());
    expect(t.html()).toContain("Enter a valid email");
  });

  it("templates read the form's members: values, error(), used()", async () => {
    class Members extends LiveView {
      static override templateString =
        '<p id="v">{{ form.values.email }}</p><p id="e">{{ form.error("email") }}</p><p id="u">{{ "used" if form.used("email") else "unused" }}</p>';
      form = liveForm(Signup, { email: "", password: "", confirm: "" });
    }
    const c = await mountAs(Members);
    expect(c.html()).toBe('<p id="v"></p><p id="e"></p><p id="u">unused</p>');
    await c.event("validate", { email: "x" }, "form");
    expect(c.html()).toBe('<p id="v">x</p><p id="e">Enter a valid email</p><p id="u">used</p>');
  });

  it("name what is wrong in a template", async () => {
    class Wrong extends LiveView {
      static override templateString = "{{ live_form(nope) }}";
    }
    await expect(mountAs(Wrong)).rejects.toThrow(/live_form\(form\): expected a form created with liveForm\(\), got undefined/);
  });
});

describe("ViewClient.form(): a form driven like a browser", () => {
  it("fill sends nothing; blur validates with every field; messages show only for used fields; submit shows all", async () => {
    heard.length = 0;
    const c = await ViewClient.mount(SignupView);
    const form = c.form("signup");
    form.fill({ email: "nope" });
    expect(c.frames.filter((f) => f[0] === "r")).toHaveLength(0);
    await form.blur();
    expect(form.controller.touched).toEqual(["email"]);
    expect(form.controller.error("email")).toBe("Enter a valid email");
    expect(form.controller.error("password")).toBeUndefined();
    const reply = await form.submit({ password: "short" });
    expect(reply[0]).toBe("r");
    expect(form.controller.submitted).toBe(true);
    expect(form.controller.error("password")).toBe("At least 8 characters");
    expect(heard).toEqual(["invalid email,password,confirm"]);
    await form.submit(GOOD);
    expect((c.view as SignupView).saved).toEqual(["ada@example.com"]);
    await form.reset();
    expect(form.controller.values).toEqual({ email: "", password: "", confirm: "" });
  });

  it("naming a form the view does not have is a clear error", async () => {
    const c = await ViewClient.mount(SignupView);
    expect(() => c.form("login")).toThrow(/no form "login"/);
  });
});

describe("passwords are never stored", () => {
  it("the view's stored state has the form's password fields empty; the browser sends them again with the next change", async () => {
    const backend = new MemoryBackend();
    const c = await ViewClient.mount(SignupView, { backend });
    const form = c.form("signup");
    // This view's "confirm" is a text field (no field spec says password, its name does not): it is kept.
    await form.fill({ email: "ada@example.com", password: "s3cretpass", confirm: "not-a-secret" }).blur();
    expect(form.controller.values).toMatchObject({ password: "s3cretpass" });
    await c.close();
    const stored = String(await backend.get("v:test-view"));
    expect(stored).toContain("ada@example.com");
    expect(stored).toContain("not-a-secret");
    expect(stored).not.toContain("s3cretpass");
    const again = await ViewClient.mount(SignupView, { backend });
    expect(again.form("signup").controller.values).toEqual({ email: "ada@example.com", password: "", confirm: "not-a-secret" });
    await again.form("signup").fill({ email: "ada@example.com", password: "s3cretpass", confirm: "s3cretpass" }).submit();
    expect((again.view as SignupView).saved).toEqual(["ada@example.com"]);
  });
});
