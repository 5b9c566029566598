/**
 * Class components in JSX: `<Counter id="left" start={5} />` where `Counter` is a stateful component class
 * (`LiveComponent`, in live/). The JSX runtime knows such classes by a static marker and hands them to the
 * renderer of the view rendering now, which owns the instances; this layer knows nothing else of them.
 * @module
 */
import type { VNode } from "../vdom/vnode.ts";

/** The static marker of a class that JSX renders through the current {@link ClassComponentRenderer}. */
export const CLASS_COMPONENT: unique symbol = Symbol.for("rein.classComponent");

/** Renders one JSX use of a class component: the class, its props (with `children`), its JSX `key`. */
export type ClassComponentRenderer = (cls: Function, props: Record<string, unknown>, key: string | undefined) => VNode;

/** Finds a component class by the name a template uses (`{% component "Counter", ... %}`). */
export type ComponentResolver = (name: string) => Function | undefined;

/** The renderer of the view rendering now (renders are synchronous, so one module variable suffices). */
let current: ClassComponentRenderer | undefined;
/** How the view rendering now names its component classes in templates. */
let resolver: ComponentResolver | undefined;

/** Whether `type` is a class component (see {@link CLASS_COMPONENT}). */
export function isClassComponent(type: Function): boolean {
  return (type as unknown as Record<symbol, unknown>)[CLASS_COMPONENT] === true;
}

/**
 * Runs `render` with `renderer` rendering the class components it meets; the previous renderer is put back after.
 */
export function renderingComponentsWith<T>(
  renderer: ClassComponentRenderer | undefined,
  render: () => T,
  resolve?: ComponentResolver,
): T {
  const outer = current;
  const outerResolver = resolver;
  current = renderer;
  resolver = resolve;
  try {
    return render();
  } finally {
    current = outer;
    resolver = outerResolver;
  }
}

/**
 * Renders a class component named in a template (`{% component "Counter", id="left", start=5 %}`).
 * @throws Error when no view is rendering, or it knows no component of that name (`static components`).
 */
export function renderNamedComponent(name: string, props: Record<string, unknown>): VNode {
  const cls = resolver?.(name);
  if (!cls) throw new Error(`{% component "${name}" %}: no component of that name (list it in the view's static components)`);
  return renderClassComponent(cls, props, undefined);
}

/**
 * Renders a class component for the JSX runtime.
 * @throws Error when no view is rendering (a component class used outside a LiveView's render).
 */
export function renderClassComponent(cls: Function, props: Record<string, unknown>, key: string | undefined): VNode {
  if (!current) throw new Error(`<${cls.name}> is a LiveComponent: it renders only inside a LiveView's render()`);
  return current(cls, props, key);
}
