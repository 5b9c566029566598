/**
 * Declarative guided tutorials: a list of steps (target, message, the event that completes the step, timeout,
 * chains on enter and exit). The runner highlights each target, shows a bubble next to it, waits for the user,
 * and cleans both up on every exit path: completed, skipped, cancelled, timed out, disconnected. Built on
 * `pushCommands` and `waitForEvent`, and attached to the view as a view controller (`live/controller.ts`): the
 * bubble is its render contribution, "Next" and "Skip tour" are its own handlers, and a disconnect ends the run.
 * Mirrors djust's `TutorialMixin` / `TutorialStep` (seed: djust-server-driven-ui, Phase 1c).
 * @module
 */
import type { EventParams } from "../protocol/frames.ts";
import { element, text, type VNode } from "../vdom/vnode.ts";
import { contextOf } from "./context.ts";
import { addController, findController, type ViewController } from "./controller.ts";
import { event } from "./event.ts";
import { JS, JSChain } from "./js.ts";
import type { LiveView } from "./liveview.ts";
import { CancelledError, TimeoutError } from "./waiters.ts";

/** One step of a tutorial. Times in ms. */
export interface TutorialStep {
  /** CSS selector of the element to highlight; the bubble is anchored to it. */
  target: string;
  /** What the bubble says. */
  message: string;
  /** Bubble title. */
  title?: string;
  /**
   * The event handler whose call completes the step (the user does the real thing, e.g. clicks the highlighted
   * button). Without it the bubble shows a "Next" button.
   */
  waitFor?: string;
  /** Only calls whose params pass complete the step. */
  predicate?: (params: EventParams) => boolean;
  /** The tutorial ends with outcome `"timeout"` when the step is not completed within this time. */
  timeout?: number;
  /** Chain run when the step starts (after the highlight). */
  onEnter?: JSChain;
  /** Chain run when the step ends, on every exit path. */
  onExit?: JSChain;
}

/** How a tutorial ended. */
export type TutorialOutcome = "completed" | "skipped" | "cancelled" | "timeout" | "disconnected";

/** The class the target of the current step gets. */
export const HIGHLIGHT_CLASS = "rein-tour-highlight";

/** What a running tutorial keeps (in its controller, never in the view's state). */
interface Run {
  steps: TutorialStep[];
  index: number;
  exit: AbortController;
  outcome: TutorialOutcome | undefined;
}

/**
 * The tutorial feature of one view: runs one tutorial at a time, renders its bubble, and owns the bubble's
 * handlers (`tutorialNext`, `skipTutorial`). Added to the view by {@link startTutorial} on first use and kept
 * afterwards, so a late click on a bubble that just went away is answered, not refused.
 */
export class TutorialController implements ViewController {
  readonly #view: LiveView;
  #run: Run | undefined;

  constructor(view: LiveView) {
    this.#view = view;
  }

  /** The running tutorial's progress (0-based step), or `undefined`. */
  get state(): { step: number; total: number } | undefined {
    const run = this.#run;
    return run && !run.outcome ? { step: run.index, total: run.steps.length } : undefined;
  }

