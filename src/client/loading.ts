/**
 * Loading states: while an event is in flight (sent, not yet answered by a reply or an error, and the socket
 * still up), the elements in its scope react:
 * - the bound element (origin) gets the class `rein-loading`;
 * - so does every element that reacts: the origin and its descendants carrying loading modifiers without a
 *   `rein-loading` value, and, in the view, every element with `rein-loading="<handler name>"`.
 *
 * Modifiers (`.` or `:` as separator): `rein-loading.show` (hidden unless loading, by a style rule injected at
 * boot), `.hide` (hidden while loading), `.disable` (the `disabled` attribute), `.add-class="a b"`,
 * `.remove-class="a b"`, and `rein-loading-text="Saving..."` (replaces the element's content).
 *
 * Submit controls (in a form: a `button` without a type or with `type=submit`, an `input[type=submit]`) react
 * only to their own events (as origin) and to events sent while their form's submit event is being dispatched:
 * never to the form's change/input/blur validations, which would disable the button under the user's click (the
 * browser drops a click on a disabled button, and the submit with it). So `.disable` on a submit button is on
 * exactly while a submit of its form is in flight, and what it drops then is a duplicate of that submit.
 *
 * Restoring: attributes go back to the server's values through `hold`/`release` (dom.ts), so a patch that
 * arrives while loading is not lost, and the caller clears a reply's loading state before applying its patches,
 * so a restore never overwrites them. Overlapping events on one element count: the last one restores.
 * @module
 */
import { ATTR, CLASS } from "../protocol/attributes.ts";
import { elementsWith } from "./attribute-index.ts";
import { hold, release } from "./dom.ts";
import { EXPANDO } from "./expando.ts";

/** The style rule that makes `.show`/`.hide` work without any per-element code. */
const CSS =
  `[${ATTR.loading}\\.show]:not(.${CLASS.loading}),[${ATTR.loading}\\:show]:not(.${CLASS.loading}),` +
  `[${ATTR.loading}\\.hide].${CLASS.loading},[${ATTR.loading}\\:hide].${CLASS.loading}{display:none!important}`;

/** Injects the `.show`/`.hide` style rule (once, at boot). */
export const css = (): void => void document.head.append(Object.assign(document.createElement("style"), { textContent: CSS }));

/**
 * Matches the name of a loading modifier attribute and captures the modifier: `rein-loading.<modifier>` or
 * `rein-loading:<modifier>`, and `rein-loading-text` (modifier `text`).
 */
const MODIFIER = new RegExp(`^${ATTR.loading}(?:[.:]|-(?=text$))(.*)`);

/**
 * Elements carrying a loading modifier, as one native selector (CSS cannot match attribute-name prefixes, but the
 * modifiers are a closed set), so a bound element with a large subtree is not walked node by node on every event.
 */
const MODIFIERS = "show hide disable add-class remove-class"
  .split(" ")
  .flatMap((modifier) => [`[${ATTR.loading}\\.${modifier}]`, `[${ATTR.loading}\\:${modifier}]`])
  .concat(`[${ATTR.loadingText}]`)
  .join();

/** An element in a loading state; a loading text keeps the server's children aside (see expando.ts). */
type LoadingElement = HTMLElement & { [EXPANDO.loadingContent]?: [serverChildren: Node[], text: Text] | undefined };

/** Puts `el` in its loading state; returns the function that ends it. */
function start(el: LoadingElement): () => void {
  hold(el, ["class", "disabled"]);
  el.classList.add(CLASS.loading);
  for (const { name, value } of [...el.attributes]) {
    const modifier = MODIFIER.exec(name)?.[1];
    const classes = value.split(/\s+/).filter(Boolean);
    if (modifier == "text") {
      // Keep the server's child nodes (patches address them) and put them back afterwards.
      if (!el[EXPANDO.loadingContent]) {
        const text = new Text(value);
        el[EXPANDO.loadingContent] = [[...el.childNodes], text];
        el.replaceChildren(text);
      }
    } else if (modifier == "disable") el.setAttribute("disabled", "");
    else if (modifier == "add-class") el.classList.add(...classes);
    else if (modifier == "remove-class") el.classList.remove(...classes);
  }
  return () => {
    const content = el[EXPANDO.loadingContent];
    // A resync may have reused or replaced the loading text meanwhile: then the content is the server's already.
    if (release(el) && content)
      (el[EXPANDO.loadingContent] = undefined),
        content[1].parentNode == el &&
          content[1].data == el.getAttribute(ATTR.loadingText) &&
          el.replaceChildren(...content[0]);
  };
}

/**
 * The last submit event the page dispatched. While it is being dispatched (its `eventPhase` is not 0), the events
 * sent are that submit's: its binding's (events.ts listens on `document`, after this capture listener on
 * `window`), and what a debounce held back until the submit.
 */
let lastSubmit: Event | undefined;
addEventListener("submit", (event) => (lastSubmit = event), true);

/**
 * Starts the loading state of event `name` sent from `origin` (if any) in the view container `view`. Returns the
 * function that clears it (call it before applying the event's reply). A submit control reacts only as the origin,
 * or while its form's submit event is being dispatched (see the module comment).
 */
export function loading(view: Element, name: string, origin?: Element): () => void {
  const reacting = new Set<Element>();
  if (origin) {
    reacting.add(origin);
    for (const el of origin.querySelectorAll(MODIFIERS)) if (!el.getAttribute(ATTR.loading)) reacting.add(el);
  }
  // The view's attribute index (dom.ts), not a query of the whole view: an event costs what its scope holds.
  for (const el of elementsWith(view, ATTR.loading)) if (el.getAttribute(ATTR.loading) == name) reacting.add(el);
  const ends = [...reacting]
    // A submit control of a form (a button, whose type defaults to "submit", or an input[type=submit]) only as the
    // origin or during its form's submit.
    .filter(
      (el: Element & { form?: unknown; type?: unknown }): el is LoadingElement =>
        el == origin || !el.form || el.type != "submit" || (lastSubmit?.eventPhase && lastSubmit.target) == el.form,
    )
    .map(start);
  return () => ends.forEach((end) => end());
}
