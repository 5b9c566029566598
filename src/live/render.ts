/**
 * Turns a LiveView instance into its VNode children: through `render()` (JSX) or its Nunjucks template.
 * @module
 */
import { FRAGMENT_TAG, toChildren } from "../template/jsx-runtime.ts";
import { renderingComponentsWith } from "../template/class-component.ts";
import { type TemplateRenderer, withTemplates } from "../template/nunjucks.ts";
import type { VNode } from "../vdom/vnode.ts";
import { ComponentRegistry } from "./component-registry.ts";
import { controllersOf } from "./controller.ts";
import { LiveView, type LiveViewClass } from "./liveview.ts";

/**
 * Renders a view to the children of its container: its own render, then what its controllers contribute. The
 * stateful components it meets are its registry's (created on first use); those it no longer renders are dropped.
 * @throws Error when the view has neither `render()` nor a template, or rendering throws.
 */
export function renderView(view: LiveView, templates: TemplateRenderer): VNode[] {
  ComponentRegistry.of(view)?.beginPass();
  const out = renderingComponentsWith(
    (cls, props, key) => ComponentRegistry.of(view, true).renderComponent(cls, props, key),
    // The application's template globals are readable by JSX helpers meanwhile (a form's class preset).
    () => withTemplates(templates, () => renderWithControllers(view, templates)),
    (name) => componentsOf(view.constructor)?.[name],
  );
  ComponentRegistry.of(view)?.endPass();
  return out;
}

/**
 * Renders one stateful component of `view` alone (its parent does not render), for an event of its own.
 * @returns its new root, or `undefined` when it is not dirty (it rendered already, inside another one).
 * @throws whatever its render throws.
 */
export function renderComponentAlone(view: LiveView, id: string, templates: TemplateRenderer): VNode | undefined {
  const registry = ComponentRegistry.of(view);
  if (!registry) return undefined;
  return renderingComponentsWith(
    registry.renderComponent,
    // As in a whole render: the application's template globals are readable (a form's class preset).
    () => withTemplates(templates, () => registry.renderAlone(id)),
    (name) => componentsOf(view.constructor)?.[name],
  );
}

/** The component classes a view class names for its templates (`static components = { Counter }`). */
function componentsOf(cls: Function): Record<string, Function> | undefined {
  return (cls as { components?: Record<string, Function> }).components;
}

function renderWithControllers(view: LiveView, templates: TemplateRenderer): VNode[] {
  const children = renderOwn(view, templates);
  const controllers = controllersOf(view);
  if (controllers.length === 0) return children;
  let out = children;
  for (const c of controllers) {
    const extra = c.render?.();
    if (extra == null) continue;
    if (out === children) out = children.slice();
    if (Array.isArray(extra)) out.push(...(extra as readonly VNode[]));
    else out.push(extra as VNode);
  }
  return out;
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
