// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame } from "../../src/protocol/frames.ts";
import type { WireNode } from "../../src/protocol/tree.ts";

const net = vi.hoisted(() => ({ sent: [] as any[], open: true }));
const { onFrame, push, views, down, join, useTransport, viewOf } = await import("../../src/client/view.ts");
useTransport({ connect() {}, send: (f: ClientFrame) => net.open && (net.sent.push(f), true) });
const { css } = await import("../../src/client/loading.ts");
const { listen } = await import("../../src/client/events.ts");
// The delegated bindings, wired to the views as the client's entry point (index.ts) does.
listen((el, name, params, fields) => push(viewOf(el)!, name, params, fields, el));

const TREE: WireNode[] = [
  [
    "form",
    { id: "form", "rein-submit": "save", "rein-loading:add-class": "busy" },
    ["input", { name: "title", value: "t" }],
    ["button", { id: "save", "rein-loading:disable": "", "rein-loading-text": "Saving..." }, "Save ", "0"],
    ["span", { id: "spin", "rein-loading.show": "" }, "..."],
    ["span", { id: "done", "rein-loading.hide": "" }, "saved"],
    ["p", { id: "hint", class: "hint visible", "rein-loading:remove-class": "visible" }, "hint"],
    ["em", { id: "other-scope", "rein-loading": "other", "rein-loading:show": "" }, "x"],
  ],
  ["button", { id: "del", "rein-click": "del", "rein-loading.disable": "" }, "Delete"],
  ["div", { id: "bar", "rein-loading": "save", "rein-loading:show": "" }, "bar"],
  ["p", { id: "plain" }, "plain"],
];

const $ = <T extends Element = HTMLElement>(s: string) => document.querySelector<T>(s)!;
let el: HTMLElement;
let version = 0;
const lastRef = () => net.sent.at(-1)[2] as number;
/** Submits the form `#form` as the browser does (a submit event; its binding `rein-submit="save"` sends "save"). */
const submit = (form = "#form") => $(form).dispatchEvent(new SubmitEvent("submit", { bubbles: true, cancelable: true }));

beforeEach(() => {
  document.head.innerHTML = "";
  document.body.innerHTML = `<div rein-view></div>`;
  el = $("[rein-view]");
  views.length = 0;
  views.push({ container_: el, channel_: 1, token_: "T", version_: -1, queue_: [] });
  net.sent.length = 0;
  net.open = true;
  join(views[0]);
  version = 0;
  onFrame(["t", 1, 0, TREE]);
});

/** What the loading-relevant parts of the page look like. */
function state() {
  return {
    form: $("#form").className,
    save: [$("#save").textContent, $("#save").hasAttribute("disabled"), $("#save").className],
    spin: $("#spin").className,
    done: $("#done").className,
    hint: $("#hint").className,
    other: $("#other-scope").className,
    del: [$("#del").hasAttribute("disabled"), $("#del").className],
    bar: $("#bar").className,
    plain: $("#plain").className,
  };
}
const IDLE = {
  form: "",
  save: ["Save 0", false, ""],
  spin: "",
  done: "",
  hint: "hint visible",
  other: "",
  del: [false, ""],
  bar: "",
  plain: "",
};
const SAVING = {
  form: "rein-loading busy",
  save: ["Saving...", true, "rein-loading"],
  spin: "rein-loading",
  done: "rein-loading",
  hint: "hint rein-loading",
  other: "",
  del: [false, ""],
  bar: "rein-loading",
  plain: "",
};

