/**
 * The keys of the properties the client stores on objects it shares with the page: DOM nodes (every managed node
 * of a view) and hook instances (whose other members belong to the hook's author). They keep short `$`-prefixed
 * keys, unlikely to collide with anything a page script or hook sets, and are spelled out here once. As an enum,
 * esbuild inlines each key into plain property accesses (`node.$c`), so the names cost the bundle nothing.
 *
 * The client's own objects (views, pending events) use descriptive field names ending in `_` instead, which
 * esbuild shortens when bundling (`mangleProps`, see scripts/build-client.ts).
 * @module
 */

/** Property keys of the client's state on shared objects. */
export enum EXPANDO {
  /** On every managed element: its children in the server's tree, through which patch paths resolve (dom.ts). */
  serverChildren = "$c",
  /** On an element with held attributes: the server's values of those attributes (`hold` in dom.ts). */
  heldAttributes = "$s",
  /** On an element with held attributes: how many holds are active (`hold` in dom.ts). */
  holdCount = "$h",
  /** On an element showing a loading text: its server children and the text node shown instead (loading.ts). */
  loadingContent = "$k",
  /** On a view container: the templates of runs of similar siblings its server sent (dom.ts). */
  templates = "$t",
  /** On a view container: its elements carrying an indexed attribute (`rein-hook`, `rein-loading`), by name (dom.ts). */
  indexed = "$i",
  /** On a hook instance: its view container (hooks.ts). */
  hookView = "$v",
  /** On a hook instance: its `handleEvent` subscriptions (hooks.ts). */
  hookHandlers = "$e",
}
