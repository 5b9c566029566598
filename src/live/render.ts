/**
 * Turns a LiveView instance into its VNode children: through `render()` (JSX) or its Nunjucks template.
 * @module
 */
import { FRAGMENT_TAG, toChildren } from "../template/jsx-runtime.ts";
import type { TemplateRenderer } from "../template/nunjucks.ts";
import type { VNode } from "../vdom/vnode.ts";
import { LiveView, type LiveViewClass } from "./liveview.ts";
import { tutorialBubble } from "./tutorial.ts";

/**
 * Renders a view to the children of its container.
 * @throws Error when the view has neither `render()` nor a template, or rendering throws.
 */
export function renderView(view: LiveView, templates: TemplateRenderer): VNode[] {
  const children = renderOwn(view, templates);
  const bubble = tutorialBubble(view);
  return bubble ? [...children, bubble] : children;
}

function renderOwn(view: LiveView, templates: TemplateRenderer): VNode[] {
  if (typeof view.render === "function") {
    const out = view.render();
    if (out && out.type === 1 && out.tag === FRAGMENT_TAG) return out.children;
    return toChildren(out);
  }
  const cls = view.constructor as LiveViewClass;
  return templates.render({ file: cls.template, source: cls.templateString }, templateContext(view));
}

/**
 * The template context of a view: its own fields plus the getters defined by its classes (not by LiveView).
 */
export function templateContext(view: LiveView): Record<string, unknown> {
  const ctx: Record<string, unknown> = { ...view };
  for (let p = Object.getPrototypeOf(view); p && p !== LiveView.prototype; p = Object.getPrototypeOf(p)) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (d.get && !(name in ctx)) ctx[name] = (view as unknown as Record<string, unknown>)[name];
    }
  }
  return ctx;
}
