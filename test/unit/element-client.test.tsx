/**
 * The element-driven test client (src/testing/element.ts): `client.element(selector, text)` and
 * `client.form(selector)` send what the rendered markup binds (binding, `rein-value-*`, field values, target), so
 * a typo in a binding fails the test; `hasElement`, `render`; `ViewClient` typed by the view class.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { event, LiveComponent, LiveForm, liveForm, LiveView } from "rein";
import { ElementHandle, FormDriver, FormElement, type FormFor, ViewClient } from "rein/testing";

class CounterView extends LiveView {
  count = 0;
  keys: string[] = [];
  saved: unknown[] = [];
  changed: unknown[] = [];
  @event({ params: z.object({ by: z.coerce.number() }) }) add({ by }: { by: number }) {
    this.count += by;
  }
  @event() increment() {
    this.count += 1;
  }
  @event({ params: z.object({ key: z.string() }) }) key({ key }: { key: string }) {
    this.keys.push(key);
  }
  @event({ params: z.record(z.string(), z.unknown()) }) save(params: Record<string, unknown>) {
    this.saved.push(params);
  }
  @event({ params: z.record(z.string(), z.unknown()) }) validate(params: Record<string, unknown>) {
    this.changed.push(params);
  }
  override render() {
    return (
      <div>
        <h1>Count: {this.count}</h1>
        <button rein-click="increment">+</button>
        <button rein-click="add" rein-value-by="5">+5</button>
        <button rein-click="add" rein-value-by="10">+10</button>
        <button rein-click="incremnt" class="typo">oops</button>
        <p class="plain">no binding</p>
        <input id="k" rein-keydown:enter="key" />
        <form id="profile" rein-change="validate" rein-submit="save">
          <input name="user[name]" value="Ada" />
          <input type="checkbox" name="news" value="yes" checked />
          <input type="checkbox" name="spam" />
          <input name="off" value="x" disabled />
          <select name="lang">
            <option value="en">English</option>
            <option value="fr" selected>French</option>
          </select>
          <textarea name="bio">Hello</textarea>
          <button type="submit">Save</button>
        </form>
      </div>
    );
  }
}

class Counter extends LiveComponent<{ start: number }> {
  count = 0;
  override mount({ start }: { start: number }) {
    this.count = start;
  }
  @event() inc() {
    this.count += 1;
  }
  override render() {
    return (
      <section class="counter">
        <button rein-click="inc">+</button>
        <output>{this.count}</output>
      </section>
    );
  }
}

class Board extends LiveView {
  override render() {
    return (
      <main>
        <Counter id="left" start={5} />
        <Counter id="right" start={0} />
      </main>
    );
  }
}

describe("element()", () => {
  it("click with rein-value-*", async () => {
    const c = await ViewClient.mount(CounterView);
    const reply = await c.element("button", "+5").click();
    expect(reply[0]).toBe("r");
    expect(c.view.count).toBe(5);
    await c.element("button", /^\+10$/).click();
    expect(c.view.count).toBe(15);
    await c.element("button[rein-click=increment]").click();
    expect(c.view.count).toBe(16);
    expect(c.render()).toContain("<h1>Count: 16</h1>");
  });

  it("a typo'd binding fails with the binding named", async () => {
    const c = await ViewClient.mount(CounterView);
    await expect(c.element("button.typo").click()).rejects.toThrow(/rein-click="incremnt" on <button.*unknown_event/);
  });

  it("keydown honours the key filter and sends the key", async () => {
    const c = await ViewClient.mount(CounterView);
    await c.element("#k").keydown("Enter");
    expect(c.view.keys).toEqual(["Enter"]);
    await expect(c.element("#k").keydown("a")).rejects.toThrow(/has no rein-keydown binding for key "a".*rein-keydown:enter/);
    expect(c.view.keys).toEqual(["Enter"]);
  });

  it("not found, ambiguous and unbound elements throw, listing what was found", async () => {
    const c = await ViewClient.mount(CounterView);
    await expect(c.element("button", "nope").click()).rejects.toThrow(/no element "button" with text "nope".*the selector alone matches:\n {2}<button/s);
    await expect(c.element("#missing").click()).rejects.toThrow(/no element "#missing" in the rendered markup/);
    await expect(c.element("button", "+").click()).rejects.toThrow(/3 elements match element "button" with text "\+".*\+5.*\+10/s);
    await expect(c.element("p.plain").click()).rejects.toThrow(/<p class="plain">no binding<\/p> has no rein-click binding, nor has any ancestor/);
  });

  it("hasElement and render", async () => {
    const c = await ViewClient.mount(CounterView);
    expect(c.hasElement("h1", "Count: 0")).toBe(true);
    expect(c.hasElement("h1", /Count: \d+/)).toBe(true);
    expect(c.hasElement("h1", "Count: 1")).toBe(false);
    expect(c.hasElement("form#profile select[name=lang]")).toBe(true);
    await c.element("button", "+5").click();
    expect(c.hasElement("h1", "Count: 5")).toBe(true);
    expect(c.render()).toBe(c.html());
  });

  it("the target comes from the nearest rein-component", async () => {
    const c = await ViewClient.mount(Board);
    await c.element("[rein-component=left] button").click();
    expect(c.hasElement("[rein-component=left] output", "6")).toBe(true);
    expect(c.hasElement("[rein-component=right] output", "0")).toBe(true);
  });
});

describe("form(selector)", () => {
  it("change sends rein-change with the fields as the markup shows them, merged with values", async () => {
    const c = await ViewClient.mount(CounterView);
    const form = c.form("#profile", { user: { name: "Grace" } });
    expect(form).toBeInstanceOf(FormElement);
    await form.change({ bio: "Hi" });
    expect(c.view.changed).toEqual([{ user: { name: "Grace" }, news: "yes", lang: "fr", bio: "Hi" }]);
  });

  it("submit sends rein-submit; unknown fields are refused", async () => {
    const c = await ViewClient.mount(CounterView);
    await c.form("form#profile").submit();
    expect(c.view.saved).toEqual([{ user: { name: "Ada" }, news: "yes", lang: "fr", bio: "Hello" }]);
    expect(() => c.form("#profile").values({ nmae: "x" })).toThrow(/has no field "nmae"/);
    await expect(c.form("#nothing").submit()).rejects.toThrow(/no form "#nothing"/);
  });

  it("a field's change goes to its form's binding with the typed value", async () => {
    const c = await ViewClient.mount(CounterView);
    await c.element("[name=bio]").change("Typed");
    expect(c.view.changed).toEqual([{ user: { name: "Ada" }, news: "yes", lang: "fr", bio: "Typed" }]);
    await c.element("[name=news]").change(false);
    expect(c.view.changed[1]).toEqual({ user: { name: "Ada" }, lang: "fr", bio: "Hello" });
  });

  it("a liveForm id still gives a FormDriver; its <form> by selector goes to the form's target", async () => {
    class Signup extends LiveView {
      signup = liveForm(z.object({ email: z.email("Enter a valid email") }), { email: "" });
      override render() {
        return <LiveForm form={this.signup} submitLabel="Go" />;
      }
    }
    const c = await ViewClient.mount(Signup);
    expect(c.form("signup")).toBeInstanceOf(FormDriver);
    await c.form("form[rein-target=signup]").change({ email: "nope" });
    expect(c.view.signup.error("email")).toBe("Enter a valid email");
  });
});

describe("typing", () => {
  it("the view is typed by its class; forms by their argument", async () => {
    const c = await ViewClient.mount(CounterView);
    expectTypeOf(c.view).toEqualTypeOf<CounterView>();
    expectTypeOf(c.view.count).toBeNumber();
    expectTypeOf(c.form("#profile")).toEqualTypeOf<FormElement>();
    expectTypeOf<ReturnType<typeof c.form<"signup">>>().toEqualTypeOf<FormDriver>();
    expectTypeOf<FormFor<"form#signup">>().toEqualTypeOf<FormElement>();
    expectTypeOf<FormFor<string>>().toEqualTypeOf<FormDriver>();
    expectTypeOf(c.element("button")).toEqualTypeOf<ElementHandle>();
    const loose: ViewClient = c; // still assignable to the untyped client
    expect(loose.view).toBe(c.view);
  });
});
