/**
 * `/tour`: a three-step guided tour over a small project dashboard, built on the tutorial API (which is
 * `pushCommands` + `waitForEvent` underneath). Step 1 waits for the user to really click "New project", step 2
 * has a Next button, step 3 waits for "Help". Skip, timeouts and closing the tab all clean up.
 * @module
 */
import { LiveView, event, state, startTutorial, JS, type TutorialOutcome } from "rein";

/** The guided-tour demo. */
export class TourView extends LiveView {
  static override title = "Guided tour";
  projects: string[] = ["Website redesign"];
  helpOpen = false;
  /** How the last tour ended; set from the tour's promise, outside a handler, so a `@state` field. */
  @state accessor lastOutcome: TutorialOutcome | "" = "";
  /** Step timeout in ms. */
  static stepTimeoutMs = 120_000;

  @event() startTour() {
    this.lastOutcome = "";
    void startTutorial(this, [
      {
        target: "#tour-new",
        title: "Step 1: create a project",
        message: "Click “New project”. The tour waits until you do.",
        waitFor: "createProject",
        timeout: TourView.stepTimeoutMs,
        onEnter: JS.focus("#tour-new"),
      },
      {
        target: "#tour-list",
        title: "Step 2: your projects",
        message: "New projects appear here, rendered by the server.",
        onEnter: JS.transition("tour-pulse", { to: "#tour-list", time: 600 }),
      },
      {
        target: "#tour-help",
        title: "Step 3: help",
        message: "Open the help panel to finish the tour.",
        waitFor: "toggleHelp",
        timeout: TourView.stepTimeoutMs,
      },
    ]).then((outcome) => {
      this.lastOutcome = outcome;
      if (outcome === "completed") this.pushCommands(JS.transition("tour-celebrate", { to: "#tour-app", time: 900 }));
    });
  }

  @event() createProject() {
    this.projects = [...this.projects, `Project ${this.projects.length + 1}`];
  }

  @event() toggleHelp() {
    this.helpOpen = !this.helpOpen;
  }

  override render() {
    return (
      <div class="tour">
        <div class="g-row">
          <button type="button" id="tour-start" class="g-btn g-btn-primary" rein-click="startTour">Start the tour</button>
          <span class="g-muted" id="tour-outcome">{this.lastOutcome ? `Last tour: ${this.lastOutcome}` : "No tour yet"}</span>
        </div>
        <div class="g-panel tour-app" id="tour-app">
          <header class="tour-bar">
            <strong>Acme Projects</strong>
            <div class="g-row">
              <button type="button" id="tour-new" class="g-btn g-btn-primary" rein-click="createProject">New project</button>
              <button type="button" id="tour-help" class="g-btn" rein-click="toggleHelp">Help</button>
            </div>
          </header>
          <ul class="tour-list" id="tour-list">
            {this.projects.map((p) => <li key={p}>{p}</li>)}
          </ul>
          {this.helpOpen ? (
            <aside class="tour-help" id="tour-help-panel">Help: projects live on the server; this page is a LiveView.</aside>
          ) : null}
        </div>
      </div>
    );
  }
}
