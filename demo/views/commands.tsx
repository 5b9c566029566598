/**
 * `/commands`: a modal and tabs driven by JS command chains, both inline (they run in the browser, no round trip)
 * and pushed from the server with `pushCommands` (they run after the reply's patches).
 * @module
 */
import { z } from "zod";
import { LiveView, event, JS } from "rein";

const TABS = ["overview", "activity", "settings"] as const;
type Tab = (typeof TABS)[number];

const openModal = JS.show({ to: "#cmd-modal", display: "flex" })
  .addClass("is-open", { to: "#cmd-modal" })
  .focus("#cmd-modal-title");
const closeModal = JS.removeClass("is-open", { to: "#cmd-modal" }).hide("#cmd-modal");

/** The browser-side tab strip's section: its chains' selectors stay inside it, never reaching the server's strip. */
const CLIENT_TABS = "#cmd-client-tabs";

/** Inline chain of one client-side tab: hide its strip's panels, show this one, move the "active" class. */
function clientTab(tab: Tab) {
  return JS.hide({ to: `${CLIENT_TABS} .cmd-panel` })
    .show(`#cmd-panel-${tab}`)
    .removeClass("is-active", { to: `${CLIENT_TABS} .cmd-tab` })
    .addClass("is-active")
    .setAttr("aria-selected", "false", { to: `${CLIENT_TABS} .cmd-tab` })
    .setAttr("aria-selected", "true");
}

/** The JS commands demo. */
export class CommandsView extends LiveView {
  static override title = "JS commands";
  /** Server-side tab (the second tab strip). */
  serverTab: Tab = "overview";
  /** How often the server opened the modal. */
  serverOpens = 0;

  /** Opens the modal from the server: the same chain as the inline button, pushed. */
  @event() openFromServer() {
    this.serverOpens += 1;
    this.pushCommands(openModal.transition("cmd-pop", { to: "#cmd-modal-card", time: 300 }));
  }

  /** Selects a server-rendered tab, then flashes its panel with a pushed transition. */
  @event({ params: z.object({ tab: z.enum(TABS) }) })
  selectTab({ tab }: { tab: Tab }) {
    this.serverTab = tab;
    this.pushCommands(JS.transition("cmd-flash", { to: "#cmd-server-panel", time: 500 }));
  }

  override render() {
    return (
      <div class="cmd">
        <section class="g-panel cmd-block">
          <h2>Modal</h2>
          <p class="g-muted">Both buttons run the same chain: show, add a class, move focus.</p>
          <div class="g-row">
            <button type="button" id="open-inline" class="g-btn g-btn-primary" rein-click={openModal}>
              Open (inline chain)
            </button>
            <button type="button" id="open-server" class="g-btn" rein-click="openFromServer">
              Open (pushed by the server)
            </button>
            <span class="g-muted" id="server-opens">Server opened it {this.serverOpens} times</span>
          </div>
        </section>

        <section class="g-panel cmd-block" id={CLIENT_TABS.slice(1)}>
          <h2>Tabs in the browser</h2>
          <p class="g-muted">Inline chains: no event reaches the server.</p>
          <div class="cmd-tabs" role="tablist">
            {TABS.map((t, i) => (
              <button type="button" role="tab" id={`cmd-tab-${t}`} class={i === 0 ? "cmd-tab is-active" : "cmd-tab"}
                aria-selected={i === 0 ? "true" : "false"} rein-click={clientTab(t)}>
                {t[0]!.toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
          {TABS.map((t, i) => (
            <div class="cmd-panel" id={`cmd-panel-${t}`} role="tabpanel" style={i === 0 ? undefined : "display:none"}>
              {PANEL_TEXT[t]}
            </div>
          ))}
        </section>

        <section class="g-panel cmd-block">
          <h2>Tabs on the server</h2>
          <p class="g-muted">A round trip per click: the server re-renders, then pushes a flash transition.</p>
          <div class="cmd-tabs" role="tablist">
            {TABS.map((t) => (
              <button type="button" role="tab" id={`srv-tab-${t}`} class={t === this.serverTab ? "cmd-tab is-active" : "cmd-tab"}
                aria-selected={t === this.serverTab ? "true" : "false"} rein-click="selectTab" rein-value-tab={t}>
                {t[0]!.toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
          <div class="cmd-panel" id="cmd-server-panel" role="tabpanel">
            {PANEL_TEXT[this.serverTab]}
          </div>
        </section>

        <div id="cmd-modal" class="cmd-modal" style="display:none" role="dialog" aria-modal="true" aria-labelledby="cmd-modal-title">
          <div class="cmd-modal-card" id="cmd-modal-card">
            <h2 id="cmd-modal-title" tabindex="-1">Hello from a JS chain</h2>
            <p>This dialog was opened without any JavaScript written for this page.</p>
            <button type="button" id="close-modal" class="g-btn g-btn-primary" rein-click={closeModal}>Close</button>
          </div>
        </div>
      </div>
    );
  }
}

const PANEL_TEXT: Record<Tab, string> = {
  overview: "Overview: JS chains are lists of small DOM commands built on the server.",
  activity: "Activity: inline chains run on click; pushed chains run after the reply's patches.",
  settings: "Settings: every chain is immutable: each call returns a new chain.",
};
