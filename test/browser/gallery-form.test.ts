/**
 * `/form`, the sign-up form (src/live/forms/, src/client/drafts.ts, src/client/recover.ts) in Chromium: live
 * validation that shows a field's message once it was used, a draft restored after a reload and gone after a
 * successful sign-up (never holding the password), and what the user typed recovered, in the inputs and in the
 * server's state, after the server side of the socket is killed and after the server restarts with an empty
 * in-memory backend.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { serve, type Served } from "rein";
import { createGalleryApp } from "../../demo/app.ts";
import { CONNECTED, hasChromium, launchChromium, pageErrors, screenshot, startGallery, waitConnected, type Gallery } from "../helpers/browser.ts";

const DRAFT_KEY = "rein-draft:gallery-signup";
/** Longer than the client's draft write delay (500 ms). */
const AFTER_DRAFT_WRITE_MS = 800;

const value = (page: Page, id: string) => page.inputValue(`#signup-${id}`);
const errorOf = (page: Page, id: string) => page.textContent(`#signup-${id}-error`);
/** What the side panel says the server holds for a field, e.g. `"ada@"`. */
const serverValue = (page: Page, field: string) => page.textContent(`#fm-state-${field} code`);

async function waitText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent === t, [selector, text]);
}

describe.skipIf(!hasChromium)("gallery form", () => {
  let g: Gallery;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });

  it("validates live: a field's message once it was used, the password rules as you type", async () => {
    const page = await g.open("/form", await g.newContext());
    await screenshot(page, "form-empty");
    await page.fill("#signup-email", "ada@");
    await page.press("#signup-email", "Tab"); // the email validates on blur
    await waitText(page, "#signup-email-error", "Enter an email address like ada@example.com");
    await expect(page.getAttribute("#signup-email", "aria-invalid")).resolves.toBe("true");
    await expect(page.getAttribute("#signup-email", "aria-describedby")).resolves.toBe("signup-email-error");
    // The name is invalid too (empty), but unused: no message.
    await expect(errorOf(page, "name")).resolves.toBe("");
    await expect(page.getAttribute("#signup-name", "aria-invalid")).resolves.toBeNull();
    await expect(page.textContent("#fm-state-name")).resolves.toContain("hidden: not used yet");
    // The password's rules tick while typing (debounced), without a blur.
    await page.locator("#signup-password").pressSequentially("abcdefg1", { delay: 15 });
    await page.waitForSelector("#fm-rules li.is-met:nth-child(1)");
    await page.waitForSelector("#fm-rules li.is-met:nth-child(2)");
    await expect(page.$("#fm-rules li.is-met:nth-child(3)")).resolves.toBeNull();
    await waitText(page, "#signup-password-error", "Mix upper and lower case");
    // The password never comes back in the page.
    await expect(page.getAttribute("#signup-password", "value")).resolves.toBeNull();
    expect(await page.content()).not.toContain("abcdefg1");
    await screenshot(page, "form-typing");
    // A submit shows every message; the button stays clickable through the validations.
    await page.click("#fm-submit");
    await waitText(page, "#signup-name-error", "Tell us your name (2 letters or more)");
    await waitText(page, "#signup-terms-error", "Accept the terms to continue");
    await waitText(page, "#signup-confirm-error", "Type the password again");
    await screenshot(page, "form-errors");
    // The cross-field check lands on the confirmation.
    await page.fill("#signup-password", "Abcdefg1");
    await page.fill("#signup-confirm", "Abcdefg2");
    await page.press("#signup-confirm", "Tab");
    await waitText(page, "#signup-confirm-error", "The passwords do not match");
    // "Clear the form" resets the server's form and the browser's, the password too: the server never renders its
    // value, so no patch could clear it (the rein:form-reset push does).
    await page.fill("#signup-name", "Ada");
    await page.click("#fm-clear");
    await page.waitForFunction(() => (document.querySelector("#signup-password") as HTMLInputElement).value === "");
    await expect(value(page, "name")).resolves.toBe("");
    await expect(value(page, "email")).resolves.toBe("");
    await expect(value(page, "confirm")).resolves.toBe("");
    await expect(errorOf(page, "email")).resolves.toBe("");
    await expect(page.textContent("#fm-state-email")).resolves.toContain("hidden: not used yet");
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("restores a draft after a reload (never the password), refuses a taken email, forgets the draft after sign-up", async () => {
    const context = await g.newContext();
    const page = await g.open("/form", context);
    await page.fill("#signup-name", "Ada Lovelace");
    await page.fill("#signup-email", "ada@example.com");
    await page.fill("#signup-password", "Engine1843");
    await page.press("#signup-password", "Tab");
    await page.waitForTimeout(AFTER_DRAFT_WRITE_MS);
    const draft = await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY);
    expect(JSON.parse(draft!)).toEqual([["name", "Ada Lovelace"], ["email", "ada@example.com"], ["terms", false]]);
    expect(draft).not.toContain("Engine1843");

    await page.reload();
    await waitConnected(page);
    await expect(value(page, "name")).resolves.toBe("Ada Lovelace");
    await expect(value(page, "email")).resolves.toBe("ada@example.com");
    await expect(value(page, "password")).resolves.toBe("");
    // The restored draft was sent: the server holds it, and validated it.
    await waitText(page, "#fm-state-email code", '"ada@example.com"');
    await expect(serverValue(page, "name")).resolves.toBe('"Ada Lovelace"');

    // The email is taken: the server's own check, on the field; the draft stays.
    await page.fill("#signup-password", "Engine1843");
    await page.fill("#signup-confirm", "Engine1843");
    await page.check("#signup-terms");
    await page.click("#fm-submit");
    await waitText(page, "#signup-email-error", "This email is already registered: sign in instead, or use another one");
    await expect(page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).resolves.not.toBeNull();

    // Another address: signed up, and the draft is gone (cleared by the reply's push, not at a page load).
    const email = `ada+${Date.now()}@example.com`;
    await page.fill("#signup-email", email);
    await page.click("#fm-submit");
    await page.waitForSelector("#fm-success");
    await expect(page.textContent("#fm-success h2")).resolves.toBe("Welcome aboard, Ada Lovelace!");
    await screenshot(page, "form-success");
    await page.waitForTimeout(AFTER_DRAFT_WRITE_MS); // a write still pending would land here
    await expect(page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).resolves.toBeNull();
    await page.reload();
    await waitConnected(page);
    await expect(value(page, "name")).resolves.toBe("");
    await expect(value(page, "email")).resolves.toBe("");
    expect(pageErrors(page).filter((e) => !/socket|WebSocket/.test(e))).toEqual([]);
    await context.close();
  });

  it("keeps what was typed when the server closes the socket", async () => {
    const page = await g.open("/form", await g.newContext());
    await page.fill("#signup-name", "Grace Hopper");
    await page.fill("#signup-email", "grace@");
    await page.press("#signup-email", "Tab");
    await waitText(page, "#signup-email-error", "Enter an email address like ada@example.com");
    await page.locator("#signup-password").pressSequentially("cobol", { delay: 15 });
    g.app.dropConnections();
    await page.waitForSelector("[rein-view].rein-disconnected");
    await page.waitForSelector(CONNECTED);
    await waitText(page, "#fm-state-password code", "•••••");
    await expect(value(page, "name")).resolves.toBe("Grace Hopper");
    await expect(value(page, "email")).resolves.toBe("grace@");
    await expect(value(page, "password")).resolves.toBe("cobol");
    await expect(errorOf(page, "email")).resolves.toBe("Enter an email address like ada@example.com");
    await waitText(page, "#signup-password-error", "Use at least 8 characters");
    await page.context().close();
  });
});

