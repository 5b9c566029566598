/**
 * Nunjucks (Jinja / Django syntax) templates for LiveViews: `static template = "counter.njk"` or
 * `static templateString = "..."`. Output is autoescaped HTML, parsed into VNodes for the diff.
 * @module
 */
import nunjucks from "nunjucks";
import { parseHtml } from "../vdom/html.ts";
import type { VNode } from "../vdom/vnode.ts";

/** A template source as declared on a view class. */
export interface TemplateSource {
  /** File name, resolved against the template directories. */
  file?: string;
  /** Inline source. */
  source?: string;
}

/** Renders templates of view classes; one per server. */
export class TemplateRenderer {
  readonly #env: nunjucks.Environment;
  readonly #inline = new Map<string, nunjucks.Template>();

  /**
   * @param dirs - directories searched for template files, in order.
   * @param options.watch - reload templates when their files change (development).
   */
  constructor(dirs: string[], options: { watch?: boolean } = {}) {
    const loader = new nunjucks.FileSystemLoader(dirs, { noCache: options.watch ?? false });
    this.#env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
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
}
