/**
 * The example of docs/forms.md, run as written there: the first `tsx` block of the guide is written to a file and
 * imported, so the guide cannot drift from what Rein does.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LiveViewClass } from "rein";
import { ViewClient } from "../../src/testing/view-client.ts";

const guide = readFileSync(fileURLToPath(new URL("../../docs/forms.md", import.meta.url)), "utf8");
const code = /```tsx\n([\s\S]*?)```/.exec(guide)![1]!;
const dir = fileURLToPath(new URL("../.docs-forms/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = dir + "example.tsx";
writeFileSync(file, code);
const example = (await import(/* @vite-ignore */ file)) as { SignupView: LiveViewClass; accounts: string[] };

const FORM = "form";
const filled = { email: "ada@example.com", password: "s3cretpass", confirm: "s3cretpass", address: { city: "Paris" } };

describe("docs/forms.md", () => {
  it("the SignupView example validates live, refuses a mismatch, then signs up and resets", async () => {
    const c = await ViewClient.mount(example.SignupView);
    expect(c.html()).toContain('<form id="form" class="rein-form" rein-target="form" rein-change="validate" rein-submit="submit" rein-draft="signup" novalidate="">');
    // Only the field the user changed shows its error.
    await c.event("validate", { ...filled, email: "ada@", password: "", confirm: "", address: { city: "" } }, FORM);
    expect(c.html()).toContain("Enter a valid email address");
    expect(c.html()).not.toContain("Use at least 8 characters");
    // The cross-field refinement lands on confirm.
    await c.event("validate", { ...filled, confirm: "s3cretpasz" }, FORM);
    expect(c.html()).toContain("The passwords do not match");
    await c.event("submit", { ...filled, confirm: "nope" }, FORM);
    expect(example.accounts).toEqual([]);
    const ok = await c.event("submit", filled, FORM);
    expect(ok[0]).toBe("r");
    expect(example.accounts).toEqual(["ada@example.com"]);
    expect(c.html()).toContain("Welcome, ada@example.com!");
    // Reset: the values are the initial ones again, and the browser is told to reset the form and drop the draft.
    expect(c.html()).toContain('name="email" class="rein-input" aria-describedby="form-email-error" aria-required="true" autocomplete="email" maxlength="10000" value=""');
    expect(c.pushes()).toContainEqual(["rein:form-reset", ["form", "signup"]]);
  });
});
