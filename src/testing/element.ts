/**
 * Element-driven tests (Phoenix's `LiveViewTest` model): find an element in the markup a view rendered, and send
 * what a browser would send when the user acts on it. The event name comes from the element's (or nearest
 * ancestor's) `rein-click` / `rein-keydown[.key]` / ... binding, the parameters from its `rein-value-*` and
 * `data-*` attributes and, for fields and forms, their values as the markup shows them, the target from the
 * nearest `rein-target` / `rein-component`: what src/client/events.ts, params.ts and target.ts do in a browser.
 * So a binding that names no handler (`rein-click="incremnt"`) fails the test, with an error naming the binding.
 * @module
 */
import { selectAll } from "css-select";
import { type AnyNode, type Document, type Element, isTag } from "domhandler";
import { DomUtils, parseDocument } from "htmlparser2";
import { ATTR } from "../protocol/attributes.ts";
import type { EventParams, ParamValue, ServerFrame } from "../protocol/frames.ts";

/** What the handles need of the client: the rendered markup and sending an event. */
export interface ElementHost {
  html(): string;
  event(name: string, params?: EventParams, target?: string): Promise<ServerFrame>;
}

/** A text filter: a substring of the element's text content, or a pattern it matches. */
export type TextFilter = string | RegExp;

/** Values a test types into a form: nested objects for `user[email]`, arrays for `tags[]`. */
export type FormValues = Record<string, unknown>;

/** Error codes that mean the markup names something the server does not have. */
const MARKUP_ERRORS = new Set(["unknown_event", "unknown_target"]);
/** Input types FormData leaves out. */
const NOT_SENT = /^(submit|button|reset|image)$/;
const SCOPE = `[${ATTR.target}],[${ATTR.component}]`;

const isElement = (node: AnyNode | null | undefined): node is Element => !!node && isTag(node);
const attr = (el: Element, name: string): string | undefined => el.attribs[name];
/** An element's opening tag, for error messages. */
const describe = (el: Element): string => {
  const html = DomUtils.getOuterHTML(el);
  return html.length > 120 ? html.slice(0, 117) + "..." : html;
};
const matchesText = (el: Element, text: TextFilter): boolean => {
  const content = DomUtils.textContent(el);
  return typeof text === "string" ? content.includes(text) : text.test(content);
};

/** Parses the view's markup into a document whose children are the view's. */
export function parseView(html: string): Document {
  return parseDocument(html);
}

/** The elements of `html` matching `selector` (and `text`, when given). */
export function findAll(doc: Document, selector: string, text?: TextFilter): Element[] {
  const all = selectAll<AnyNode, Element>(selector, doc);
  return text === undefined ? all : all.filter((el) => matchesText(el, text));
}

/** Whether `html` has an element matching `selector` (and `text`). */
export function hasElement(html: string, selector: string, text?: TextFilter): boolean {
  return findAll(parseView(html), selector, text).length > 0;
}

/** The one element matching, else an error listing what was found. */
function findOne(doc: Document, selector: string, text: TextFilter | undefined, what = "element"): Element {
  const found = findAll(doc, selector, text);
  const named = `${what} ${JSON.stringify(selector)}${text === undefined ? "" : ` with text ${String(text instanceof RegExp ? text : JSON.stringify(text))}`}`;
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    const bySelector = text === undefined ? [] : findAll(doc, selector);
    throw new Error(
      `no ${named} in the rendered markup` +
        (bySelector.length ? `; the selector alone matches:\n${bySelector.map((el) => "  " + describe(el)).join("\n")}` : `; the markup:\n${DomUtils.getOuterHTML(doc).slice(0, 500)}`),
    );
  }
  throw new Error(
    `${found.length} elements match ${named}; make the selector or the text filter unique. Found:\n` +
      found.map((el) => "  " + describe(el)).join("\n"),
  );
}

/** `<input>`, `<select>` or `<textarea>`. */
const isField = (el: Element): boolean => /^(input|select|textarea)$/.test(el.name);
const inputType = (el: Element): string => (el.name === "input" ? (attr(el, "type") ?? "text").toLowerCase() : el.name);

/**
 * The nearest element bound to `type` from `el` up, with its handler names (`bound` of src/client/events.ts): an
 * attribute with a key suffix (`rein-keydown.enter`, `rein-keydown:enter`) counts only for that key.
 */
