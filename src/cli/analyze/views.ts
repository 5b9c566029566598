/**
 * `rein analyze` on TypeScript sources (`.ts`, `.tsx`): a syntax-only pass with the TypeScript compiler API (no
 * type checking, no imports followed), so it is fast and works on any folder.
 *
 * What it finds, in every file:
 * - `.map()` callbacks returning a JSX element without `key` (or a fragment, which cannot carry one);
 *
 * and in each view (a class extending `LiveView` or `LiveComponent`, directly or through a class of the same
 * file, or a class with `@event()` methods; or a `liveView({ state, handlers, render })` call):
 * - state fields that start as a large literal, and state fields that are collections (arrays, maps, sets);
 * - `@event()` handlers that take parameters without a `params` schema;
 * - bindings (`rein-click="name"`, `JS.push("name")`) that name none of the view's handlers. Only when all of them
 *   are known: the class extends `LiveView`/`LiveComponent` through classes of the same file and adds no
 *   controller (`addController`, whose handlers it cannot see). Bindings inside an element with `rein-target` or
 *   `rein-component`, or inside `<LiveForm>`, go to a component or a form and are not checked.
 *
 * It also returns each view's handlers and its `static template` / `static templateString`, so that the caller can
 * check the template's bindings.
 * @module
 */
import type TS from "typescript";
import { type Advice, loopsWithoutKey, parseTemplate, shift as shiftSpot, templateBindings, TemplateSyntaxError } from "./templates.ts";
import { bindingOf, LARGE, type Spot } from "./findings.ts";

/** The TypeScript compiler module (loaded lazily by the caller: it is a dev dependency). */
export type TypeScript = typeof TS;

/** A view found in a source file. */
export interface ViewInfo {
  /** The class's (or `liveView`'s) name. */
  name: string;
  /** Where it is declared. */
  spot: Spot;
  /** Its `@event()` handlers (with those of same-file base classes). */
  handlers: Set<string>;
  /** Whether `handlers` is all of them (see the module comment). */
  complete: boolean;
  /** `static template = "..."`, when given as a literal. */
  template?: string;
}

/** What {@link analyzeSource} returns. */
export interface SourceAnalysis {
  advice: Advice[];
  views: ViewInfo[];
}

/** Base classes that make a class a view. */
const VIEW_BASES = new Set(["LiveView", "LiveComponent"]);
/** Type names that make a state field a collection. */
const COLLECTION_TYPES = new Set(["Array", "ReadonlyArray", "Map", "ReadonlyMap", "Set", "ReadonlySet", "Record"]);
/** Rein's components whose root carries `rein-target`: the bindings inside go to a form, not to the view. */
const TARGETING_COMPONENTS = new Set(["LiveForm"]);
/** Constructors (and `Array.from`/`Array.of`) that make a state field a collection. */
const COLLECTION_CTORS = new Set(["Array", "Map", "Set"]);

