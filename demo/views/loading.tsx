/**
 * `/loading`: a deliberately slow save, with every loading modifier: `rein-loading:show`, `:hide`, `:disable`,
 * `:add-class`, `:remove-class`, `rein-loading-text`, and a status bar scoped to the named event
 * (`rein-loading="save"`). All of it clears when the reply arrives, also when the handler fails.
 * @module
 */
import { z } from "zod";
import { LiveView, event } from "rein";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The loading-states demo. */
export class LoadingView extends LiveView {
  static override title = "Loading states";
  title = "Quarterly report";
  saves = 0;
  /** How long the save takes, in ms (the tests shorten nothing: the point is to see it). */
  static delayMs = 1200;

  @event({ params: z.object({ title: z.string().trim().min(1, "a title is required") }) })
  async save({ title }: { title: string }) {
    await sleep(LoadingView.delayMs);
    this.title = title;
    this.saves += 1;
  }

  /** Fails after a while: the loading states must clear on an error reply too. */
  @event() async saveAndFail() {
    await sleep(LoadingView.delayMs / 2);
    throw new Error("the storage service is down");
  }

  override render() {
    return (
      <div class="ld">
        <form class="g-panel ld-card" rein-submit="save" rein-loading:add-class="is-busy">
          <label class="g-label" for="ld-title">Document title</label>
          <input id="ld-title" class="g-input" name="title" value={this.title} autocomplete="off" />
          <div class="g-row">
            <button type="submit" id="ld-save" class="g-btn g-btn-primary" rein-loading:disable rein-loading-text="Saving...">
              Save
            </button>
            <span class="ld-spinner" id="ld-spinner" rein-loading:show aria-label="saving" />
            <span class="ld-saved" id="ld-saved" rein-loading:hide>
              Saved {this.saves} {this.saves === 1 ? "time" : "times"}
            </span>
          </div>
          <p class="ld-hint visible" id="ld-hint" rein-loading:remove-class="visible">
            Press Save: the server waits {LoadingView.delayMs / 1000} s before it answers.
          </p>
        </form>
        <div class="g-panel ld-card">
          <p class="g-muted">A handler that throws: the button and its text are restored when the error arrives.</p>
          <button type="button" id="ld-fail" class="g-btn" rein-click="saveAndFail" rein-loading:disable rein-loading-text="Trying...">
            Save to a broken service
          </button>
        </div>
        <div class="ld-status" id="ld-status" rein-loading="save" rein-loading:show>
          Saving “{this.title}”... (this bar is outside the form, scoped with rein-loading="save")
        </div>
        <p class="ld-current" id="ld-current">Current title: <strong>{this.title}</strong></p>
      </div>
    );
  }
}
