/**
 * `rein analyze` on Nunjucks templates (`.njk`, `.html`, and a view's `static templateString`): loops that render
 * elements without `rein-key`, and the event bindings a template contains (checked against its view's handlers by
 * the caller).
 *
 * Templates are parsed with Nunjucks's own parser (tags it does not know, such as `{% component %}`, are accepted
 * as opaque tags, with a body when an `end` tag follows), and the markup a loop produces with htmlparser2.
 * @module
 */
import { parseDocument } from "htmlparser2";
import nunjucks from "nunjucks";
import { ATTR } from "../../protocol/attributes.ts";
import { bindingOf, type Rule, type Spot } from "./findings.ts";

/** A finding without its file. */
export interface Advice extends Spot {
  rule: Rule;
  message: string;
}

/** An event binding found in markup: `rein-click="save"`. */
export interface Binding extends Spot {
  /** The attribute as written (`rein-keydown.enter`). */
  attribute: string;
  /** The handler it names. */
  value: string;
}

/** A node of htmlparser2's DOM (domhandler's), as far as this module reads it. */
type AnyNode = ReturnType<typeof parseDocument>["children"][number];
/** An element of that DOM. */
interface Element {
  type: string;
  name: string;
  attribs: Record<string, string>;
  children: AnyNode[];
  startIndex: number | null;
}

/** The untyped corners of Nunjucks this module uses (its parser is undocumented API). */
interface NjNode {
  typename: string;
  lineno: number;
  colno: number;
  fields: string[];
  value?: unknown;
  [field: string]: unknown;
}
interface NjParser {
  nextToken(): { type: string; value: string } | null;
  parseUntilBlocks(...names: string[]): NjNode;
  advanceAfterBlockEnd(name?: string): void;
}
interface Nj {
  parser: { parse(src: string, extensions?: unknown[]): NjNode };
  lexer: { TOKEN_BLOCK_END: string };
}
const nj = nunjucks as unknown as Nj;

/** Tags Nunjucks parses itself (openers, middles and closers). */
const BUILTIN_TAGS = new Set(
  ("raw verbatim if ifAsync elif elseif else endif for asyncEach asyncAll endfor endeach endall block endblock " +
    "extends include set endset macro endmacro call endcall import from filter endfilter switch case default endswitch " +
    "endraw endverbatim").split(" "),
);

/** Text that stands for an expression's output in the markup of a loop body. */
const HOLE = "__rein_hole__";

/** Where `text` starts in its file, when it is part of one (a `templateString`): 1-based line, column. */
export interface Origin {
  line: number;
  column: number;
}

/** A template that does not parse: Nunjucks's message and where (1-based). */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

/**
 * Parses a template.
 * @throws TemplateSyntaxError when the template does not parse.
 */
export function parseTemplate(text: string): NjNode {
  try {
    return parse(text);
  } catch (err) {
    const e = err as Error & { lineno?: number; colno?: number };
    const message = e.message.replace(/^\(unknown path\)\s*/, "").replace(/\s+/g, " ").trim();
    throw new TemplateSyntaxError(message, e.lineno ?? 1, e.colno ?? 1); // the parser's are 1-based already
  }
}

