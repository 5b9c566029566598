/**
 * `/background`: a progress bar fed by a `@background` handler. The click is answered at once; the task goes on
 * and every step reaches the browser as it happens (a `@state` field). Cancel aborts the task's signal; so does
 * closing the tab.
 * @module
 */
import { LiveView, event, background, state, type HandlerContext } from "rein";

/** Resolves after `ms`, or rejects when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}

/** The background-task demo. */
export class BackgroundView extends LiveView {
  static override title = "Background work";
  /** Percent done; a `@state` field, so each change is pushed without a user event. */
  @state accessor progress = 0;
  status: "idle" | "running" | "done" | "cancelled" = "idle";
  log: string[] = [];
  /** Time per step, in ms (20 steps). */
  static stepMs = 150;

  @background @event()
  async start(_params: unknown, { signal }: HandlerContext) {
    if (this.status === "running") return;
    this.status = "running";
    this.progress = 0;
    this.log = ["started"];
    for (let i = 1; i <= 20; i++) {
      await sleep(BackgroundView.stepMs, signal);
      this.progress = i * 5;
      if (i % 5 === 0) this.log = [...this.log, `${i * 5}% done`];
    }
    this.status = "done";
    this.log = [...this.log, "finished"];
  }

  @event() cancel() {
    if (this.status !== "running") return;
    this.cancelTasks();
    this.status = "cancelled";
    this.log = [...this.log, `cancelled at ${this.progress}%`];
  }

  override render() {
    const running = this.status === "running";
    return (
      <div class="bg">
        <div class="g-panel bg-card">
          <div class="bg-head">
            <strong>Import 20 batches</strong>
            <span class={`bg-status bg-status-${this.status}`} id="bg-status">{this.status}</span>
          </div>
          <div class="bg-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={this.progress}>
            <div class="bg-fill" id="bg-fill" style={`width:${this.progress}%`} />
          </div>
          <p class="bg-percent" id="bg-percent">{this.progress}%</p>
          <div class="g-row">
            <button type="button" id="bg-start" class="g-btn g-btn-primary" rein-click="start" disabled={running}>
              {this.status === "done" || this.status === "cancelled" ? "Start again" : "Start"}
            </button>
            <button type="button" id="bg-cancel" class="g-btn" rein-click="cancel" disabled={!running}>Cancel</button>
          </div>
        </div>
        <ol class="bg-log" id="bg-log">
          {this.log.map((line) => <li>{line}</li>)}
        </ol>
      </div>
    );
  }
}
