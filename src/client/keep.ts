/**
 * Which form fields the user owns right now, so server patches never overwrite what they are typing.
 *
 * A field is kept (dom.ts leaves its value alone) while it has focus and either
 * - the user typed into it since its value was last sent (an `input` event with no event sent since, e.g. a
 *   debounced change not yet sent), or
 * - an event that carried its value is still unanswered.
 * Once the last event carrying its value is answered, that reply's patches apply to it, and {@link settle}
 * makes it show the server's value even when no patch touched it: this is how the TodoMVC new-todo input
 * clears after Enter when its server value was `""` all along. Typing again before the reply keeps it.
 * @module
 */
import { isField } from "./params.ts";

/** Unanswered events that carried each field's value. */
const pending = new WeakMap<Element, number>();
/** Fields typed into since their value was last sent. */
const dirty = new WeakSet<Element>();

/**
 * The user typed into `el` (called for every `input` event on a field). A checkbox's or radio's `input` event is
 * not typing: it follows the click that already sent its state, and marking it would hold back the reply.
 */
export const typed = (el: Element): void => void (/^(checkbox|radio)$/.test((el as HTMLInputElement).type) || dirty.add(el));

/** An event carrying the values of `fields` was sent (or queued). */
export function sent(fields: Element[]): void {
  for (const field of fields) dirty.delete(field), pending.set(field, (pending.get(field) || 0) + 1);
}

/** The event that carried the values of `fields` was answered (reply, error, or lost with the connection). */
export function done(fields: Element[]): void {
  for (const field of fields) pending.set(field, pending.get(field)! - 1);
}

/** Whether `el` holds a value the server has not acknowledged yet, focused or not. */
const own = (el: Element): boolean => dirty.has(el) || pending.get(el)! > 0;

/** Whether the user owns the value of `el` right now (see the module comment). Passed to dom.ts. */
export const keep = (el: Element): boolean => el == document.activeElement && isField(el) && own(el);

/**
 * After the reply to an event carrying the values of `fields` is applied: each text-like `<input>` released
 * by it (nothing newer pending or typed) shows its `value` attribute, i.e. the server's value, as a
 * diff-based patch cannot say "set it back to what it already was". Only inputs that carry a `value`
 * attribute: without one the server doesn't control the field, and resetting it would erase the user's
 * text. Textareas, checkboxes, radios and selects are left as they are for the same reason (their markup
 * can't tell controlled from uncontrolled).
 */
export function settle(fields: Element[]): void {
  for (const field of fields) {
    const serverValue = field.getAttribute("value");
    if (
      field instanceof HTMLInputElement &&
      serverValue != null &&
      !/^(checkbox|radio|file)$/.test(field.type) &&
      !own(field) &&
      field.value != serverValue
    )
      field.value = serverValue;
  }
}