describe("loading states", () => {
  it("scope: the bound element, its descendants with modifiers (not those named for another event), and rein-loading=name", () => {
    expect(state()).toEqual(IDLE);
    submit();
    expect(state()).toEqual(SAVING);
  });

  it("an element's own event: only it (and the named scope of that handler, none here)", () => {
    push(views[0], "del", {}, [], $("#del"));
    expect(state()).toEqual({ ...IDLE, del: [true, "rein-loading"] });
  });

  it("a named scope reacts to any event of that name, wherever it was fired from", () => {
    push(views[0], "save", {}); // rein.sendEvent("save") from a page script: no origin
    expect(state()).toEqual({ ...IDLE, bar: "rein-loading" });
  });

  it("clears when the reply arrives, before its patches apply (patched text is not overwritten)", () => {
    submit();
    const saveText = $("#save").childNodes;
    expect(saveText.length).toBe(1);
    // The reply changes the button's second text node ("0" -> "1") and the hint's class.
    onFrame(["r", 1, lastRef(), ++version, [[1, [0, 1, 1], "1"], [2, [0, 4], "class", "hint visible new"]]]);
    expect(state()).toEqual({ ...IDLE, save: ["Save 1", false, ""], hint: "hint visible new" });
  });

  it("clears on an error frame and on disconnect", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    submit();
    onFrame(["x", 1, lastRef(), "handler_error", "boom"]);
    expect(state()).toEqual(IDLE);
    push(views[0], "del", {}, [], $("#del"));
    expect(state().del).toEqual([true, "rein-loading"]);
    down();
    expect(state()).toEqual(IDLE);
    err.mockRestore();
  });

  it("starts only when the event goes on the wire (not while queued)", () => {
    net.open = false;
    down();
    push(views[0], "del", {}, [], $("#del"));
    expect(state()).toEqual(IDLE);
    net.open = true;
    join(views[0]);
    onFrame(["t", 1, 5, TREE]);
    expect(state().del).toEqual([true, "rein-loading"]);
  });

  it("overlapping events on one element: the last answer restores", () => {
    submit();
    const first = lastRef();
    submit();
    const second = lastRef();
    onFrame(["r", 1, first, ++version, []]);
    expect(state()).toEqual(SAVING);
    onFrame(["r", 1, second, ++version, []]);
    expect(state()).toEqual(IDLE);
  });

  it("a patch to a held attribute while loading is kept and shows once loading ends", () => {
    push(views[0], "del", {}, [], $("#del"));
    // A server update (no client frame asked for it) disables the button and sets a class meanwhile.
    onFrame(["u", 1, ++version, [[2, [1], "disabled", ""], [2, [1], "class", "danger"]]]);
    expect(state().del).toEqual([true, "rein-loading"]);
    onFrame(["r", 1, lastRef(), ++version, []]);
    expect(state().del).toEqual([true, "danger"]);
  });

  it("a resync that replaced the loading text leaves the server's content alone", () => {
    submit();
    // Full tree while loading (a resync): the server's content replaces "Saving...".
    const tree = structuredClone(TREE) as any;
    tree[0][3] = ["button", tree[0][3][1], "Save ", "7"];
    onFrame(["t", 1, 9, tree]);
    onFrame(["r", 1, lastRef(), 10, []]);
    expect(state().save).toEqual(["Save 7", false, ""]);
    // Patches still find the server's nodes.
    onFrame(["u", 1, 11, [[1, [0, 1, 1], "8"]]]);
    expect(state().save).toEqual(["Save 8", false, ""]);
  });

  it("injects the style rule: .show elements hidden unless loading, .hide ones hidden while loading", () => {
    css();
    const shown = (s: string) => getComputedStyle($(s)).display != "none";
    expect([shown("#spin"), shown("#done"), shown("#bar")]).toEqual([false, true, false]);
    submit();
    expect([shown("#spin"), shown("#done"), shown("#bar")]).toEqual([true, false, true]);
  });

  it("never queries the whole view per event; named scopes added or renamed by patches still react", () => {
    // A patch inserts a new named scope, and renames an existing element into the scope of "del".
    onFrame(["u", 1, ++version, [[4, [], 4, ["i", { id: "late", "rein-loading": "del" }, "late"]], [2, [3], "rein-loading", "del"]]]);
    const query = vi.spyOn(el, "querySelectorAll");
    push(views[0], "del", {}, [], $("#del"));
    expect($("#late").className).toBe("rein-loading");
    expect($("#plain").className).toBe("rein-loading");
    expect($("#bar").className).toBe("");
    // A removed element leaves the scope.
    onFrame(["r", 1, lastRef(), ++version, [[5, [], 4]]]);
    push(views[0], "del", {}, [], $("#del"));
    expect(document.querySelector("#late")).toBeNull();
    expect($("#plain").className).toBe("rein-loading");
    expect(query).not.toHaveBeenCalled();
  });
});