/** Analyses one source file. `fileName` decides TS or TSX (`.tsx`, `.jsx`). */
export function analyzeSource(ts: TypeScript, fileName: string, text: string): SourceAnalysis {
  const jsx = /\.[jt]sx$/.test(fileName);
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const advice: Advice[] = [];
  const views: ViewInfo[] = [];
  const spot = (node: TS.Node): Spot => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { line: line + 1, column: character + 1 };
  };
  const a = new Analyzer(ts, sf, spot, advice);
  const classes = new Map<string, TS.ClassLikeDeclaration>();
  const walk = (node: TS.Node) => {
    if (ts.isClassDeclaration(node) && node.name) classes.set(node.name.text, node);
    ts.forEachChild(node, walk);
  };
  walk(sf);
  const visit = (node: TS.Node) => {
    if (ts.isCallExpression(node)) {
      a.mapWithoutKey(node);
      const view = a.functionView(node);
      if (view) views.push(view);
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const view = a.classView(node, classes);
      if (view) views.push(view);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  advice.sort((x, y) => x.line - y.line || x.column - y.column);
  return { advice, views };
}

/** The rules, over one source file. */
class Analyzer {
  constructor(
    readonly ts: TypeScript,
    readonly sf: TS.SourceFile,
    readonly spot: (node: TS.Node) => Spot,
    readonly advice: Advice[],
  ) {}

  // ---- list-without-key -------------------------------------------------------------------------------------

  /** `xs.map((x) => <li>...</li>)`: the returned elements need a `key`. */
  mapWithoutKey(call: TS.CallExpression): void {
    const { ts } = this;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "map") return;
    const fn = call.arguments[0];
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return;
    for (const returned of this.returns(fn)) {
      for (const el of this.jsxOf(returned)) {
        if (ts.isJsxFragment(el)) {
          this.add(el, "list-without-key", "a fragment (<>...</>) returned by .map() cannot carry a key: return one element with key={...}.");
          continue;
        }
        const opening = ts.isJsxElement(el) ? el.openingElement : el;
        const attrs = opening.attributes.properties;
        if (attrs.some((p) => ts.isJsxSpreadAttribute(p) || (ts.isJsxAttribute(p) && attrName(ts, p) === "key"))) continue;
        this.add(
          opening,
          "list-without-key",
          `<${opening.tagName.getText(this.sf)}> returned by .map() has no key: the list is diffed by position, so ` +
            `inserting or removing an item rewrites every item after it. Add key={...} (a stable id).`,
        );
      }
    }
  }

  /** The expressions a function returns (its own `return`s, not those of nested functions). */
  returns(fn: TS.ArrowFunction | TS.FunctionExpression | TS.MethodDeclaration | TS.FunctionDeclaration): TS.Expression[] {
    const { ts } = this;
    const body = fn.body;
    if (!body) return [];
    if (!ts.isBlock(body)) return [body];
    const out: TS.Expression[] = [];
    const walk = (node: TS.Node) => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
      ts.forEachChild(node, walk);
    };
    ts.forEachChild(body, walk);
    return out;
  }

  /** The JSX elements an expression evaluates to (through parentheses, `as`, `? :`, `&&`, `||`, `??`). */
  jsxOf(expr: TS.Expression): (TS.JsxElement | TS.JsxSelfClosingElement | TS.JsxFragment)[] {
    const { ts } = this;
    const e = unwrap(ts, expr);
    if (ts.isJsxElement(e) || ts.isJsxSelfClosingElement(e) || ts.isJsxFragment(e)) return [e];
    if (ts.isConditionalExpression(e)) return [...this.jsxOf(e.whenTrue), ...this.jsxOf(e.whenFalse)];
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return this.jsxOf(e.right);
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return [...this.jsxOf(e.left), ...this.jsxOf(e.right)];
    }
    return [];
  }

  // ---- class views ------------------------------------------------------------------------------------------

  /** A class view's rules; `undefined` when the class is no view. */
  classView(node: TS.ClassLikeDeclaration, classes: Map<string, TS.ClassLikeDeclaration>): ViewInfo | undefined {
    const { ts } = this;
    const lineage = this.lineage(node, classes);
    const methods = node.members.filter(ts.isMethodDeclaration);
    const own = methods.filter((m) => this.eventDecorator(m) !== undefined);
    if (!lineage.view && own.length === 0) return;
    const name = node.name?.text ?? "(anonymous class)";
    const handlers = new Set<string>();
    for (const c of lineage.chain) {
      for (const m of c.members) if (ts.isMethodDeclaration(m) && this.eventDecorator(m) !== undefined) handlers.add(memberName(ts, m));
    }
    const controllers = this.calls(node, (callee) => /(^|\.)addController$/.test(callee)).length > 0;
    const info: ViewInfo = { name, spot: this.spot(node.name ?? node), handlers, complete: lineage.view && lineage.closed && !controllers };

    for (const m of own) this.eventWithoutParams(m);
    const transient = this.transientNames(node);
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || hasModifier(ts, member, ts.SyntaxKind.StaticKeyword)) continue;
      if (hasModifier(ts, member, ts.SyntaxKind.DeclareKeyword) || ts.isPrivateIdentifier(member.name)) continue;
      const field = memberName(ts, member);
      if (transient.has(field)) continue;
      this.stateField(name, field, member.name, member.initializer, member.type);
    }
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !hasModifier(ts, member, ts.SyntaxKind.StaticKeyword) || !member.initializer) continue;
      const init = unwrap(ts, member.initializer);
      const literal = ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) ? init : undefined;
      if (!literal) continue;
      const field = memberName(ts, member);
      if (field === "template") info.template = literal.text;
      if (field === "templateString") this.inlineTemplate(info, literal);
    }
    if (info.complete) this.unknownEvents(node, info);
    return info;
  }

  /**
   * The class and its same-file bases, and whether the chain reaches `LiveView`/`LiveComponent` (`view`) through
   * classes of this file only (`closed`).
   */
  lineage(node: TS.ClassLikeDeclaration, classes: Map<string, TS.ClassLikeDeclaration>): { chain: TS.ClassLikeDeclaration[]; view: boolean; closed: boolean } {
    const { ts } = this;
    const chain: TS.ClassLikeDeclaration[] = [];
    for (let c: TS.ClassLikeDeclaration | undefined = node; c && !chain.includes(c); ) {
      chain.push(c);
      const ext: TS.Expression | undefined = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      if (!ext) return { chain, view: false, closed: true };
      const base: string = ts.isIdentifier(ext) ? ext.text : ts.isPropertyAccessExpression(ext) ? ext.name.text : "";
      if (VIEW_BASES.has(base)) return { chain, view: true, closed: true };
      c = ts.isIdentifier(ext) ? classes.get(base) : undefined;
      if (!c) {
        // A base from elsewhere: a view when it (or one of its own) has @event handlers we cannot see.
        return { chain, view: chain.some((k) => k.members.some((m) => ts.isMethodDeclaration(m) && this.eventDecorator(m) !== undefined)), closed: false };
      }
    }
    return { chain, view: false, closed: false };
  }

  /** A method's `@event(...)` decorator call, if it has one. */
  eventDecorator(m: TS.MethodDeclaration): TS.CallExpression | undefined {
    const { ts } = this;
    for (const d of ts.getDecorators(m) ?? []) {
      const e = d.expression;
      if (!ts.isCallExpression(e)) continue;
      const callee = e.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
      if (name === "event") return e;
    }
    return undefined;
  }

  /** `@event()` on a method that takes parameters, without `params`. */
  eventWithoutParams(m: TS.MethodDeclaration): void {
    const call = this.eventDecorator(m)!;
    if (this.declaresParams(call.arguments[0])) return;
    const param = m.parameters[0];
    if (!param || !usesParameter(this.ts, param)) return;
    this.add(
      m.name,
      "event-without-params",
      `handler ${memberName(this.ts, m)} takes parameters but its @event() declares no params schema: what the browser ` +
        `sends arrives unchecked, as strings. Declare one: @event({ params: z.object({ ... }) }).`,
    );
  }

  /** Whether `@event(options)` (or a function view's handler object) declares `params`; `true` when unknowable. */
  declaresParams(options: TS.Expression | undefined): boolean {
    const { ts } = this;
    if (!options) return false;
    const o = unwrap(ts, options);
    if (!ts.isObjectLiteralExpression(o)) return true;
    return o.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && propName(ts, p.name) === "params"));
  }

  /** The names in `static transient = ["a", "b"]`. */
  transientNames(node: TS.ClassLikeDeclaration): Set<string> {
    const { ts } = this;
    const names = new Set<string>();
    for (const m of node.members) {
      if (!ts.isPropertyDeclaration(m) || !hasModifier(ts, m, ts.SyntaxKind.StaticKeyword) || memberName(ts, m) !== "transient" || !m.initializer) continue;
      const init = unwrap(ts, m.initializer);
      if (ts.isArrayLiteralExpression(init)) for (const e of init.elements) if (ts.isStringLiteralLike(e)) names.add(e.text);
    }
    return names;
  }

  /** `large-state` and `collection-state` for one state field. */
  stateField(view: string, field: string, at: TS.Node, init: TS.Expression | undefined, type: TS.TypeNode | undefined): void {
    const { ts } = this;
    const value = init && unwrap(ts, init);
    const large = value && this.largeLiteral(value);
    if (large) {
      this.add(
        at,
        "large-state",
        `${view}.${field} starts as a large literal (${large}): it is serialized and stored with the view's state after ` +
          `every change. Keep constant data outside the state (a module constant read in render, or static transient).`,
      );
      return;
    }
    const kind = (value && this.collectionValue(value)) ?? (type && this.collectionType(type)) ?? (init && ts.isAsExpression(init) ? this.collectionType(init.type) : undefined);
    if (!kind) return;
    this.add(
      at,
      "collection-state",
      `${view}.${field} is ${kind} kept in the view's state: all of it is serialized after every change. Fine while ` +
        `it stays small; for long or growing lists use a stream (docs/streams.md) or memo rows, and keep data the view ` +
        `can rebuild out of the state (static transient).`,
    );
  }

  /** Why a literal is large (`"120 items"`, `"4,000 characters"`), or `undefined`. */
  largeLiteral(e: TS.Expression): string | undefined {
    const { ts } = this;
    const chars = e.getEnd() - e.getStart(this.sf);
    let items = 0;
    if (ts.isArrayLiteralExpression(e)) items = e.elements.length;
    else if (ts.isObjectLiteralExpression(e)) items = e.properties.length;
    else if (ts.isNewExpression(e) || ts.isCallExpression(e)) {
      const callee = calleeName(ts, e.expression);
      const arg = e.arguments?.[0] && unwrap(ts, e.arguments[0]);
      if ((callee === "Map" || callee === "Set") && arg && ts.isArrayLiteralExpression(arg)) items = arg.elements.length;
      else if (callee === "Array" && arg && ts.isNumericLiteral(arg)) items = Number(arg.text);
      else if (callee === "Array.from" && arg && ts.isObjectLiteralExpression(arg)) {
        const length = arg.properties.find((p) => p.name !== undefined && propName(ts, p.name) === "length");
        if (length && ts.isPropertyAssignment(length) && ts.isNumericLiteral(length.initializer)) items = Number(length.initializer.text);
      } else return;
    } else if (!ts.isStringLiteralLike(e) && !ts.isTemplateExpression(e)) return;
    if (items >= LARGE.items) return `${items.toLocaleString("en-US")} items`;
    if (chars >= LARGE.chars) return `${chars.toLocaleString("en-US")} characters of source`;
    return undefined;
  }

  /** "an array", "a Map"... for a value that builds a collection. */
  collectionValue(e: TS.Expression): string | undefined {
    const { ts } = this;
    if (ts.isArrayLiteralExpression(e)) return "an array";
    if (ts.isNewExpression(e) || ts.isCallExpression(e)) {
      const callee = calleeName(ts, e.expression);
      if (callee === "Array.from" || callee === "Array.of") return "an array";
      if (COLLECTION_CTORS.has(callee)) return callee === "Array" ? "an array" : `a ${callee}`;
    }
    return undefined;
  }

  /** "an array", "a Map", "a record"... for a type that is a collection. */
  collectionType(t: TS.TypeNode): string | undefined {
    const { ts } = this;
    if (ts.isArrayTypeNode(t) || ts.isTupleTypeNode(t)) return "an array";
    if (ts.isTypeOperatorNode(t)) return this.collectionType(t.type);
    if (ts.isParenthesizedTypeNode(t)) return this.collectionType(t.type);
    if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && COLLECTION_TYPES.has(t.typeName.text)) {
      const n = t.typeName.text.replace(/^Readonly/, "");
      return n === "Array" ? "an array" : n === "Record" ? "a record" : `a ${n}`;
    }
    if (ts.isTypeLiteralNode(t) && t.members.some(ts.isIndexSignatureDeclaration)) return "a record";
    return undefined;
  }

  /** `static templateString = "..."`: its loops, and its bindings against the class's handlers. */
  inlineTemplate(info: ViewInfo, literal: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral): void {
    const at = this.spot(literal);
    const origin = { line: at.line, column: at.column + 1 };
    try {
      this.advice.push(...loopsWithoutKey(parseTemplate(literal.text), origin));
    } catch (err) {
      const where = err instanceof TemplateSyntaxError ? shiftSpot({ line: err.line, column: err.column }, origin) : at;
      this.advice.push({ rule: "parse-error", ...where, message: `${info.name}.templateString is not a Nunjucks template: ${(err as Error).message}` });
      return;
    }
    if (!info.complete) return;
    for (const b of templateBindings(literal.text, origin)) {
      if (!info.handlers.has(b.value)) this.advice.push({ rule: "unknown-event", line: b.line, column: b.column, message: unknownMessage(`${b.attribute}="${b.value}"`, info) });
    }
  }

  /** Bindings and `JS.push()` calls in a class (or function view) that name none of its handlers. */
  unknownEvents(scope: TS.Node, info: ViewInfo): void {
    const { ts } = this;
    const walk = (node: TS.Node, targeted: boolean) => {
      if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) {
        const opening = ts.isJsxElement(node) ? node.openingElement : node;
        const attrs = opening.attributes.properties.filter(ts.isJsxAttribute);
        targeted ||=
          TARGETING_COMPONENTS.has(opening.tagName.getText(this.sf)) ||
          attrs.some((p) => attrName(ts, p) === "rein-target" || attrName(ts, p) === "rein-component");
        if (!targeted) {
          for (const p of attrs) {
            const name = attrName(ts, p);
            if (!bindingOf(name)) continue;
            const value = attrString(ts, p);
            if (value === undefined || !/^[A-Za-z_$][\w$-]*$/.test(value)) continue;
            if (!info.handlers.has(value)) this.add(p, "unknown-event", unknownMessage(`${name}="${value}"`, info));
          }
        }
      }
      if (ts.isCallExpression(node) && !targeted) this.unknownPush(node, info);
      ts.forEachChild(node, (c) => walk(c, targeted));
    };
    walk(scope, false);
  }

  /** `JS.push("name")` (also `JS.show(...).push("name")`) without a `target`, naming no handler. */
  unknownPush(call: TS.CallExpression, info: ViewInfo): void {
    const { ts } = this;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "push") return;
    let root: TS.Expression = callee.expression;
    while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = root.expression;
    if (!ts.isIdentifier(root) || root.text !== "JS") return;
    const [first, options] = call.arguments;
    if (!first || !ts.isStringLiteralLike(first)) return;
    if (options && (!ts.isObjectLiteralExpression(options) || options.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && propName(ts, p.name) === "target")))) return;
    if (!info.handlers.has(first.text)) this.add(first, "unknown-event", unknownMessage(`JS.push("${first.text}")`, info));
  }

  /** The calls in a subtree whose callee's text matches. */
  calls(scope: TS.Node, match: (callee: string) => boolean): TS.CallExpression[] {
    const { ts } = this;
    const out: TS.CallExpression[] = [];
    const walk = (node: TS.Node) => {
      if (ts.isCallExpression(node) && match(node.expression.getText(this.sf))) out.push(node);
      ts.forEachChild(node, walk);
    };
    walk(scope);
    return out;
  }

  // ---- function views ---------------------------------------------------------------------------------------

  /** `liveView({ name, state, handlers, render })`: the same rules as a class. */
  functionView(call: TS.CallExpression): ViewInfo | undefined {
    const { ts } = this;
    if (!ts.isIdentifier(call.expression) || call.expression.text !== "liveView") return;
    const arg = call.arguments[0] && unwrap(ts, call.arguments[0]);
    if (!arg || !ts.isObjectLiteralExpression(arg)) return;
    const prop = (n: string) => arg.properties.find((p) => p.name !== undefined && propName(ts, p.name) === n);
    const nameProp = prop("name");
    const declared = ts.isVariableDeclaration(call.parent) && ts.isIdentifier(call.parent.name) ? call.parent.name.text : undefined;
    const name =
      (nameProp && ts.isPropertyAssignment(nameProp) && ts.isStringLiteralLike(nameProp.initializer) ? nameProp.initializer.text : undefined) ??
      declared ??
      "liveView";
    const info: ViewInfo = { name, spot: this.spot(call), handlers: new Set(), complete: true };
    const handlers = prop("handlers");
    if (handlers && ts.isPropertyAssignment(handlers) && ts.isObjectLiteralExpression(unwrap(ts, handlers.initializer))) {
      for (const h of (unwrap(ts, handlers.initializer) as TS.ObjectLiteralExpression).properties) {
        if (ts.isSpreadAssignment(h) || !h.name) {
          info.complete = false;
          continue;
        }
        const handler = propName(ts, h.name);
        info.handlers.add(handler);
        this.functionHandler(handler, h);
      }
    } else if (handlers) info.complete = false;
    const state = prop("state");
    const fields = state && this.stateObject(state);
    if (fields) {
      for (const p of fields.properties) {
        if (ts.isPropertyAssignment(p)) this.stateField(name, propName(ts, p.name), p.name, p.initializer, undefined);
      }
    }
    if (info.complete) this.unknownEvents(arg, info);
    return info;
  }

  /** A function view's handler: a function (its second parameter is the params) or `{ params, run }`. */
  functionHandler(name: string, h: TS.ObjectLiteralElementLike): void {
    const { ts } = this;
    let fn: TS.SignatureDeclaration | undefined;
    if (ts.isMethodDeclaration(h)) fn = h;
    else if (ts.isPropertyAssignment(h)) {
      const v = unwrap(ts, h.initializer);
      if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) fn = v;
      else if (ts.isObjectLiteralExpression(v)) {
        if (this.declaresParams(v)) return;
        const run = v.properties.find((p) => p.name !== undefined && propName(ts, p.name) === "run");
        if (run && ts.isMethodDeclaration(run)) fn = run;
        else if (run && ts.isPropertyAssignment(run)) {
          const r = unwrap(ts, run.initializer);
          if (ts.isArrowFunction(r) || ts.isFunctionExpression(r)) fn = r;
        }
      }
    }
    const param = fn?.parameters[1];
    if (!param || !usesParameter(ts, param)) return;
    this.add(
      h.name!,
      "event-without-params",
      `handler ${name} takes parameters but declares no params schema: what the browser sends arrives unchecked, as ` +
        `strings. Declare one: ${name}: { params: z.object({ ... }), run(s, params) { ... } }.`,
    );
  }

  /** The object literal a function view's `state` gives (`state: () => ({ ... })` or `state: { ... }`). */
  stateObject(state: TS.ObjectLiteralElementLike): TS.ObjectLiteralExpression | undefined {
    const { ts } = this;
    let body: TS.Node | undefined;
    if (ts.isMethodDeclaration(state)) body = state;
    else if (ts.isPropertyAssignment(state)) body = unwrap(ts, state.initializer);
    if (!body) return;
    if (ts.isObjectLiteralExpression(body)) return body;
    if (ts.isArrowFunction(body) || ts.isFunctionExpression(body) || ts.isMethodDeclaration(body)) {
      for (const r of this.returns(body)) {
        const o = unwrap(ts, r);
        if (ts.isObjectLiteralExpression(o)) return o;
      }
    }
    return undefined;
  }

  add(node: TS.Node, rule: Advice["rule"], message: string): void {
    this.advice.push({ rule, ...this.spot(node), message });
  }
}

