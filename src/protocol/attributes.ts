/**
 * The `rein-*` names of the markup contract: the attributes the server renders and the browser client reads, and
 * the classes the client sets. Shared, so that server, client and tests cannot disagree on a name.
 *
 * They are TypeScript string enums rather than `as const` objects: when bundling, esbuild replaces an enum member
 * by its value across modules and folds it into neighbouring literals (`` `[${ATTR.view}]` `` becomes
 * `"[rein-view]"`), so naming them costs the browser client no bytes. An `as const` object (or an exported `const`)
 * would stay a runtime lookup in the bundle.
 * @module
 */

/** Attribute names. See docs/bindings.md for what each one does. */
export enum ATTR {
  /** Marks a LiveView container; the client joins one channel per container, in document order. */
  view = "rein-view",
  /** The signed join token of a view container, sent in its join frame. */
  token = "rein-token",
  /**
   * How a container's children are updated: `"replace"` (the default), `"ignore"` (the browser owns them once
   * hydrated), `"append"` or `"prepend"` (new children are merged in, existing ones kept).
   */
  update = "rein-update",
  /** In templates, an element's identity among its siblings for the keyed diff (JSX uses `key`); it travels too. */
  key = "rein-key",
  /** Attaches the client hook `window.rein.hooks[value]` to the element (which needs an `id`). */
  hook = "rein-hook",
  /**
   * Loading states: with a handler name as value, the element reacts while that event is in flight; as a prefix
   * with `.` or `:`, a loading modifier (`rein-loading.show`, `.hide`, `.disable`, `.add-class`, `.remove-class`).
   */
  loading = "rein-loading",
  /** Replaces the element's content with the attribute's value while loading. */
  loadingText = "rein-loading-text",
  /** Debounces the bindings of the element: a time in ms, `"blur"`, or empty for the default. */
  debounce = "rein-debounce",
  /** Throttles the bindings of the element: a time in ms, or empty for the default. */
  throttle = "rein-throttle",
  /**
   * On the root element of a stateful component (`LiveComponent`): its id. The events of the elements inside go
   * to that component (the nearest one), unless a closer `rein-target` says otherwise.
   */
  component = "rein-component",
  /**
   * Where the events of the element and its descendants go: a component id (or a form's id), or a CSS selector
   * starting with `#`, `.` or `[` whose first match's nearest component (or `rein-target`) receives them.
   */
  target = "rein-target",
  /**
   * On a `<form>`: its draft key. The client saves the form's fields (never a password or a file) to
   * `localStorage` 500 ms after the last keystroke, restores them on the next visit (and sends the form's change
   * event, so the server validates them), and forgets them when the server clears the draft. See docs/forms.md.
   */
  draft = "rein-draft",
  /** Prefix of static event parameters: `rein-value-user-id="7"` sends `"user-id": "7"`. */
  valuePrefix = "rein-value-",
  /**
   * Prefix of event bindings: `rein-` + binding name (`rein-click`, `rein-keydown`), optionally followed by a key
   * filter after `.` or `:` (`rein-keydown.enter`).
   */
  bindingPrefix = "rein-",
}

/** Class names the client sets. */
export enum CLASS {
  /** On a view container while it is joined. */
  connected = "rein-connected",
  /** On a view container while its connection is down (or not joined yet after a drop). */
  disconnected = "rein-disconnected",
  /** On the elements of an event's loading state while the event is in flight. */
  loading = "rein-loading",
  /** On the bound element of an `@optimistic` event until its reply. */
  optimistic = "rein-optimistic",
}