  /** See {@link startTutorial}. */
  start(steps: TutorialStep[]): Promise<TutorialOutcome> {
    const view = this.#view;
    const ctx = contextOf(view);
    if (!ctx?.connected) return Promise.reject(new Error("startTutorial needs a connected view"));
    if (steps.length === 0) return Promise.reject(new Error("startTutorial needs at least one step"));
    if (this.state) return Promise.reject(new Error("a tutorial is already running on this view"));
    const run: Run = (this.#run = { steps: steps.slice(), index: 0, exit: new AbortController(), outcome: undefined });
    // Registered as a task, so that `cancelTasks()` ends it like any background work of the view.
    const tasks = (ctx.tasks ??= new Set());
    tasks.add(run.exit);
    return drive(view, run).finally(() => {
      tasks.delete(run.exit);
      if (this.#run === run) this.#run = undefined;
      view.update();
    });
  }

  /** Ends the running tutorial with `outcome` (no-op when none runs). */
  end(outcome: "skipped" | "cancelled"): void {
    const run = this.#run;
    if (run && !run.outcome) run.exit.abort(new CancelledError(outcome));
  }

  /** The view left its socket: the tutorial ends as `"disconnected"`. */
  hostDisconnected(): void {
    const run = this.#run;
    if (run && !run.outcome) run.exit.abort(new CancelledError("view disconnected"));
  }

  /** The bubble of the current step, after the view's children. */
  render(): VNode | undefined {
    const run = this.#run;
    return run && !run.outcome ? bubble(run) : undefined;
  }

  /** The bubble's "Skip tour" button. */
  @event({ description: "Skip the running guided tutorial" })
  skipTutorial(): void {
    this.end("skipped");
  }

  /** The bubble's "Next" button: completes a step that has no `waitFor` (through the view's waiters). */
  @event({ description: "Go to the next step of the guided tutorial" })
  tutorialNext(): void {}
}

/** The tutorial controller of `view`, added on first use. */
function tutorialOf(view: LiveView): TutorialController {
  let c = findController(view, TutorialController);
  if (!c) addController(view, (c = new TutorialController(view)));
  return c;
}

/** Whether a tutorial runs on the view, and which step (0-based). */
export function tutorialState(view: LiveView): { step: number; total: number } | undefined {
  return findController(view, TutorialController)?.state;
}

/**
 * Starts a guided tutorial on a connected view (see {@link TutorialStep}): highlights each step's target, shows a
 * bubble next to it, waits for the step's event, and cleans up on every exit path. Resolves with the outcome.
 * Returns at once (the handler that calls it replies as usual); the tutorial goes on like a `@background` task
 * and ends as `"disconnected"` when the view disconnects. Mirrors djust's `TutorialMixin.start_tutorial`.
 *
 * @example
 * ```ts
 * @event() startTour() {
 *   void startTutorial(this, [{ target: "#new", message: "Click New", waitFor: "create" }]).then((o) => (this.outcome = o));
 * }
 * ```
 * @throws Error (as a rejected promise) when the view is not connected, a tutorial already runs, or `steps` is
 * empty.
 */
export function startTutorial(view: LiveView, steps: TutorialStep[]): Promise<TutorialOutcome> {
  return tutorialOf(view).start(steps);
}

/** Ends the running tutorial of `view` as `"cancelled"` (a server-side abort); no-op when none runs. */
export function cancelTutorial(view: LiveView): void {
  findController(view, TutorialController)?.end("cancelled");
}

/** Ends the running tutorial of `view` as `"skipped"`, as the bubble's "Skip tour" button does. */
export function skipTutorial(view: LiveView): void {
  findController(view, TutorialController)?.end("skipped");
}

/** Runs the steps in order; resolves with the outcome. */
async function drive(view: LiveView, run: Run): Promise<TutorialOutcome> {
  for (; run.index < run.steps.length; run.index++) {
    const step = run.steps[run.index]!;
    view.pushCommands(concat(JS.addClass(HIGHLIGHT_CLASS, { to: step.target }), step.onEnter));
    view.update();
    let outcome: TutorialOutcome | undefined;
    try {
      await view.waitForEvent(step.waitFor ?? "tutorialNext", {
        timeout: step.timeout,
        predicate: step.predicate,
        signal: run.exit.signal,
      });
    } catch (err) {
      outcome = exitReason(err, run);
    }
    // Exit the step on every path: the highlight and the step's own changes go away.
    view.pushCommands(concat(JS.removeClass(HIGHLIGHT_CLASS, { to: step.target }), step.onExit));
    if (outcome) return (run.outcome = outcome);
  }
  return (run.outcome = "completed");
}

function exitReason(err: unknown, run: Run): TutorialOutcome {
  if (err instanceof TimeoutError) return "timeout";
  if (run.exit.signal.aborted) {
    const reason = run.exit.signal.reason as Error | undefined;
    return reason?.message === "skipped" || reason?.message === "cancelled" ? reason.message : "disconnected";
  }
  return "disconnected";
}

function concat(a: JSChain, b: JSChain | undefined): JSChain {
  return b ? new JSChain([...a.ops, ...b.ops]) : a;
}

/**
 * The bubble of the current step, appended to the view's children while a tutorial runs: a dialog anchored to
 * the highlighted target with CSS anchor positioning (bottom-right corner of the window where unsupported), with
 * "Next" (steps without `waitFor`) and "Skip tour" buttons bound to the controller's handlers.
 */
function bubble(run: Run): VNode {
  const step = run.steps[run.index]!;
  const buttons: VNode[] = [];
  if (!step.waitFor) buttons.push(element("button", { type: "button", class: "rein-tour-next", "rein-click": "tutorialNext" }, [text(run.index + 1 === run.steps.length ? "Done" : "Next")]));
  buttons.push(element("button", { type: "button", class: "rein-tour-skip", "rein-click": "skipTutorial" }, [text("Skip tour")]));
  const kids: VNode[] = [element("style", {}, [text(BUBBLE_CSS)])];
  if (step.title) kids.push(element("p", { class: "rein-tour-title" }, [text(step.title)]));
  kids.push(
    element("p", { class: "rein-tour-message" }, [text(step.message)]),
    element("div", { class: "rein-tour-actions" }, [
      element("span", { class: "rein-tour-count" }, [text(`Step ${run.index + 1} of ${run.steps.length}`)]),
      ...buttons,
    ]),
  );
  return element("div", { class: "rein-tour", role: "dialog", "aria-live": "polite", "rein-key": "rein-tour" }, kids);
}

const BUBBLE_CSS =
  `.${HIGHLIGHT_CLASS}{anchor-name:--rein-tour;outline:3px solid #f59e0b;outline-offset:3px;border-radius:4px;` +
  `box-shadow:0 0 0 6px rgba(245,158,11,.25);transition:outline-color .2s}` +
  `.rein-tour{position:fixed;right:24px;bottom:24px;z-index:1000;max-width:320px;background:#111827;color:#f9fafb;` +
  `border-radius:10px;padding:14px 16px;box-shadow:0 10px 30px rgba(0,0,0,.3);font:14px/1.45 system-ui,sans-serif}` +
  `@supports (anchor-name:--a){.rein-tour{right:auto;bottom:auto;position-anchor:--rein-tour;top:anchor(bottom);` +
  `left:anchor(left);margin-top:14px;position-try-fallbacks:flip-block}}` +
  `.rein-tour p{margin:0 0 10px}.rein-tour-title{font-weight:600}` +
  `.rein-tour-actions{display:flex;gap:8px;align-items:center}.rein-tour-count{flex:1;color:#9ca3af;font-size:12px}` +
  `.rein-tour button{border:0;border-radius:6px;padding:6px 10px;font:inherit;cursor:pointer}` +
  `.rein-tour-next{background:#f59e0b;color:#111827}.rein-tour-skip{background:transparent;color:#d1d5db}`;
