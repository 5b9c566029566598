/**
 * A normalizer for snapshot tests of rendered HTML: `expect(normalizeHtml(client.html())).toMatchInlineSnapshot()`
 * (or `toMatchSnapshot()`) with Vitest's own snapshots. It pretty-prints deterministically and replaces the values
 * that change from run to run with placeholders, so a snapshot changes only when the markup does. Plays the part of
 * djust's `SnapshotTestMixin`, on the test runner's snapshot machinery instead of a file format of its own.
 * @module
 */
import { Parser } from "htmlparser2";
import { ATTR } from "../protocol/attributes.ts";
import { escapeAttr, escapeText } from "../vdom/serialize.ts";
import { VOID_ELEMENTS } from "../vdom/vnode.ts";

/** A value that changes from run to run, and what it becomes. */
export interface VolatilePattern {
  /** What to replace; every match counts (the `g` flag is added when missing). */
  pattern: RegExp;
  /** What each match becomes, taken literally (`$&` is not expanded). */
  placeholder: string;
}

/** Options of {@link normalizeHtml}. */
export interface NormalizeOptions {
  /**
   * More volatile values: every match in a text (after whitespace is collapsed) and in an attribute value becomes
   * its placeholder, in the order given, after the built-in rules. E.g. `{ pattern: /\d{4}-\d\d-\d\dT[\d:.]+Z/,
   * placeholder: "[time]" }`.
   */
  replace?: readonly VolatilePattern[];
  /** Attributes whose whole value is volatile, by name, to their placeholder: `{ "data-now": "[time]" }`. */
  attributes?: Readonly<Record<string, string>>;
  /** One level of indentation. Default two spaces. */
  indent?: string;
}

/** The placeholders of the built-in rules of {@link normalizeHtml}. */
export const PLACEHOLDER = {
  /** The value of a `rein-token` attribute (a view's signed join token). */
  token: "[token]",
  /** A non-empty `rein-view` attribute (a view id). */
  viewId: "[view-id]",
  /** A CSRF token: an attribute named like `csrf`/`xsrf`, or the value of a CSRF form field or meta tag. */
  csrf: "[csrf]",
  /** A `nonce` attribute (CSP). */
  nonce: "[nonce]",
} as const;

/** Names of attributes whose value is a CSRF token. */
const CSRF_ATTRIBUTE = /csrf|xsrf/i;
/** `name`s of form fields (`value`) and meta tags (`content`) that carry a CSRF token. */
const CSRF_FIELD = /csrf|xsrf|^authenticity_token$|^_token$/i;
/** Elements whose whitespace is content: printed on one line, exactly. */
const PRESERVE = new Set(["pre", "textarea", "script", "style", "listing"]);
/** Elements whose text the HTML parser reads raw: printed unescaped. */
const RAW_TEXT = new Set(["script", "style"]);

interface Element {
  tag: string;
  attrs: [string, string][];
  children: Node[];
}
type Node = Element | string;

/**
 * Pretty-prints HTML deterministically for snapshot tests and replaces volatile values with placeholders.
 *
 * - One element per line, indented by depth; an element whose only content is one text, or nothing, stays on one
 *   line (`<h1>Count: 1</h1>`). Void elements get no end tag.
 * - Attributes sorted by name; values re-escaped (`&amp;`, `&quot;`), so `&#39;` and `'` print the same; an empty
 *   value prints as a bare name (`disabled`).
 * - Text: runs of whitespace collapsed to one space, trimmed, whitespace-only text dropped; except inside `<pre>`,
 *   `<textarea>`, `<listing>`, `<script>` and `<style>`, which print on one line exactly as parsed.
 * - Comments are dropped; a doctype prints as `<!doctype html>`.
 * - Volatile values become placeholders ({@link PLACEHOLDER}): `rein-token` values (`[token]`), non-empty
 *   `rein-view` values (`[view-id]`), `nonce` (`[nonce]`), attributes named like `csrf`/`xsrf` and the `value` of
 *   `<input name="_csrf">`-like fields and the `content` of `<meta name="csrf-token">` (`[csrf]`); then
 *   `options.attributes` and `options.replace`.
 *
 * Parsing is htmlparser2's (the parser of Rein's templates), not regular expressions.
 * @param html - a fragment (`ViewClient.html()`) or a whole page (`loadPage(url).html`).
 * @returns the normalized HTML, lines joined with `\n`, no trailing newline. Never throws for any input string.
 */
