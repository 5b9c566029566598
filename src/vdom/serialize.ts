/**
 * VNodes to HTML text, for the first paint (the page works before the client script loads).
 * @module
 */
import { VOID_ELEMENTS, type VNode } from "./vnode.ts";

/** Elements whose text content the HTML parser reads raw (no entities, no tags). */
const RAW_TEXT = new Set(["script", "style"]);

/** Elements whose first newline the HTML parser drops. */
const LEADING_LF = new Set(["pre", "textarea", "listing"]);

/**
 * Escapes text content: `&`, `<`, `>`. Scans with `charCodeAt` and copies unchanged runs with one `slice`,
 * so text without special characters (the common case) costs one pass and no allocation.
 */
export function escapeText(s: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 38) rep = "&amp;";
    else if (c === 60) rep = "&lt;";
    else if (c === 62) rep = "&gt;";
    else continue;
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Escapes a double-quoted attribute value: `&`, `"`. Same scanning as {@link escapeText}. */
export function escapeAttr(s: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 38) rep = "&amp;";
    else if (c === 34) rep = "&quot;";
    else continue;
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Serializes VNodes to HTML, the inverse of `parseHtml` (src/vdom/html.ts) for what the browser will parse back.
 *
 * - Text is escaped (`&`, `<`, `>`); attribute values are double-quoted and escaped (`&`, `"`); an empty value
 *   is written `name=""`, as browsers serialize boolean attributes.
 * - Void elements (`<br>`, `<input>`...) get no end tag; their children, if any, are ignored.
 * - Text inside `<script>` and `<style>` is written raw. It is the template's job to keep `</script>` out of it:
 *   raw text cannot be escaped.
 * - A text child of `<pre>`, `<textarea>` or `<listing>` that starts with a newline gets one extra newline in
 *   front, because the browser's parser drops the first one.
 *
 * Plain string concatenation, one recursive pass (the approach of preact-render-to-string).
 *
 * @param nodes - one node or a list of sibling nodes.
 * @returns the HTML text. Never throws.
 */
export function toHtml(nodes: VNode | VNode[]): string {
  if (!Array.isArray(nodes)) return node(nodes, false);
  let out = "";
  for (let i = 0; i < nodes.length; i++) out += node(nodes[i]!, false);
  return out;
}

function node(n: VNode, raw: boolean): string {
  if (n.type === 3) return raw ? n.text : escapeText(n.text);
  const tag = n.tag;
  let out = "<" + tag;
  const attrs = n.attrs;
  for (const name in attrs) out += " " + name + '="' + escapeAttr(attrs[name]!) + '"';
  out += ">";
  if (VOID_ELEMENTS.has(tag)) return out;
  const kids = n.children;
  const rawKids = RAW_TEXT.has(tag);
  if (kids.length > 0 && LEADING_LF.has(tag)) {
    const first = kids[0]!;
    if (first.type === 3 && first.text.charCodeAt(0) === 10) out += "\n";
  }
  for (let i = 0; i < kids.length; i++) out += node(kids[i]!, rawKids);
  return out + "</" + tag + ">";
}
