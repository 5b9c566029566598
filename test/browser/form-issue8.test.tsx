/**
 * Issue 8, a new user's form, in Chromium against a real server: the defects of the issue, each as the user met it.
 * (a) A conditional error paragraph that appears before the focused input must not replace it: the server's diff
 *     matches unkeyed siblings by kind (src/vdom/diff.ts), so the input is kept with its focus and typed text.
 * (b) A submit button's loading state follows its form's submit only: a change-validation in flight never disables
 *     it under the user's click (src/client/loading.ts), so the submit goes out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createRein, event, LiveView, liveRoutes, serve, type EventParams, type Served } from "rein";
import { hasChromium, launchChromium, waitConnected } from "../helpers/browser.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The form of the issue: `{error ? <p/> : null}` between the label and the input. */
class SignupView extends LiveView {
  error = "";
  checks = 0;
  @event() validate(p: EventParams) {
    this.checks++;
    this.error = String(p.value).includes("@") ? "" : "not an email yet";
  }
  override render() {
    // No `value` on the input: a re-created input would come back empty, as the user saw it.
    return (
      <form id="signup" rein-submit="save">
        <label for="email">Email</label>
        {this.error ? <p class="err">{this.error}</p> : null}
        <input id="email" name="email" autocomplete="off" rein-input="validate" />
        <button>Sign up</button>
        <output id="checks">{this.checks}</output>
      </form>
    );
  }
}

/** A form validated on change by a slow handler, with a loading-disabled submit button. */
class ProfileView extends LiveView {
  static validateMs = 800;
  validations = 0;
  saved = "";
  @event() async validate() {
    await sleep(ProfileView.validateMs);
    this.validations++;
  }
  @event() save(p: EventParams) {
    this.saved = String(p.name);
  }
  override render() {
    return (
      <div>
        <form id="profile" rein-change="validate" rein-submit="save" rein-loading:add-class="busy">
          <input id="name" name="name" autocomplete="off" />
          <button id="submit" type="submit" rein-loading:disable rein-loading-text="Saving...">Save</button>
        </form>
        <p id="validations">{this.validations}</p>
        <p id="saved">{this.saved}</p>
      </div>
    );
  }
}

describe.skipIf(!hasChromium)("issue 8: a new user's form, in chromium", () => {
  let served: Served;
  let browser: Browser;
  beforeAll(async () => {
    const app = createRein({
      routes: liveRoutes([
        { path: "/signup", view: SignupView },
        { path: "/profile", view: ProfileView },
      ]),
    });
    served = await serve(app, { host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(served.url + path);
    await waitConnected(page);
    return page;
  }

  it("a conditional child that appears before an input must not replace the input", async () => {
    const page = await open("/signup");
    const input = await page.$("#email");
    await page.focus("#email");
    await page.keyboard.type("a");
    // The keystroke's reply renders the error paragraph before the input.
    await page.waitForSelector("p.err");
    await page.waitForFunction(() => document.querySelector("#checks")?.textContent === "1");
    const state = () =>
      page.evaluate(() => {
        const el = document.querySelector<HTMLInputElement>("#email")!;
        return { value: el.value, focused: document.activeElement === el, before: el.previousElementSibling?.localName };
      });
    expect(await state()).toEqual({ value: "a", focused: true, before: "p" });
    // The very same element (not a copy), and the user goes on typing into it.
    expect(await page.evaluate((el) => el === document.querySelector("#email"), input)).toBe(true);
    await page.keyboard.type("nn@x.io");
    await page.waitForSelector("p.err", { state: "detached" });
    expect(await state()).toEqual({ value: "ann@x.io", focused: true, before: "label" });
    await page.close();
  });

  it("a submit button's loading state follows the form's submit only, and a click is never lost", async () => {
    const page = await open("/profile");
    await page.focus("#name");
    await page.keyboard.type("Ada");
    // Clicking moves the focus: the input's change fires (mousedown), the slow validation goes out, then the click.
    await page.click("#submit");
    // The click went through while the validation was still in flight...
    expect(await page.textContent("#validations")).toBe("0");
    await page.waitForFunction(() => document.querySelector("#saved")?.textContent === "Ada", undefined, {
      timeout: ProfileView.validateMs * 4,
    });
    // ... and the validation (whose reply comes after the save's, the events being queued in order) completed too.
    await page.waitForFunction(() => document.querySelector("#validations")?.textContent === "1");
    await page.close();
  });
});
