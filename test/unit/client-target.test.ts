// @vitest-environment happy-dom
/** The browser's event targets: nearest component root, `rein-target` by id or CSS selector, else the view. */
import { beforeEach, describe, expect, it } from "vitest";
import { targetOf } from "../../src/client/target.ts";

const $ = (s: string) => document.querySelector(s)!;
beforeEach(() => {
  document.body.innerHTML = `
    <div rein-view>
      <button id="plain">view</button>
      <section rein-component="left">
        <button id="in-left">+</button>
        <div rein-component="inner"><button id="in-inner">+</button></div>
        <button id="to-right" rein-target="right">to right</button>
        <div rein-target="signup"><input id="field"></div>
        <button id="by-selector" rein-target="#right-root">by selector</button>
        <button id="no-match" rein-target=".nothing">nothing</button>
      </section>
      <section id="right-root" rein-component="right"></section>
    </div>`;
});

describe("targetOf", () => {
  it("is undefined for an element in no component: the view handles it", () => {
    expect(targetOf($("#plain"))).toBeUndefined();
  });
  it("is the nearest component root's id", () => {
    expect(targetOf($("#in-left"))).toBe("left");
    expect(targetOf($("#in-inner"))).toBe("inner");
  });
  it("is a closer rein-target's id (a component or a form)", () => {
    expect(targetOf($("#to-right"))).toBe("right");
    expect(targetOf($("#field"))).toBe("signup");
  });
  it("resolves a CSS selector to its match's component", () => {
    expect(targetOf($("#by-selector"))).toBe("right");
  });
  it("sends a selector that matches nothing as it is (the server answers unknown_target)", () => {
    expect(targetOf($("#no-match"))).toBe(".nothing");
  });
});