describe("submit buttons (issue 8, defect b)", () => {
  // A form validated on change, with loading modifiers on its submit controls and on a plain button.
  const FORM: WireNode[] = [
    [
      "form",
      { id: "profile", "rein-change": "validate", "rein-submit": "update", "rein-loading:add-class": "busy" },
      ["input", { id: "name", name: "name" }],
      ["button", { id: "update", "rein-loading:disable": "", "rein-loading-text": "Saving..." }, "Save"],
      ["input", { id: "go", type: "submit", name: "op", value: "go", "rein-loading.disable": "" }],
      ["button", { id: "named", type: "submit", "rein-loading": "validate", "rein-loading:disable": "" }, "Named"],
      ["button", { id: "reset", type: "button", "rein-loading:disable": "" }, "Reset"],
    ],
    ["form", { id: "other", "rein-submit": "other" }, ["button", { id: "other-save", "rein-loading": "update", "rein-loading:disable": "" }, "Other"]],
  ];
  const sentNames = () => net.sent.filter((f) => f[0] === "e").map((f) => f[3]);
  const refOf = (name: string) => net.sent.findLast((f) => f[0] === "e" && f[3] === name)[2] as number;
  const controls = () =>
    Object.fromEntries(
      ["update", "go", "named", "reset", "other-save"].map((id) => [id, [$<HTMLButtonElement>("#" + id).disabled, $("#" + id).className]]),
    );
  const idle = { update: [false, ""], go: [false, ""], named: [false, ""], reset: [false, ""], "other-save": [false, ""] };

  it("a submit button's loading state follows the form's submit only, and a click is never lost", () => {
    onFrame(["t", 1, ++version, FORM]);
    // The user types, then clicks Save: the focus leaves the field, its change goes out (a slow validation)...
    $<HTMLInputElement>("#name").value = "Ada";
    $("#name").dispatchEvent(new Event("change", { bubbles: true }));
    expect(sentNames()).toEqual(["validate"]);
    expect($("#profile").className).toBe("rein-loading busy");
    // ... which leaves every submit control of the form alone (a plain button of the form reacts as before).
    expect(controls()).toEqual({ ...idle, reset: [true, "rein-loading"] });
    // The click lands on an enabled button: the submit goes out.
    $("#update").click();
    expect(sentNames()).toEqual(["validate", "update"]);
    expect(net.sent.at(-1)[4]).toEqual({ name: "Ada" });
    // Now the form's own submit is in flight: its submit controls are in their loading state.
    expect(controls()).toEqual({ ...idle, update: [true, "rein-loading"], go: [true, "rein-loading"], reset: [true, "rein-loading"] });
    expect($("#update").textContent).toBe("Saving...");
    // A second click meanwhile is a duplicate of the submit in flight: not sent.
    $("#update").click();
    expect(sentNames()).toEqual(["validate", "update"]);
    // The validation's reply leaves the submit's loading state (the plain button is in both); the submit's ends it.
    onFrame(["r", 1, refOf("validate"), ++version, []]);
    expect(controls()).toEqual({ ...idle, update: [true, "rein-loading"], go: [true, "rein-loading"], reset: [true, "rein-loading"] });
    onFrame(["r", 1, refOf("update"), ++version, []]);
    expect(controls()).toEqual(idle);
    expect($("#update").textContent).toBe("Save");
  });

  it("a submit button reacts to its own event, not to a script's event from its form nor to another form's submit", () => {
    onFrame(["t", 1, ++version, FORM]);
    // An event sent from a script with the form as origin is no submit: the submit controls stay usable.
    push(views[0], "update", {}, [], $("#profile"));
    expect(controls()).toEqual({ ...idle, reset: [true, "rein-loading"] });
    // Another form's submit button named for "update" reacts to no submit of its own form: it stays usable too.
    submit("#profile");
    expect(controls()).toEqual({ ...idle, update: [true, "rein-loading"], go: [true, "rein-loading"], reset: [true, "rein-loading"] });
    // A submit button that is itself the bound element has its own loading state.
    push(views[0], "clicked", {}, [], $("#named"));
    expect(controls().named).toEqual([true, "rein-loading"]);
  });
});