export function boundOf(el: Element, type: string, key?: string): [Element, string[]] | undefined {
  const wanted = key?.toLowerCase();
  for (let node: Element | null = el; node; node = isElement(node.parent) ? node.parent : null) {
    const handlers: string[] = [];
    for (const [name, value] of Object.entries(node.attribs)) {
      const [binding, filter] = name.split(/[.:]/);
      if (binding === ATTR.bindingPrefix + type && (filter === undefined || filter === wanted)) handlers.push(value);
    }
    if (handlers.length) return [node, handlers];
  }
}

/** The component (or form) id events of `el` go to, or `undefined` for the view (`targetOf` of src/client/target.ts). */
export function targetOf(el: Element, doc: Document): string | undefined {
  let scope: Element | null = el;
  while (scope && attr(scope, ATTR.target) === undefined && attr(scope, ATTR.component) === undefined)
    scope = isElement(scope.parent) ? scope.parent : null;
  const value = scope && (attr(scope, ATTR.target) ?? attr(scope, ATTR.component));
  if (value == null || !/^[#.[]/.test(value)) return value ?? undefined;
  let chosen: Element | null = findAll(doc, value)[0] ?? null;
  while (chosen && attr(chosen, ATTR.target) === undefined && attr(chosen, ATTR.component) === undefined)
    chosen = isElement(chosen.parent) ? chosen.parent : null;
  return (chosen && (attr(chosen, ATTR.component) ?? attr(chosen, ATTR.target))) || value;
}

/** `data-user-id` as the browser's `dataset` key: `userId`. */
const datasetKey = (name: string): string => name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The static values of `el`: `data-*` (by dataset key), then `rein-value-*` (by raw name) over them. */
function staticValues(el: Element): EventParams {
  const params: EventParams = Object.create(null);
  for (const [name, value] of Object.entries(el.attribs)) if (name.startsWith("data-")) params[datasetKey(name)] = value;
  for (const [name, value] of Object.entries(el.attribs)) if (name.startsWith(ATTR.valuePrefix)) params[name.slice(ATTR.valuePrefix.length)] = value;
  return params;
}

/** An option's value: its `value` attribute, else its text with whitespace collapsed. */
const optionValue = (o: Element): string => attr(o, "value") ?? DomUtils.textContent(o).replace(/\s+/g, " ").trim();

/** The selected values of a `<select>`: options marked `selected`, else (single) the first option. */
function selected(select: Element): string[] {
  const options = selectAll<AnyNode, Element>("option", select);
  const chosen = options.filter((o) => attr(o, "selected") !== undefined);
  if (chosen.length || attr(select, "multiple") !== undefined) return chosen.map(optionValue);
  return options.length ? [optionValue(options[0]!)] : [];
}

/** A field's value as the markup shows it (`el.value`). */
function fieldValue(el: Element): string | string[] {
  if (el.name === "textarea") return DomUtils.textContent(el);
  if (el.name === "select") return attr(el, "multiple") !== undefined ? selected(el) : (selected(el)[0] ?? "");
  return attr(el, "value") ?? (/^(checkbox|radio)$/.test(inputType(el)) ? "on" : "");
}

const disabled = (el: Element): boolean => {
  for (let node: Element | null = el; node; node = isElement(node.parent) ? node.parent : null)
    if ((node === el || node.name === "fieldset") && attr(node, "disabled") !== undefined) return true;
  return false;
};

/** Stores `value` under the bracketed field name `name` (`user[email]`, `tags[]`, `items[][name]`), as a browser form does. */
function setField(root: EventParams, name: string, value: string): void {
  const path = name.replace(/]/g, "").split("[");
  let at: any = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    const inList = Array.isArray(at) && key === "";
    if (next === undefined) {
      if (inList) at.push(value);
      else at[key] = key in at ? ([] as ParamValue[]).concat(at[key], value) : value;
      return;
    }
    if (inList) {
      const last = at[at.length - 1];
      if (last && typeof last === "object" && !(next in last)) at = last;
      else at.push((at = Object.create(null)));
    } else {
      if (!at[key] || typeof at[key] !== "object") at[key] = next === "" ? [] : Object.create(null);
      at = at[key];
    }
  }
}

/**
 * The fields of `form` as the browser's `FormData` gives them, as nested params: disabled fields, unchecked
 * checkboxes and radios and buttons left out; every selected option of a `<select multiple>`. `typed` overrides
 * the value of one field (what the user just typed into it).
 */
