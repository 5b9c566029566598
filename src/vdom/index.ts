/**
 * Rein's virtual DOM, server side: VNodes, HTML parsing and serialization, the wire form, and the keyed diff
 * that produces patch ops for the browser client.
 * @module
 */
export * from "./vnode.ts";
export { parseHtml } from "./html.ts";
export { escapeAttr, escapeText, toHtml } from "./serialize.ts";
export { toWire, toWireList } from "./wire.ts";
export { diff } from "./diff.ts";
export { packChildren, packNode, packRun, TemplateTable, unpack } from "./pack.ts";
