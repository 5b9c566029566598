/**
 * `/`: the gallery's landing page. A LiveView too (with no events), so it shares the layout and the routing of
 * the demos. Its cards come from the catalogue in demo/pages.ts.
 * @module
 */
import { LiveView } from "rein";
import { DEMOS, type DemoPage } from "../pages.ts";

/** One card of the landing page. */
function DemoCard({ demo }: { demo: DemoPage }) {
  return (
    <a class="g-card" href={demo.path}>
      <span class="g-card-path">{demo.path}</span>
      <h2 class="g-card-title">{demo.title}</h2>
      <p class="g-card-blurb">{demo.blurb}</p>
      <ul class="g-tags">
        {demo.tags.map((t) => (
          <li class="g-tag">{t}</li>
        ))}
      </ul>
      <span class="g-card-go">Open demo →</span>
    </a>
  );
}

/** The landing page. */
export class IndexView extends LiveView {
  static override title = "Gallery";

  override render() {
    return (
      <div class="g-index">
        <section class="g-hero">
          <p class="g-eyebrow">Rein demo gallery</p>
          <h1 class="g-hero-title">Interactive pages whose state lives on the server.</h1>
          <p class="g-hero-lead">
            Rein is a TypeScript framework for server-driven web UIs, in the spirit of Phoenix LiveView: your view
            is a class on the server that renders JSX or a template, and the browser is a thin client. Every click or
            keystroke travels over one WebSocket; the server re-renders, diffs, and sends back only the DOM patches.
          </p>
          <ol class="g-flow" aria-label="How one interaction works">
            <li>
              <strong>Event</strong>
              <span>rein-click="add" sends its name and params</span>
            </li>
            <li>
              <strong>Handler</strong>
              <span>your method changes the view's fields</span>
            </li>
            <li>
              <strong>Diff</strong>
              <span>render() again, compare with the last tree</span>
            </li>
            <li>
              <strong>Patch</strong>
              <span>only what changed goes back to the page</span>
            </li>
          </ol>
        </section>
        <section class="g-cards" aria-label="Demos">
          {DEMOS.map((d) => (
            <DemoCard demo={d} />
          ))}
        </section>
        <section class="g-start">
          <h2>Reading the code</h2>
          <p>
            Each demo is one file in <code>demo/views/</code>; <code>demo/app.ts</code> wires the routes, the layout
            and the assets, and <code>demo/main.ts</code> starts the server. Open your browser's network panel on the
            WebSocket to see the frames each page exchanges: event names and parameters going up, small patch lists
            coming down.
          </p>
        </section>
      </div>
    );
  }
}