export function formFields(form: Element, typed?: [Element, string | boolean]): EventParams {
  const params: EventParams = Object.create(null);
  for (const el of selectAll<AnyNode, Element>("input,select,textarea", form)) {
    const name = attr(el, "name");
    const type = inputType(el);
    if (!name || disabled(el) || NOT_SENT.test(type)) continue;
    const override = typed && typed[0] === el ? typed[1] : undefined;
    if (/^(checkbox|radio)$/.test(type)) {
      const checked = typeof override === "boolean" ? override : attr(el, "checked") !== undefined;
      if (checked) setField(params, name, typeof override === "string" ? override : (fieldValue(el) as string));
    } else if (typeof override === "string") setField(params, name, override);
    else for (const v of ([] as string[]).concat(type === "file" ? "" : fieldValue(el))) setField(params, name, v);
  }
  return params;
}

/** The field names of `form` (to check that values a test types name real fields). */
const fieldNames = (form: Element): string[] =>
  selectAll<AnyNode, Element>("input,select,textarea", form).flatMap((el) => (attr(el, "name") ? [attr(el, "name")!] : []));

/** `values` merged into `base`: objects deeply, anything else replaced. */
function merge(base: EventParams, values: FormValues): EventParams {
  const out: any = { ...base };
  for (const [k, v] of Object.entries(values)) {
    const was = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && was && typeof was === "object" && !Array.isArray(was)
        ? merge(was as EventParams, v as FormValues)
        : v;
  }
  return out;
}

/** Sends `handlers` of `el` in order; throws on a reply saying the markup names nothing. Resolves with the last reply. */
async function send(
  host: ElementHost,
  doc: Document,
  el: Element,
  binding: string,
  handlers: string[],
  params: EventParams,
): Promise<ServerFrame> {
  const server = handlers.filter((h) => h[0] !== "[");
  if (!server.length)
    throw new Error(`${binding} of ${describe(el)} is a JS command chain: it runs in the browser, not on the server (test it with Playwright)`);
  const target = targetOf(el, doc);
  let last: ServerFrame | undefined;
  for (const name of server) {
    last = await host.event(name, structuredClone(params), target);
    if (last[0] === "x" && MARKUP_ERRORS.has(last[3]))
      throw new Error(`${binding}="${name}" on ${describe(el)}${target === undefined ? "" : ` (target "${target}")`}: ${last[3]}: ${last[4]}`);
  }
  return last!;
}

/**
 * One element of the rendered markup, found again at each action (so a handle lives across renders): see
 * {@link ViewClientElements.element}. Each action resolves with the reply (`r`) or error (`x`) frame of the event it
 * sent, and rejects when the element is not found (or not unique), has no such binding, or the server answers
 * `unknown_event` / `unknown_target` (the markup names a handler or target that does not exist).
 */
export class ElementHandle {
  readonly #host: ElementHost;
  readonly selector: string;
  readonly text: TextFilter | undefined;

  constructor(host: ElementHost, selector: string, text?: TextFilter) {
    this.#host = host;
    this.selector = selector;
    this.text = text;
  }

