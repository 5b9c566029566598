/**
 * Event targets in the browser: which component (or form) of a view an event goes to. The nearest element around
 * the bound one that carries `rein-target` or `rein-component` decides; none up to the view container means the
 * view itself. A `rein-target` value starting with `#`, `.` or `[` is a CSS selector: its first match's own
 * nearest component (or `rein-target`) is the target. Mirrors Phoenix's `phx-target` (`@myself` or a selector).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";

const SCOPE = `[${ATTR.target}],[${ATTR.component}]`;

/** The target id for events of `el`, or `undefined` for the view itself. */
export function targetOf(el: Element): string | undefined {
  const scope = el.closest(`${SCOPE},[${ATTR.view}]`);
  const value = scope && (scope.getAttribute(ATTR.target) ?? scope.getAttribute(ATTR.component));
  if (value == null) return;
  if (!/^[#.[]/.test(value)) return value;
  // A selector that matches nothing is sent as it is: the server answers unknown_target, which says what is wrong.
  const chosen = document.querySelector(value)?.closest(SCOPE);
  return (chosen && (chosen.getAttribute(ATTR.component) ?? chosen.getAttribute(ATTR.target))) || value;
}
