// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { done, keep, sent, typed } from "../../src/client/keep.ts";

let input: HTMLInputElement;
beforeEach(() => {
  document.body.innerHTML = `<input id="a"><input id="b"><div tabindex="0"></div>`;
  input = document.querySelector("#a")!;
  input.focus();
});

describe("keep (fields the user owns)", () => {
  it("does not keep a focused field the user has not typed in", () => {
    expect(keep(input)).toBe(false);
  });

  it("does not count a checkbox's input event (after the click that sent it) as typing", () => {
    document.body.innerHTML = `<input type="checkbox" id="c"><input type="radio" id="r">`;
    for (const id of ["#c", "#r"]) {
      const box = document.querySelector<HTMLInputElement>(id)!;
      box.focus();
      sent([box]); // the rein-click carrying its state
      typed(box); // the input event that follows the click
      done([box]); // the reply
      expect(keep(box)).toBe(false);
    }
  });

  it("keeps a focused field typed into and not yet sent", () => {
    typed(input);
    expect(keep(input)).toBe(true);
  });

  it("does not keep a field without focus, whatever is pending", () => {
    typed(input);
    sent([input]);
    document.querySelector<HTMLInputElement>("#b")!.focus();
    expect(keep(input)).toBe(false);
  });

  it("keeps it while an event carrying its value is unanswered, releases it on the reply", () => {
    typed(input);
    sent([input]);
    expect(keep(input)).toBe(true);
    done([input]);
    expect(keep(input)).toBe(false); // the reply's patches (e.g. clearing the input) apply
  });

  it("keeps it until the newest of several pending events is answered", () => {
    sent([input]);
    sent([input]);
    done([input]);
    expect(keep(input)).toBe(true);
    done([input]);
    expect(keep(input)).toBe(false);
  });

  it("keeps it when the user typed again after the last send", () => {
    sent([input]);
    typed(input);
    done([input]);
    expect(keep(input)).toBe(true);
    sent([input]); // the newer value goes out
    done([input]);
    expect(keep(input)).toBe(false);
  });

  it("never keeps non-field elements", () => {
    const d = document.querySelector<HTMLElement>("div")!;
    d.focus();
    typed(d);
    expect(keep(d)).toBe(false);
  });
});
