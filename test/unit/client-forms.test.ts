// @vitest-environment happy-dom
/**
 * The browser side of forms, through the whole client (src/client/index.ts booted on a fake WebSocket): drafts in
 * localStorage (drafts.ts: written 500 ms after typing, never a password, restored at the first join and sent as
 * the form's change event, cleared by the server's push even while a write is pending) and form recovery after a
 * re-join (recover.ts: what the user typed is put back after the new tree and sent again).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { WireNode } from "../../src/protocol/tree.ts";
import { FakeWS } from "../helpers/fake-ws.ts";


const KEY = "rein-draft:signup";
const FORM_ATTRS = { id: "signup", "rein-target": "signup", "rein-change": "validate", "rein-submit": "submit", "rein-draft": "signup" };

/** The form as the server renders it, with these values (the password's is never rendered). */
function tree(email: string, city: string, news: boolean): WireNode[] {
  return [
    [
      "form",
      FORM_ATTRS,
      ["input", { type: "email", name: "email", value: email }],
      ["input", { type: "password", name: "password" }],
      ["input", { type: "text", name: "address[city]", value: city }],
      ["input", news ? { type: "checkbox", name: "news", value: "true", checked: "" } : { type: "checkbox", name: "news", value: "true" }],
      ["button", { type: "submit" }, "Go"],
    ],
  ] as unknown as WireNode[];
}
const html = (email: string, city: string) =>
  `<form id="signup" rein-target="signup" rein-change="validate" rein-submit="submit" rein-draft="signup">` +
  `<input type="email" name="email" value="${email}"><input type="password" name="password">` +
  `<input type="text" name="address[city]" value="${city}"><input type="checkbox" name="news" value="true">` +
  `<button type="submit">Go</button></form>`;

const field = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
function type(name: string, value: string) {
  const el = field(name);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
/** The event frames sent on socket `ws`. */
const events = (ws: FakeWS) => ws.sent.filter((f) => (f as unknown[])[0] === "e") as unknown[][];

describe("client forms: drafts and recovery", () => {
  let ws: FakeWS;
  beforeAll(async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    vi.stubGlobal("WebSocket", FakeWS);
    // A draft saved on an earlier visit (the password is never in one).
    localStorage.setItem(KEY, JSON.stringify([["email", "ada@example"], ["address[city]", "Paris"], ["news", true]]));
    document.body.innerHTML = `<div rein-view rein-token="T">${html("", "")}</div>`;
    await import("../../src/client/index.ts");
    ws = FakeWS.all[0]!;
    ws.open();
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  it("restores a saved draft at the first join and sends it as the form's change event", () => {
    ws.recv(["t", 1, 0, tree("", "", false)]);
    expect(field("email").value).toBe("ada@example");
    expect(field("address[city]").value).toBe("Paris");
    expect(field("news").checked).toBe(true);
    expect(events(ws)).toEqual([
      ["e", 1, expect.any(Number), "validate", { email: "ada@example", password: "", address: { city: "Paris" }, news: "true" }, "signup"],
    ]);
  });

  it("writes the draft 500 ms after the last keystroke, never the password", () => {
    localStorage.clear();
    type("email", "ada@example.com");
    type("password", "hunter22");
    vi.advanceTimersByTime(499);
    expect(localStorage.getItem(KEY)).toBeNull();
    type("address[city]", "Lyon"); // typing again restarts the 500 ms
    vi.advanceTimersByTime(499);
    expect(localStorage.getItem(KEY)).toBeNull();
    vi.advanceTimersByTime(1);
    const saved = localStorage.getItem(KEY)!;
    expect(JSON.parse(saved)).toEqual([["email", "ada@example.com"], ["address[city]", "Lyon"], ["news", true]]);
    expect(saved).not.toContain("hunter22");
  });

  it("forgets the draft on the server's push in any reply, a pending write included, and resets the form", () => {
    expect(localStorage.getItem(KEY)).not.toBeNull();
    type("email", "typed-but-never-sent");
    // The server reset the form (its values are "" again) and cleared the draft: one push after the patches.
    ws.recv(["u", 1, 1, [], [["rein:form-reset", ["signup", "signup"]]]]);
    vi.advanceTimersByTime(1000);
    expect(localStorage.getItem(KEY)).toBeNull();
    // form.reset(): every field shows what the server rendered, the password and text the server never saw too.
    expect(field("email").value).toBe("");
    expect(field("password").value).toBe("");
    expect(field("address[city]").value).toBe("");
  });

  it("puts back what was typed after a re-join whose tree forgot it (server restart), and sends it again", () => {
    type("email", "grace@example.com");
    type("password", "s3cretpass");
    field("news").checked = false;
    ws.drop();
    vi.advanceTimersByTime(0); // the reconnect (backoff 0 with Math.random() = 0)
    const next = FakeWS.all.at(-1)!;
    expect(next).not.toBe(ws);
    next.open();
    expect(next.sent[0]).toEqual(["j", 1, "T", location.href, "view"]);
    // A restarted server mounted the view afresh: its tree has empty values.
    next.recv(["t", 1, 0, tree("", "", true)]);
    expect(field("email").value).toBe("grace@example.com");
    expect(field("password").value).toBe("s3cretpass");
    expect(field("news").checked).toBe(false);
    expect(events(next)).toEqual([
      ["e", 1, expect.any(Number), "validate", { email: "grace@example.com", password: "s3cretpass", address: { city: "" } }, "signup"],
    ]);
  });
});