describe.skipIf(!hasChromium)("gallery form across a server restart", () => {
  let browser: Browser;
  let served: Served | undefined;
  const secret = process.env["REIN_SECRET"];
  beforeAll(async () => {
    // Both processes sign tokens alike, as a restarted deployment does.
    process.env["REIN_SECRET"] = "form-recovery-test-secret-0123456789abcdef";
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (secret === undefined) delete process.env["REIN_SECRET"];
    else process.env["REIN_SECRET"] = secret;
  });

  it("puts back what was typed, and the restarted server validates it again", async () => {
    served = await serve(createGalleryApp(), { host: "127.0.0.1", port: 0 });
    const port = new URL(served.url).port;
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(served.url + "/form");
    await waitConnected(page);
    await page.fill("#signup-name", "Grace Hopper");
    await page.fill("#signup-email", "grace@");
    await page.press("#signup-email", "Tab");
    await waitText(page, "#signup-email-error", "Enter an email address like ada@example.com");
    await page.fill("#signup-password", "cobol");

    // The server goes away with its in-memory state, and a new one starts on the same port.
    await served.close();
    served = undefined;
    await page.waitForSelector("[rein-view].rein-disconnected");
    served = await serve(createGalleryApp(), { host: "127.0.0.1", port: Number(port) });
    await page.waitForSelector(CONNECTED);

    // The browser sent what it showed: the fresh view holds it and shows the messages of the used fields.
    await waitText(page, "#fm-state-email code", '"grace@"');
    await expect(value(page, "name")).resolves.toBe("Grace Hopper");
    await expect(value(page, "email")).resolves.toBe("grace@");
    await expect(value(page, "password")).resolves.toBe("cobol");
    await expect(serverValue(page, "name")).resolves.toBe('"Grace Hopper"');
    await expect(serverValue(page, "password")).resolves.toBe("•••••");
    await waitText(page, "#signup-email-error", "Enter an email address like ada@example.com");
    await waitText(page, "#signup-password-error", "Use at least 8 characters");
    await expect(errorOf(page, "confirm")).resolves.toBe("");
    await page.close();
  });
});
