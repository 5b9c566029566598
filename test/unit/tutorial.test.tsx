/**
 * Guided tutorials: steps advance on the awaited events, and the highlight, the bubble and the waiter are
 * cleaned up on every exit path.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveView, event, JS, cancelTutorial, startTutorial, type TutorialOutcome } from "rein";
import { ViewClient } from "rein/testing";

const STEPS = [
  { target: "#nav", message: "This is the navigation.", title: "Welcome" },
  { target: "#new", message: "Click New to create a project.", waitFor: "create", timeout: 10_000,
    onEnter: JS.focus("#new"), onExit: JS.dispatch("tour:left", { to: "#new" }) },
  { target: "#done", message: "All set." },
];

let outcomes: TutorialOutcome[] = [];
class TourView extends LiveView {
  projects = 0;
  @event() start() {
    void startTutorial(this, STEPS).then((o) => outcomes.push(o));
  }
  @event() create() {
    this.projects += 1;
  }
  @event() abort() {
    cancelTutorial(this);
  }
  override render() {
    return <main><nav id="nav">Nav</nav><button id="new" rein-click="create">New</button><p id="done">{this.projects}</p></main>;
  }
}

const highlight = (to: string) => ["addClass", { to, names: "rein-tour-highlight" }];
const unhighlight = (to: string) => ["removeClass", { to, names: "rein-tour-highlight" }];

beforeEach(() => {
  outcomes = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

async function settle(c: ViewClient) {
  await vi.advanceTimersByTimeAsync(0);
  await c.idle();
  await vi.advanceTimersByTimeAsync(0);
  await c.idle();
}

describe("tutorials", () => {
  it("walks the steps: Next, the awaited event, Done; highlights and bubbles follow", async () => {
    const c = await ViewClient.mount(TourView);
    await c.event("start");
    await settle(c);
    expect(c.html()).toContain('<div class="rein-tour" role="dialog"');
    expect(c.html()).toContain("Step 1 of 3");
    expect(c.html()).toContain("This is the navigation.");
    expect(c.commands()).toEqual([[highlight("#nav")]]);

    await c.event("tutorialNext");
    await settle(c);
    expect(c.html()).toContain("Click New to create a project.");
    expect(c.html()).not.toContain('class="rein-tour-next"'); // this step waits for the real button
    expect(c.commands().slice(1)).toEqual([[unhighlight("#nav")], [highlight("#new"), ["focus", { to: "#new" }]]]);

    await c.event("create");
    await settle(c);
    expect(c.html()).toContain("Step 3 of 3");
    expect(c.html()).toContain(">Done</button>");
    await c.event("tutorialNext");
    await settle(c);
    expect(outcomes).toEqual(["completed"]);
    expect(c.html()).not.toContain("rein-tour");
    expect(c.commands().at(-1)).toEqual([unhighlight("#done")]);
    expect(c.session.context.waiters?.size).toBe(0);
  });

  it("skip: the bubble's Skip button ends it and cleans up", async () => {
    const c = await ViewClient.mount(TourView);
    await c.event("start");
    await c.event("tutorialNext");
    await settle(c);
    await c.event("skipTutorial");
    await settle(c);
    expect(outcomes).toEqual(["skipped"]);
    expect(c.commands().at(-1)).toEqual([unhighlight("#new"), ["dispatch", { to: "#new", event: "tour:left" }]]);
    expect(c.html()).not.toContain("rein-tour");
    expect(c.session.context.waiters?.size).toBe(0);
  });

  it("timeout: a step not done in time ends the tutorial", async () => {
    const c = await ViewClient.mount(TourView);
    await c.event("start");
    await c.event("tutorialNext");
    await settle(c);
    await vi.advanceTimersByTimeAsync(10_000);
    await settle(c);
    expect(outcomes).toEqual(["timeout"]);
    expect(c.html()).not.toContain("rein-tour");
    expect(c.commands().at(-1)![0]).toEqual(unhighlight("#new"));
  });

  it("cancel from the server ends it", async () => {
    const c = await ViewClient.mount(TourView);
    await c.event("start");
    await settle(c);
    await c.event("abort");
    await settle(c);
    expect(outcomes).toEqual(["cancelled"]);
    expect(c.html()).not.toContain("rein-tour");
  });

  it("a disconnect (tab closed) ends it and leaves no waiter behind", async () => {
    const c = await ViewClient.mount(TourView);
    await c.event("start");
    await c.event("tutorialNext");
    await settle(c);
    expect(c.session.context.waiters?.size).toBe(1);
    await c.close();
    await settle(c);
    expect(outcomes).toEqual(["disconnected"]);
    expect(c.session.context.waiters?.size).toBe(0);
    expect(c.session.context.tasks?.size ?? 0).toBe(0);
  });

  it("refuses a second tutorial while one runs", async () => {
    const c = await ViewClient.mount(TourView);
    await c.event("start");
    await expect(startTutorial(c.view, STEPS)).rejects.toThrow("already running");
  });
});