  /** The element's outer HTML now. @throws Error when not found or not unique. */
  html(): string {
    return DomUtils.getOuterHTML(findOne(parseView(this.#host.html()), this.selector, this.text));
  }

  /** Whether the element is in the markup now (exactly one match is not required). */
  exists(): boolean {
    return hasElement(this.#host.html(), this.selector, this.text);
  }

  /** A click: the `rein-click` binding, with the element's `rein-value-*` / `data-*` values (and a field's value). */
  click(): Promise<ServerFrame> {
    return this.#fire("click");
  }

  /** A key press: `rein-keydown` bindings, with a `.key` filter matching `key` (case-insensitive) or none; `key` is sent. */
  keydown(key: string): Promise<ServerFrame> {
    return this.#fire("keydown", { key });
  }

  /** A key release: `rein-keyup`, as {@link keydown}. */
  keyup(key: string): Promise<ServerFrame> {
    return this.#fire("keyup", { key });
  }

  /** Focus: `rein-focus` (of the element or an ancestor, as focus events bubble as `focusin`). */
  focus(): Promise<ServerFrame> {
    return this.#fire("focus");
  }

  /** Blur: `rein-blur`. */
  blur(): Promise<ServerFrame> {
    return this.#fire("blur");
  }

  /**
   * A change of a field: `rein-change` of the field, or of its form (then with every field of the form, this one
   * showing `value`). `value` is the new value (a boolean checks or unchecks a checkbox or radio); default: as shown.
   */
  change(value?: string | boolean): Promise<ServerFrame> {
    return this.#fire("change", { value });
  }

  /** Typing into a field: `rein-input`, as {@link change}. */
  input(value?: string): Promise<ServerFrame> {
    return this.#fire("input", { value });
  }

  async #fire(type: string, opts: { key?: string; value?: string | boolean | undefined } = {}): Promise<ServerFrame> {
    const doc = parseView(this.#host.html());
    const el = findOne(doc, this.selector, this.text);
    const found = boundOf(el, type, opts.key);
    if (!found) {
      const bindings = Object.keys(el.attribs).filter((n) => n.startsWith(ATTR.bindingPrefix) && !n.startsWith(ATTR.valuePrefix));
      throw new Error(
        `${describe(el)} has no ${ATTR.bindingPrefix}${type}${opts.key ? ` binding for key "${opts.key}"` : " binding"}, nor has any ancestor` +
          (bindings.length ? `; its own rein-* attributes: ${bindings.join(", ")}` : ""),
      );
    }
    const [boundEl, handlers] = found;
    const params = staticValues(boundEl);
    const typed = opts.value !== undefined && isField(el) ? ([el, opts.value] as [Element, string | boolean]) : undefined;
    if (boundEl.name === "form") Object.assign(params, formFields(boundEl, typed));
    else if (isField(boundEl)) {
      const t = inputType(boundEl);
      const checkable = /^(checkbox|radio)$/.test(t);
      params.value = typeof opts.value === "string" ? opts.value : fieldValue(boundEl);
      if (checkable) params.checked = typeof opts.value === "boolean" ? opts.value : attr(boundEl, "checked") !== undefined;
    }
    if (opts.key !== undefined) params.key = opts.key;
    return send(this.#host, doc, boundEl, `${ATTR.bindingPrefix}${type}`, handlers, params);
  }
}

/**
 * A `<form>` of the rendered markup, found by a selector: see {@link ViewClientElements.element}. Its fields' values
 * are read from the markup at each action (value attributes, checked boxes, selected options, textareas), with the
 * values the test gives merged over them. Every top-level key of those values must name a field of the form.
 */
export class FormElement {
  readonly #host: ElementHost;
  readonly selector: string;
  #values: FormValues;

  constructor(host: ElementHost, selector: string, values: FormValues = {}) {
    this.#host = host;
    this.selector = selector;
    this.#values = values;
  }

  /** The form's field values now, as the next event would send them (with the values given so far). */
  values(extra: FormValues = {}): EventParams {
    const form = this.#form(parseView(this.#host.html()));
    return this.#params(form, extra);
  }

  /** The form's `rein-change` binding, with every field's value (merged with the given values and `values`). */
  change(values?: FormValues): Promise<ServerFrame> {
    return this.#fire("change", values);
  }

  /** The form's `rein-submit` binding, with every field's value (merged with the given values and `values`). */
  submit(values?: FormValues): Promise<ServerFrame> {
    return this.#fire("submit", values);
  }

  #form(doc: Document): Element {
    const form = findOne(doc, this.selector, undefined, "form");
    if (form.name !== "form") throw new Error(`${JSON.stringify(this.selector)} matches ${describe(form)}, not a <form>`);
    return form;
  }

  #params(form: Element, extra: FormValues): EventParams {
    const values = merge(this.#values as EventParams, extra);
    const names = new Set(fieldNames(form).map((n) => n.split("[")[0]));
    const unknown = Object.keys(values).filter((k) => !names.has(k));
    if (unknown.length)
      throw new Error(`the form ${JSON.stringify(this.selector)} has no field ${unknown.map((k) => JSON.stringify(k)).join(", ")}; its fields: ${[...names].join(", ")}`);
    return merge(Object.assign(staticValues(form), formFields(form)), values);
  }

  async #fire(type: "change" | "submit", extra: FormValues = {}): Promise<ServerFrame> {
    const doc = parseView(this.#host.html());
    const form = this.#form(doc);
    const handlers = boundOf(form, type);
    if (!handlers || handlers[0] !== form)
      throw new Error(`the form ${describe(form)} has no ${ATTR.bindingPrefix}${type} binding`);
    return send(this.#host, doc, form, `${ATTR.bindingPrefix}${type}`, handlers[1], this.#params(form, extra));
  }
}

/** The element methods `ViewClient` offers. */
export interface ViewClientElements {
  /**
   * The element matching `selector` (a CSS selector) in the rendered markup, whose text content contains `text`
   * (or matches it, a RegExp), when given. Found again at each action; it must then be unique.
   */
  element(selector: string, text?: TextFilter): ElementHandle;
  /** Whether the rendered markup has an element matching `selector` (and `text`). */
  hasElement(selector: string, text?: TextFilter): boolean;
  /** The rendered markup (the view's children), as {@link ElementHost.html}. */
  render(): string;
}
