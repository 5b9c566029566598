/**
 * Nunjucks (Jinja / Django syntax) templates for LiveViews: `static template = "counter.njk"` or
 * `static templateString = "..."`. Output is autoescaped HTML, parsed into VNodes for the diff.
 * @module
 */
import nunjucks from "nunjucks";
import { parseHtml } from "../vdom/html.ts";
import { ComponentTag } from "./component-tag.ts";
import type { VNode } from "../vdom/vnode.ts";

/** A template source as declared on a view class. */
export interface TemplateSource {
  /** File name, resolved against the template directories. */
  file?: string | undefined;
  /** Inline source. */
  source?: string | undefined;
}

/** Renders templates of view classes; one per server. */
export class TemplateRenderer {
  readonly #env: nunjucks.Environment;
  readonly #inline = new Map<string, nunjucks.Template>();
  readonly #globals = new Map<string, unknown>();

  /**
   * @param dirs - directories searched for template files, in order.
   * @param options.watch - reload templates when their files change (development).
   */
  constructor(dirs: string[], options: { watch?: boolean } = {}) {
    const loader = new nunjucks.FileSystemLoader(dirs, { noCache: options.watch ?? false });
    this.#env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
    this.#env.addExtension("component", new ComponentTag());
  }

  /**
   * Renders a template to VNodes.
   * @param context - the template variables (a view's fields and getters).
   * @throws Error when the file is missing or the template fails (message from Nunjucks, with line numbers).
   */
  render(src: TemplateSource, context: Record<string, unknown>): VNode[] {
    let html: string;
    if (src.source !== undefined) {
      let t = this.#inline.get(src.source);
      if (!t) {
        t = new nunjucks.Template(src.source, this.#env, undefined, true);
        this.#inline.set(src.source, t);
      }
      html = t.render(context);
    } else if (src.file !== undefined) {
      html = this.#env.render(src.file, context);
    } else {
      throw new Error("no template: set static template or static templateString, or define render()");
    }
    return parseHtml(html);
  }

  /**
   * Makes `value` a global of every template of this renderer (a function is callable there:
   * `{{ live_field(form, "email") }}`), and readable by JSX helpers while a view of this renderer renders (see
   * {@link activeTemplates}). The server layer installs its helpers this way, so this layer never imports them.
   * A function returning HTML should wrap it with {@link safeHtml}, or autoescaping shows it as text.
   * @returns this renderer, for chaining.
   */
  addGlobal(name: string, value: unknown): this {
    this.#env.addGlobal(name, value);
    this.#globals.set(name, value);
    return this;
  }

  /** The global `name` given to {@link addGlobal}, or `undefined`. */
  getGlobal(name: string): unknown {
    return this.#globals.get(name);
  }
}

/** Marks `html` as safe markup for Nunjucks' autoescaping (what a global function returning HTML returns). */
export function safeHtml(html: string): unknown {
  return new nunjucks.runtime.SafeString(html);
}

/** The renderer of the view rendering now (see {@link withTemplates}). */
let active: TemplateRenderer | undefined;

/**
 * Runs `render` with `templates` as the {@link activeTemplates} (nested calls restore the outer one). The view's
 * render (live/render.ts) runs inside it, so JSX helpers read the application's template globals (a form preset).
 */
export function withTemplates<T>(templates: TemplateRenderer, render: () => T): T {
  const outer = active;
  active = templates;
  try {
    return render();
  } finally {
    active = outer;
  }
}

/** The renderer of the view rendering now, or `undefined` outside a view's render (unit tests calling JSX). */
export function activeTemplates(): TemplateRenderer | undefined {
  return active;
}