/** The message of an `unknown-event` finding. */
function unknownMessage(what: string, info: ViewInfo): string {
  const known = [...info.handlers].sort();
  return `${what} names no @event handler of ${info.name} (${known.length ? `handlers: ${known.join(", ")}` : "it has none"}).`;
}

/** An expression without parentheses, `as`, `satisfies`, `!` and type assertions around it. */
function unwrap(ts: TypeScript, e: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

/** `Map`, `Array.from`... the dotted name of a callee, or "". */
function calleeName(ts: TypeScript, e: TS.Expression): string {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return `${e.expression.text}.${e.name.text}`;
  return "";
}

/** A JSX attribute's name (`rein-keydown:enter` for a namespaced one). */
function attrName(ts: TypeScript, a: TS.JsxAttribute): string {
  return ts.isJsxNamespacedName(a.name) ? `${a.name.namespace.text}:${a.name.name.text}` : a.name.text;
}

/** A JSX attribute's value when it is a string written out (`"x"`, `{"x"}`, `` {`x`} ``). */
function attrString(ts: TypeScript, a: TS.JsxAttribute): string | undefined {
  const v = a.initializer;
  if (!v) return undefined;
  if (ts.isStringLiteral(v)) return v.text;
  if (ts.isJsxExpression(v) && v.expression) {
    const e = unwrap(ts, v.expression);
    if (ts.isStringLiteralLike(e)) return e.text;
  }
  return undefined;
}

/** A property or member name as text. */
function propName(ts: TypeScript, n: TS.PropertyName): string {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  return n.getText();
}

function memberName(ts: TypeScript, m: TS.ClassElement): string {
  return m.name ? propName(ts, m.name) : "";
}

function hasModifier(ts: TypeScript, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some((m) => m.kind === kind) ?? false;
}

/**
 * Whether a handler's parameter receives something it uses: any parameter but one whose name starts with `_`
 * (unused by convention) or an empty pattern `{}`.
 */
function usesParameter(ts: TypeScript, p: TS.ParameterDeclaration): boolean {
  if (ts.isIdentifier(p.name)) return !p.name.text.startsWith("_");
  if (ts.isObjectBindingPattern(p.name) || ts.isArrayBindingPattern(p.name)) return p.name.elements.length > 0;
  return true;
}