export function normalizeHtml(html: string, options: NormalizeOptions = {}): string {
  const replace = (options.replace ?? []).map(({ pattern, placeholder }) => ({
    re: pattern.flags.includes("g") ? pattern : new RegExp(pattern.source, pattern.flags + "g"),
    placeholder,
  }));
  const volatile = (value: string): string => {
    for (const { re, placeholder } of replace) value = value.replace(re, () => placeholder);
    return value;
  };
  const out: string[] = [];
  const indent = options.indent ?? "  ";
  const attrs = (el: Element): string => attributes(el, options.attributes ?? {}, volatile);
  const print = (nodes: readonly Node[], depth: number): void => {
    const pad = indent.repeat(depth);
    for (const n of nodes) {
      if (typeof n === "string") {
        const text = collapse(n);
        if (text !== "") out.push(pad + escapeText(volatile(text)));
        continue;
      }
      const open = `<${n.tag}${attrs(n)}>`;
      if (VOID_ELEMENTS.has(n.tag)) out.push(pad + open);
      else if (PRESERVE.has(n.tag)) out.push(pad + open + inline(n.children, RAW_TEXT.has(n.tag), attrs, volatile) + `</${n.tag}>`);
      else {
        const kids = n.children.filter((c) => typeof c !== "string" || collapse(c) !== "");
        const only = kids[0];
        if (kids.length === 0) out.push(`${pad}${open}</${n.tag}>`);
        else if (kids.length === 1 && typeof only === "string") {
          out.push(`${pad}${open}${escapeText(volatile(collapse(only)))}</${n.tag}>`);
        } else {
          out.push(pad + open);
          print(kids, depth + 1);
          out.push(`${pad}</${n.tag}>`);
        }
      }
    }
  };
  const { nodes, doctype } = parse(html);
  if (doctype !== undefined) out.push(doctype);
  print(nodes, 0);
  return out.join("\n");
}

/** Parses HTML into a small tree (htmlparser2's streaming callbacks), dropping comments. */
function parse(html: string): { nodes: Node[]; doctype: string | undefined } {
  const root: Element = { tag: "", attrs: [], children: [] };
  const stack: Element[] = [root];
  let doctype: string | undefined;
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        const el: Element = { tag, attrs: Object.entries(attribs), children: [] };
        stack.at(-1)!.children.push(el);
        stack.push(el);
      },
      ontext(text) {
        const kids = stack.at(-1)!.children;
        const last = kids.length - 1;
        if (typeof kids[last] === "string") kids[last] += text;
        else kids.push(text);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      onprocessinginstruction(_name, data) {
        if (/^!doctype/i.test(data) && doctype === undefined) doctype = `<${data.replace(/^!doctype/i, "!doctype")}>`;
      },
    },
    // Attribute names as written (SVG's `viewBox`); everything else as a browser's HTML parser reads it.
    { lowerCaseAttributeNames: false },
  );
  parser.end(html);
  return { nodes: root.children, doctype };
}

/** The attributes of `el`, volatile values replaced, sorted by name, as ` name="value"` (bare when empty). */
function attributes(el: Element, fixed: Readonly<Record<string, string>>, volatile: (v: string) => string): string {
  const fieldName = el.attrs.find(([n]) => n === "name")?.[1];
  const csrfField =
    fieldName !== undefined && CSRF_FIELD.test(fieldName) ? (el.tag === "meta" ? "content" : el.tag === "input" ? "value" : undefined) : undefined;
  const list = el.attrs.map(([name, value]): [string, string] => {
    if (Object.hasOwn(fixed, name)) return [name, fixed[name]!];
    if (name === ATTR.token) return [name, PLACEHOLDER.token];
    if (name === ATTR.view && value !== "") return [name, PLACEHOLDER.viewId];
    if (name === "nonce") return [name, PLACEHOLDER.nonce];
    if (name === csrfField || CSRF_ATTRIBUTE.test(name)) return [name, PLACEHOLDER.csrf];
    return [name, volatile(value)];
  });
  list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let out = "";
  for (const [name, value] of list) out += value === "" ? ` ${name}` : ` ${name}="${escapeAttr(value)}"`;
  return out;
}

/**
 * Children of a whitespace-preserving element, on one line, with their whitespace (attributes still sorted and
 * normalized, volatile values replaced).
 */
function inline(nodes: readonly Node[], raw: boolean, attrs: (el: Element) => string, volatile: (v: string) => string): string {
  let out = "";
  for (const n of nodes) {
    if (typeof n === "string") out += raw ? volatile(n) : escapeText(volatile(n));
    else if (VOID_ELEMENTS.has(n.tag)) out += `<${n.tag}${attrs(n)}>`;
    else out += `<${n.tag}${attrs(n)}>${inline(n.children, raw, attrs, volatile)}</${n.tag}>`;
  }
  return out;
}

/** Collapses runs of whitespace to one space and trims. */
function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
