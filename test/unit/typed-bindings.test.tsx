/**
 * Typed bindings: in JSX a `rein-*` binding may take an `@event()` method by reference (`rein-click={this.increment}`),
 * rendered as the handler's name; a typo is a compile error (the `@ts-expect-error` below fails `tsc` if it is not
 * one), and a function that is not an `@event()` handler is refused at render with a TypeError.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LiveComponent, LiveView, debounce, event } from "rein";
import { ViewClient } from "rein/testing";
import { ComponentRegistry } from "../../src/live/component-registry.ts";
import { eventNameOf } from "../../src/template/event-ref.ts";

class CounterView extends LiveView {
  count = 0;
  saved = "";
  draft = "";
  @event() increment() {
    this.count += 1;
  }
  @event({ params: z.object({ value: z.string() }) }) save({ value }: { value: string }) {
    this.saved = value;
  }
  @debounce(300) @event({ params: z.object({ value: z.string() }) }) edit({ value }: { value: string }) {
    this.draft = value;
  }
  override render() {
    return (
      <div>
        <output>{this.count}</output>
        <button rein-click={this.increment}>+</button>
        <input rein-keydown:enter={this.save} rein-input={this.edit} />
        <p>{this.saved}</p>
      </div>
    );
  }
}

class Toggle extends LiveComponent<{ label: string }> {
  on = false;
  @event() flip() {
    this.on = !this.on;
  }
  render() {
    return <button rein-click={this.flip}>{`${this.props.label} ${this.on ? "on" : "off"}`}</button>;
  }
}

class Panel extends LiveView {
  override render() {
    return <main><Toggle id="t1" label="dark" /></main>;
  }
}

describe("typed bindings", () => {
  it("render a handler reference as its event name, key-filtered ones too, through other decorators", async () => {
    const c = await ViewClient.mount(CounterView);
    expect(c.html()).toContain('<button rein-click="increment">+</button>');
    expect(c.html()).toContain('<input rein-keydown:enter="save" rein-input="edit">');
    await c.event("increment");
    await c.event("increment");
    expect((c.view as CounterView).count).toBe(2);
    expect(c.html()).toContain("<output>2</output>");
    await c.event("save", { value: "done", key: "Enter" });
    expect(c.html()).toContain("<p>done</p>");
    await c.close();
  });

  it("work in a component: the name is what the browser sends, the target decides the owner", async () => {
    const c = await ViewClient.mount(Panel);
    expect(c.html()).toContain('<button rein-click="flip" rein-component="t1">dark off</button>');
    await c.event("flip", {}, "t1");
    expect((ComponentRegistry.of(c.view)!.get("t1") as Toggle).on).toBe(true);
    expect(c.html()).toContain("dark on");
    await c.close();
  });

  it("refuse a function that is not an @event() handler, naming the attribute", () => {
    class Plain extends LiveView {
      helper() {
        return 1;
      }
      override render() {
        return <button rein-click={this.helper}>x</button>;
      }
    }
    expect(() => new Plain().render()).toThrow(TypeError);
    expect(() => new Plain().render()).toThrow(/attribute "rein-click" is a function that is not an event handler.*@event\(\)/);
    expect(() => <input rein-keydown:enter={() => 1} />).toThrow(/"rein-keydown:enter"/);
    expect(eventNameOf(CounterView.prototype.increment)).toBe("increment");
    expect(eventNameOf(Plain.prototype.helper)).toBeUndefined();
  });

  it("make a typo a compile error", () => {
    class Typo extends LiveView {
      @event() increment() {}
      override render() {
        // @ts-expect-error -- "incremnt" is not a member: the typed form catches the typo at compile time.
        return <button rein-click={this.incremnt}>+</button>;
      }
    }
    // At run time the typo is undefined, so the attribute is omitted: tsc is what catches it.
    expect(Typo.name).toBe("Typo");
  });
});
