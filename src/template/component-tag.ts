/**
 * The `{% component %}` tag of Nunjucks templates: `{% component "Counter", id="left", start=5 %}` renders the
 * stateful component class the view lists as `static components = { Counter }`, like `<Counter id="left"
 * start={5} />` in JSX (same identity, lifecycle and events). Phoenix writes `<.live_component module={Counter}
 * id="left" />`; djust `{% live_component %}`.
 * @module
 */
import nunjucks from "nunjucks";
import { toHtml } from "../vdom/serialize.ts";
import { renderNamedComponent } from "./class-component.ts";

/** The props given as keyword arguments (Nunjucks marks the object with `__keywords`). */
type Keywords = Record<string, unknown> & { __keywords?: true };

/** The Nunjucks extension of the tag; add one to an environment with `env.addExtension("component", ...)`. */
export class ComponentTag implements nunjucks.Extension {
  readonly tags = ["component"];

  parse(parser: any, nodes: any): any {
    const token = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(this, "run", args);
  }

  /**
   * Renders the component to HTML, which the template's output carries to the parse like any markup.
   * @throws Error when the name is not a string or names no component of the view.
   */
  run(_context: unknown, name: unknown, keywords?: Keywords): nunjucks.runtime.SafeString {
    if (typeof name !== "string") throw new Error('{% component %} takes a component name first: {% component "Counter", id="left" %}');
    const props: Record<string, unknown> = {};
    for (const k in keywords) if (k !== "__keywords") props[k] = keywords[k];
    return new nunjucks.runtime.SafeString(toHtml([renderNamedComponent(name, props)]));
  }
}