function parse(text: string): NjNode {
  const unknown = new Set<string>();
  for (const m of text.matchAll(/{%-?\s*([A-Za-z_]\w*)/g)) if (!BUILTIN_TAGS.has(m[1]!)) unknown.add(m[1]!);
  const openers = [...unknown].filter((t) => !(t.startsWith("end") && unknown.has(t.slice(3))));
  const extensions = openers.map((tag) => {
    const block = unknown.has("end" + tag);
    const ext = {
      tags: [tag],
      parse(parser: NjParser, nodes: Record<string, new (...args: unknown[]) => NjNode>) {
        parser.nextToken(); // the tag's name
        for (let t = parser.nextToken(); t && t.type !== nj.lexer.TOKEN_BLOCK_END; t = parser.nextToken());
        const body = block ? parser.parseUntilBlocks("end" + tag) : undefined;
        if (block) parser.advanceAfterBlockEnd();
        return new nodes["CallExtension"]!(ext, "run", new nodes["NodeList"]!(0, 0, []), body ? [body] : []);
      },
    };
    return ext;
  });
  return nj.parser.parse(text, extensions);
}

/** A piece of the markup a loop body produces, and where it starts in the template (0-based, as Nunjucks). */
interface Segment {
  start: number;
  line: number;
  col: number;
  text: string;
}

/**
 * The `list-without-key` findings of a template: every `{% for %}` whose body renders, at its top level, an
 * element without `rein-key` (an element with an attribute written as an expression, `<li {{ attrs }}>`, is given
 * the benefit of the doubt).
 */
export function loopsWithoutKey(root: NjNode, origin: Origin = { line: 1, column: 1 }): Advice[] {
  const found: Advice[] = [];
  visit(root, (node) => {
    if (node.typename !== "For" && node.typename !== "AsyncEach" && node.typename !== "AsyncAll") return;
    const segments: Segment[] = [];
    let length = 0;
    const add = (text: string, line: number, col: number) => {
      segments.push({ start: length, line, col, text });
      length += text.length;
    };
    markup(node["body"] as NjNode | undefined, add);
    const skeleton = segments.map((s) => s.text).join("");
    const doc = parseDocument(skeleton, { withStartIndices: true, lowerCaseAttributeNames: false });
    for (const child of doc.children) {
      if (!isElement(child)) continue;
      const names = Object.keys(child.attribs);
      if (names.includes(ATTR.key) || names.some((n) => n.includes(HOLE))) continue;
      const at = position(segments, child.startIndex ?? 0);
      const loopLine = node.lineno + 1;
      found.push({
        rule: "list-without-key",
        ...shift(at, origin),
        message:
          `<${child.name}> rendered by the {% for %} of line ${loopLine + origin.line - 1} has no rein-key: the list is ` +
          `diffed by position, so inserting or removing an item rewrites every item after it. Add ` +
          `rein-key="{{ item.id }}".`,
      });
    }
  });
  return found;
}

/** The markup a node produces, as text with {@link HOLE} for what is only known at render time. */
function markup(node: NjNode | undefined, add: (text: string, line: number, col: number) => void): void {
  if (!node) return;
  switch (node.typename) {
    case "NodeList":
    case "Root":
      for (const c of node["children"] as NjNode[]) markup(c, add);
      return;
    case "Output":
      for (const c of node["children"] as NjNode[]) {
        if (c.typename === "TemplateData") add(String(c.value ?? ""), c.lineno, c.colno);
        else add(HOLE, c.lineno, c.colno);
      }
      return;
    case "If":
    case "IfAsync":
      markup(node["body"] as NjNode | undefined, add);
      markup(node["else_"] as NjNode | undefined, add);
      return;
    case "Switch":
      for (const c of node["cases"] as NjNode[]) markup(c["body"] as NjNode | undefined, add);
      markup(node["default"] as NjNode | undefined, add);
      return;
    case "Set":
    case "Macro":
    case "Import":
    case "FromImport":
      return; // no output
    default:
      add(HOLE, node.lineno, node.colno); // a nested loop, an include, a custom tag: its own business
  }
}

/** Calls `fn` on every node of the tree. */
function visit(node: unknown, fn: (node: NjNode) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => visit(n, fn));
  if (!node || typeof node !== "object" || !("typename" in node)) return;
  const n = node as NjNode;
  fn(n);
  for (const f of n.fields) visit(n[f], fn); // a NodeList's fields are its children
}

/** Where an offset of the loop's markup is in the template: 1-based line and column. */
function position(segments: Segment[], offset: number): Spot {
  let seg = segments[0]!;
  for (const s of segments) if (s.start <= offset) seg = s;
  const before = seg.text.slice(0, offset - seg.start);
  const nl = before.lastIndexOf("\n");
  const lines = before.split("\n").length - 1;
  return lines === 0 ? { line: seg.line + 1, column: seg.col + before.length + 1 } : { line: seg.line + lines + 1, column: before.length - nl };
}

/** A spot of a template placed in its file (`origin`: where the template's text starts). */
export function shift(at: Spot, origin: Origin): Spot {
  return at.line === 1 ? { line: origin.line, column: origin.column + at.column - 1 } : { line: at.line + origin.line - 1, column: at.column };
}

function isElement(node: AnyNode | Element): node is Element {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

/**
 * The event bindings of a template's markup whose value is a plain handler name, skipping those whose value is an
 * expression (`{{ ... }}`), a JS command chain (`[...]`), and those inside an element with `rein-target` or
 * `rein-component` (they go to a component or a form, not to the view).
 */
export function templateBindings(text: string, origin: Origin = { line: 1, column: 1 }): Binding[] {
  const doc = parseDocument(text, { withStartIndices: true, lowerCaseAttributeNames: false });
  const starts = lineStarts(text);
  const out: Binding[] = [];
  const walk = (nodes: AnyNode[], targeted: boolean) => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      const inner = targeted || ATTR.target in node.attribs || ATTR.component in node.attribs;
      if (!inner) {
        for (const [attribute, value] of Object.entries(node.attribs)) {
          if (!bindingOf(attribute) || !isName(value)) continue;
          out.push({ attribute, value: value.trim(), ...shift(spotAt(starts, node.startIndex ?? 0), origin) });
        }
      }
      walk(node.children, inner);
    }
  };
  walk(doc.children, false);
  return out;
}

/** Whether a binding's value is a handler name written out (not an expression or a command chain). */
export function isName(value: string): boolean {
  return /^\s*[A-Za-z_$][\w$-]*\s*$/.test(value);
}

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of an offset. */
export function spotAt(starts: number[], offset: number): Spot {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
