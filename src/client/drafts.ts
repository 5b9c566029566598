/**
 * Drafts (djust's DraftModeMixin): a `<form rein-draft="key">` keeps what the user types in `localStorage`
 * (under `rein-draft:key`), written 500 ms after the last `input` event in it, never a password or a file. When its
 * view first joins, a saved draft is put back into the fields and the form's change event is sent, so the server
 * validates it (recover.ts). The server forgets a draft with the push `rein:form-reset` (`[formId, draftKey]`), which
 * arrives in any reply or update frame (after a valid submit, `clearDraft()`, `resetForm()`), not only at page
 * load; the same push resets the form with that DOM id to what the server just rendered (`form.reset()`), which
 * also drops text the server never saw, whatever keep.ts would keep.
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { DRAFT_TIMING, FORM, type FormResetPayload } from "../protocol/forms.ts";
import { type Snapshot, snap } from "./form-values.ts";
import type { Field } from "./params.ts";

/** `localStorage`, or undefined where reading it throws (sandboxed iframes, some privacy modes). */
const store = (() => {
  try {
    return localStorage;
  } catch {}
})();

/** Pending writes, by draft key. */
const timers: Record<string, any> = {};

/** The saved draft of `form` (by its `rein-draft` key), or `0` when there is none (`JSON.parse(0)` is `0`). */
export const draftOf = (form: Element): Snapshot | 0 =>
  JSON.parse((store?.getItem(FORM.draftStoragePrefix + form.getAttribute(ATTR.draft)) || 0) as string);

// Typing in a draft form: (re)starts the timer of its draft's write. Listening from the start costs a page
// without draft forms one property read per `input` event.
addEventListener("input", (event) => {
  const form = (event.target as Field).form;
  const key = form?.getAttribute(ATTR.draft);
  if (key)
    clearTimeout(timers[key]),
      (timers[key] = setTimeout(
        () => store?.setItem(FORM.draftStoragePrefix + key, JSON.stringify(snap(form!, true))),
        DRAFT_TIMING.saveDelayMs,
      ));
});

// The server's reset push: reset the form, forget the draft (and a write still pending for it).
addEventListener(FORM.resetPush, (event) => {
  const [id, key] = (event as CustomEvent<FormResetPayload>).detail;
  (document.getElementById(id) as HTMLFormElement | null)?.reset();
  // (Without a draft key, this forgets a draft named "", which never exists.)
  clearTimeout(timers[key]);
  store?.removeItem(FORM.draftStoragePrefix + key);
});
