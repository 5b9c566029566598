/**
 * The markup contract of forms beyond their attributes (`rein-draft`, see attributes.ts): the push a server form
 * sends to reset the browser's form and to forget its draft, and the names and timing the browser's drafts use.
 * Enums, so the client bundle inlines them (see attributes.ts).
 * @module
 */

/** Names shared by the server's forms and the browser client. */
export enum FORM {
  /**
   * Push name (dispatched on `window` as is, its name starting with `rein:`) with a {@link FormResetPayload}: the
   * browser resets the `<form>` with that DOM id to the values its patches just rendered (`form.reset()`), and
   * forgets the draft with that key. Sent by `resetForm()`, `clearDraft()` and a valid submit of a form with a
   * draft, after the patches of the same frame.
   */
  resetPush = "rein:form-reset",
  /** Prefix of a draft's `localStorage` key: `rein-draft:` + the form's `rein-draft` value. */
  draftStoragePrefix = "rein-draft:",
}

/** Timing of drafts, in ms. */
export enum DRAFT_TIMING {
  /** A draft is written this long after the last `input` event in its form (djust's DraftModeMixin: 500 ms). */
  saveDelayMs = 500,
}

/**
 * The payload of {@link FORM.resetPush}: the DOM id of the form to reset (`""`: none) and the draft key to forget
 * (`""`: none).
 */
export type FormResetPayload = [formId: string, draftKey: string];
