/**
 * What one event costs, for benchmarks: handler, render and diff time, and the bytes of its patches. Mirrors
 * djust's `@performance_test`, as a function that reports rather than asserts: timings vary with the machine and
 * its load, so a test should check the bytes and the patches, never a time.
 * @module
 */
import type { EventParams } from "../protocol/frames.ts";
import type { PatchOp } from "../protocol/patch.ts";
import { renderView } from "../live/render.ts";
import type { LiveView } from "../live/liveview.ts";
import { MemoCache, renderingWith } from "../template/memo.ts";
import { diff } from "../vdom/diff.ts";
import { packChildren, TemplateTable } from "../vdom/pack.ts";
import type { VNode } from "../vdom/vnode.ts";
import { ProbedChannel } from "./probed-channel.ts";
import type { ViewClient } from "./view-client.ts";

/** The cost of one event, as {@link measureEvent} measured it. Times in ms (`performance.now()`), sizes in bytes. */
export interface EventCost {
  /** Time inside the handler body (for a `@background` handler: its synchronous part; a `@cache` hit: the assignment). */
  handlerMs: number;
  /**
   * Time of one render of the view with its state after the event (`render()` or its template, its controllers
   * and components), with a memo cache as warm as the engine's (see {@link measureEvent}).
   */
  renderMs: number;
  /** Time of the diff of the tree before the event against the tree after it. */
  diffMs: number;
  /**
   * From sending the event to its reply, as the engine ran it: handler, rollback point, session save, render,
   * diff and the reply frame (the state's store follows the reply and is not counted).
   */
  totalMs: number;
  /** The patches of the reply, as the browser receives them. */
  patches: PatchOp[];
  /** UTF-8 bytes of `JSON.stringify(patches)`. */
  patchBytes: number;
  /** UTF-8 bytes of the whole reply frame as JSON (patches, pushes, header): what the socket carries. */
  frameBytes: number;
}

/** Render epochs of measureEvent's own renders: negative, so they never meet the engine's (positive) ones. */
let epoch = 0;

/**
 * Sends one event through `client` and reports its cost ({@link EventCost}): one sample; a benchmark repeats it
 * and takes the median. For reports and benchmarks, not for timed assertions.
 *
 * `handlerMs` and `totalMs` are measured on the engine's own run of the event. The engine renders and diffs
 * inside one step, so `renderMs` and `diffMs` come from measureEvent's own render of the view (the same
 * `renderView` the engine calls) before and after the event, with a memo cache and a template table warmed by
 * the render before, as the engine's are, and from `diff` of those two trees. They match what the engine does for
 * an event of the view; for an event of a stateful component, which the engine renders alone, they are an upper
 * bound. Items a stream already sent are not in either render (the server forgets them).
 *
 * @param target - the component id the event goes to, as in {@link ViewClient.event}.
 * @throws Error when the event is answered with an error frame (its code and message), or when `client` does not
 *   run its view on a {@link ProbedChannel} (not made by `ViewClient.mount`).
 */
export async function measureEvent(
  client: ViewClient,
  name: string,
  params: EventParams = {},
  target?: string,
): Promise<EventCost> {
  const channel = client.session;
  if (!(channel instanceof ProbedChannel)) throw new Error("measureEvent needs a ViewClient made by ViewClient.mount");
  await client.idle();
  const view = client.view;
  const memo = new MemoCache();
  const table = new TemplateTable();
  const before = render(client, view, memo);
  packChildren(before, table); // the templates of runs the browser has: as after a tree frame

  let handlerMs = 0;
  channel.onHandler = (ms) => (handlerMs += ms);
  let frame;
  const start = performance.now();
  try {
    frame = await client.event(name, params, target);
  } finally {
    channel.onHandler = undefined;
  }
  const totalMs = performance.now() - start;
  await client.idle();
  if (frame[0] === "x") throw new Error(`measureEvent("${name}"): ${frame[3]}: ${frame[4]}`);
  if (frame[0] !== "r") throw new Error(`measureEvent("${name}"): unexpected ${frame[0]} frame`);

  let t = performance.now();
  const after = render(client, view, memo);
  const renderMs = performance.now() - t;
  t = performance.now();
  diff(before, after, table);
  const diffMs = performance.now() - t;

  const patches = frame[4];
  return {
    handlerMs,
    renderMs,
    diffMs,
    totalMs,
    patches,
    patchBytes: Buffer.byteLength(JSON.stringify(patches), "utf8"),
    frameBytes: Buffer.byteLength(JSON.stringify(frame), "utf8"),
  };
}

/** Renders `view` as the engine does (its render epoch set for `@computed`, `memo` as the memo cache). */
function render(client: ViewClient, view: LiveView, memo: MemoCache): VNode[] {
  const ctx = client.session.context;
  ctx.renderEpoch = --epoch;
  try {
    return renderingWith(memo, () => renderView(view, client.engine.templates));
  } finally {
    ctx.renderEpoch = 0;
  }
}
