/**
 * Putting back what the user typed when a view joins. On a re-join (after a lost connection or a server restart),
 * the view's tree replaces what the browser shows, and the server may have forgotten what was typed (a restarted
 * in-memory backend mounts the view afresh): so the values of every form bound with `rein-change` are captured
 * before the tree is applied, put back after it, and sent as the form's change event, so the server's state and
 * validation agree with what the user sees (Phoenix's phx-auto-recover). On the first join, the same happens with
 * the saved drafts of the forms with `rein-draft` (drafts.ts).
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { draftOf } from "./drafts.ts";
import { fill, type Snapshot, snap } from "./form-values.ts";

/**
 * Captures the values to put back into the forms of `container` (see the module comment): its draft forms' drafts
 * on the `first` join, else its `rein-change` forms' current values. Returns what fills them back (see `fill`), to
 * call once the join's tree is applied.
 */
export const capture = (container: Element, first: boolean): (() => void) => {
  const saved = [
    ...container.querySelectorAll<HTMLFormElement>(first ? `form[${ATTR.draft}]` : `form[${ATTR.bindingPrefix}change]`),
  ].map((form) => [form, first ? draftOf(form) : snap(form)] as const);
  return () => saved.forEach(([form, values]) => values && fill(form, values as Snapshot, first));
};
