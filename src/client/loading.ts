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
 * Restoring: attributes go back to the server's values through `hold`/`release` (dom.ts), so a patch that
 * arrives while loading is not lost, and the caller clears a reply's loading state before applying its patches,
 * so a restore never overwrites them. Overlapping events on one element count: the last one restores.
 * @module
 */
import { hold, release } from "./dom.ts";

/** The style rule that makes `.show`/`.hide` work without any per-element code. */
const CSS =
  "[rein-loading\\.show]:not(.rein-loading),[rein-loading\\:show]:not(.rein-loading),[rein-loading\\.hide].rein-loading,[rein-loading\\:hide].rein-loading{display:none!important}";

/** Injects the `.show`/`.hide` style rule (once, at boot). */
export const css = (): void => void document.head.append(Object.assign(document.createElement("style"), { textContent: CSS }));

/** Whether `a` is a loading modifier attribute. */
const mod = (a: Attr): boolean => /^rein-loading([.:]|-text$)/.test(a.name);

/**
 * Elements carrying a loading modifier, as one native selector (CSS cannot match attribute-name prefixes, but the
 * modifiers are a closed set), so a bound element with a large subtree is not walked node by node on every event.
 */
const MODS = "show hide disable add-class remove-class"
  .split(" ")
  .flatMap((m) => [`[rein-loading\\.${m}]`, `[rein-loading\\:${m}]`])
  .concat("[rein-loading-text]")
  .join();

type L = HTMLElement & { $k?: [Node[], Text] };

/** Puts `e` in its loading state; returns the function that ends it. */
function on(e: L): () => void {
  hold(e, ["class", "disabled"]);
  e.classList.add("rein-loading");
  for (const { name, value } of [...e.attributes].filter(mod)) {
    const m = name.slice(13);
    const cs = value.split(/\s+/).filter(Boolean);
    if (m == "text") {
      // Keep the server's child nodes (patches address them) and put them back afterwards.
      if (!e.$k) {
        const t = new Text(value);
        e.$k = [[...e.childNodes], t];
        e.replaceChildren(t);
      }
    } else if (m == "disable") e.setAttribute("disabled", "");
    else if (m == "add-class") e.classList.add(...cs);
    else if (m == "remove-class") e.classList.remove(...cs);
  }
  return () => {
    const k = e.$k;
    // A resync may have reused or replaced the loading text meanwhile: then the content is the server's already.
    if (release(e) && k)
      (e.$k = undefined), k[1].parentNode == e && k[1].data == e.getAttribute("rein-loading-text") && e.replaceChildren(...k[0]);
  };
}

/**
 * Starts the loading state of event `name` sent from `origin` (if any) in the view container `view`. Returns the
 * function that clears it (call it before applying the event's reply).
 */
export function loading(view: Element, name: string, origin?: Element): () => void {
  const s = new Set<Element>();
  if (origin) {
    s.add(origin);
    for (const e of origin.querySelectorAll(MODS)) if (!e.getAttribute("rein-loading")) s.add(e);
  }
  for (const e of view.querySelectorAll("[rein-loading]")) if (e.getAttribute("rein-loading") == name) s.add(e);
  const offs = [...s].map((e) => on(e as L));
  return () => offs.forEach((f) => f());
}
