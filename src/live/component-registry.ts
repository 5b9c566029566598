/**
 * The stateful components of one view: created when the view's render first meets them (`<Counter id="left" />`),
 * kept by id across renders (class + id is their identity, so a moved component is not remounted), given
 * `update(props)` when their props change, rendered again only when they changed, dropped when a render no longer
 * has them. A view controller: its state (every component's fields) is stored with the view's under
 * `"~components"`, and its components are event targets of the view.
 * @module
 */
import { ATTR } from "../protocol/attributes.ts";
import { copyProps, sameProps } from "../template/memo.ts";
import { FRAGMENT_TAG } from "../template/jsx-runtime.ts";
import { makeElement, type VElement, type VNode } from "../vdom/vnode.ts";
import { type ComponentHost, type LiveComponent, runtimes } from "./component.ts";
import { attachContext, contextOf } from "./context.ts";
import {
  addController,
  attachFieldControllers,
  findController,
  registerStateSlot,
  type SaveOptions,
  type StateCodec,
  type ViewController,
} from "./controller.ts";
import { restoreState, stateOf } from "./fields.ts";

/** Where the components' state is stored among the view's fields (`"~components"`). */
export const COMPONENTS_SLOT = "components";

/** Most rounds of `sendParent` messages one change delivers (a parent answering its child answering...). */
export const MAX_MESSAGE_ROUNDS = 32;

/** One component's stored state: its class name, its fields, the props it last compared (or null). */
interface SavedComponent {
  c: string;
  s: Record<string, unknown>;
  p: Record<string, unknown> | null;
}

/** The parent of a component: the view, or the component that renders it. */
interface Parent {
  handleInfo?(event: string, payload: unknown): unknown;
}

interface Entry {
  readonly cls: Function;
  readonly instance: LiveComponent<object>;
  /** Who renders it (set at each render). */
  parent: object;
  /** A copy of the last props its parent gave, to compare with; `undefined` when they were not comparable. */
  seen: Record<string, unknown> | undefined;
  /** Its last rendered root, reused while it is clean. */
  node: VElement | undefined;
  dirty: boolean;
  /** The pass (render of the view or of a part) that last met it. */
  pass: number;
  /** The ids of the components its last render met, so that reusing its tree keeps them. */
  children: string[];
  /** Its state as last encoded (see `saveState`), while it is known not to have changed. */
  encoded: string | undefined;
}

/** The components of one view. */
export class ComponentRegistry implements ViewController, ComponentHost {
  readonly stateKey = COMPONENTS_SLOT;
  readonly #view: object;
  readonly #entries = new Map<string, Entry>();
  /** Restored states waiting for their component's first render. */
  #pending = new Map<string, SavedComponent>();
  #outbox: Array<[to: object, event: string, payload: unknown]> = [];
  #pass = 1;
  /** The component rendering now (its children are recorded on it). */
  #rendering: Entry | undefined;
  /** Set when a render mounts, restores or updates a component (see `takeRenderChanges`). */
  #changedInRender = false;
  /** The codec of the last restore, for the parts of pending states' own controllers. */
  #codec: StateCodec | undefined;

  constructor(view: object) {
    this.#view = view;
    addController(view, this);
  }

  /** The registry of `view`, created when `create` and it has none. */
  static of(view: object, create: true): ComponentRegistry;
  static of(view: object, create?: boolean): ComponentRegistry | undefined;
  static of(view: object, create = false): ComponentRegistry | undefined {
    return findController(view, ComponentRegistry) ?? (create ? new ComponentRegistry(view) : undefined);
  }

  /** Whether `id` names one of the components. */
  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** The component `id` (for tests and tools). */
  get(id: string): LiveComponent<object> | undefined {
    return this.#entries.get(id)?.instance;
  }

  /** Number of components. */
  get size(): number {
    return this.#entries.size;
  }

  /** Starts a render of the whole view. */
  beginPass(): void {
    this.#pass++;
  }

  /** Ends a successful render of the whole view: components it did not meet are dropped. */
  endPass(): void {
    for (const [id, e] of this.#entries) if (e.pass !== this.#pass) this.#drop(id);
    this.#pending.clear();
  }

  /**
   * Renders one JSX use of a component class (the renderer of template/class-component.ts while this view
   * renders).
   * @throws TypeError when `id` is missing; Error when two components of one render share an id, or when the
   *   component's render does not return one element; whatever `mount`, `update` or `render` throw.
   */
  readonly renderComponent = (cls: Function, props: Record<string, unknown>, key: string | undefined): VNode => {
    const id = props["id"];
    if (typeof id !== "string" || id === "") throw new TypeError(`<${cls.name}> needs an id: a non-empty string`);
    let e = this.#entries.get(id);
    if (e && e.pass === this.#pass) throw new Error(`two components have the id "${id}" (${e.cls.name} and ${cls.name})`);
    if (e && e.cls !== cls) {
      this.#drop(id);
      e = undefined;
    }
    const parent = this.#rendering?.instance ?? this.#view;
    this.#rendering?.children.push(id);
    if (!e) e = this.#create(cls, id, props, parent);
    else {
      e.parent = parent;
      // Unchanged props keep what the component has (including what sendUpdate merged in).
      if (!e.seen || !sameProps(e.seen, props)) {
        runtimes.get(e.instance)!.props = props;
        e.seen = copyProps(props);
        e.instance.update?.(props as never);
        this.#touch(e);
        this.#changedInRender = true;
      }
    }
    e.pass = this.#pass;
    if (!e.dirty && e.node) {
      this.#keep(e);
      return e.node;
    }
    return this.#renderEntry(e, key);
  };

  /**
   * The components whose own change needs a render, outermost first (a dirty component inside another dirty one
   * renders with it).
   */
  dirtyIds(): string[] {
    const out: string[] = [];
    for (const [id, e] of this.#entries) if (e.dirty) out.push(id);
    return out;
  }

  /** Marks component `id` as changed (its own event ran). */
  markDirty(id: string): void {
    const e = this.#entries.get(id);
    if (e) this.#touch(e);
  }

  /**
   * Renders component `id` alone (its parent does not render), when it is still dirty.
   * @returns its new root, or `undefined` when it rendered meanwhile (inside another component).
   * @throws whatever its render throws.
   */
  renderAlone(id: string): VElement | undefined {
    const e = this.#entries.get(id);
    if (!e || !e.dirty) return undefined;
    this.#pass++;
    return this.#renderEntry(e, e.node?.key);
  }

  /**
   * Delivers the queued `sendParent` messages (`handleInfo` of each parent, awaited in order); messages sent by
   * those calls are delivered too.
   * @returns whether the view itself received one (so it must render).
   * @throws whatever a `handleInfo` throws; Error after {@link MAX_MESSAGE_ROUNDS} rounds (messages in a loop).
   */
  async deliver(): Promise<boolean> {
    let toView = false;
    for (let round = 0; this.#outbox.length > 0; round++) {
      if (round === MAX_MESSAGE_ROUNDS) throw new Error(`sendParent: more than ${MAX_MESSAGE_ROUNDS} rounds of messages (a loop?)`);
      const batch = this.#outbox;
      this.#outbox = [];
      for (const [to, event, payload] of batch) {
        const handler = (to as Parent).handleInfo;
        if (typeof handler !== "function") {
          throw new Error(`${to.constructor.name} has no handleInfo for the message "${event}" sent with sendParent`);
        }
        await handler.call(to, event, payload);
        if (to === this.#view) toView = true;
        else this.#markInstance(to);
      }
    }
    return toView;
  }

  // ComponentHost

  sendParent(from: LiveComponent<object>, event: string, payload: unknown): void {
    const e = this.#entries.get(runtimes.get(from)!.id);
    this.#outbox.push([e?.parent ?? this.#view, event, payload]);
    contextOf(this.#view)?.changed();
  }

  sendUpdate(cls: Function, id: string, props: Record<string, unknown>): void {
    const e = this.#entries.get(id);
    if (!e || e.cls !== cls) throw new Error(`sendUpdate: the view has no ${cls.name} with id "${id}"`);
    const rt = runtimes.get(e.instance)!;
    rt.props = { ...rt.props, ...props, id };
    e.instance.update?.(rt.props as never);
    this.#touch(e);
    contextOf(this.#view)?.changed();
  }

  requestUpdate(from: LiveComponent<object>): void {
    this.#markInstance(from);
    contextOf(this.#view)?.changed();
  }

  // ViewController

  /**
   * Every component's state, by id: `{ c: class name, s: fields, p: props last compared }`. With a codec, each
   * component's part is its encoded text, kept while the component is known not to have changed (its own events,
   * `update`, `sendUpdate`, `requestUpdate`, a message and a restore are what change it): one component's event
   * encodes that one. `fresh` encodes them all and marks those whose text differs as changed (they render again).
   */
  saveState(options?: SaveOptions): Record<string, SavedComponent | string> {
    const codec = options?.codec;
    const out: Record<string, SavedComponent | string> = {};
    for (const [id, saved] of this.#pending) out[id] = codec ? codec.encode(saved, `${saved.c}#${id}`) : saved;
    for (const [id, e] of this.#entries) {
      if (!codec) {
        out[id] = this.#stateOf(e);
        continue;
      }
      if (e.encoded === undefined || options?.fresh) {
        const text = codec.encode(this.#stateOf(e), `${e.cls.name}#${id}`);
        if (e.encoded !== undefined && text !== e.encoded) e.dirty = true; // changed where nobody said so
        e.encoded = text;
      }
      out[id] = e.encoded;
    }
    return out;
  }

  restoreState(saved: unknown, codec?: StateCodec): void {
    this.#codec = codec;
    const all: Record<string, SavedComponent> = {};
    for (const [id, part] of Object.entries((saved ?? {}) as Record<string, SavedComponent | string>)) {
      if (typeof part !== "string") all[id] = part;
      else if (codec) all[id] = codec.decode(part) as SavedComponent;
      else throw new Error(`the state of component "${id}" is encoded, and no codec was given to read it`);
    }
    for (const [id, e] of this.#entries) {
      const s = all[id];
      if (!s || s.c !== e.cls.name) {
        this.#drop(id);
        continue;
      }
      restoreState(e.instance, { ...s.s }, codec);
      e.seen = s.p ?? undefined;
      this.#touch(e);
    }
    this.#pending = new Map();
    for (const id in all) if (!this.#entries.has(id)) this.#pending.set(id, all[id]!);
    this.#outbox = [];
  }

  /**
   * Whether a render since the last call mounted, restored or updated a component (its state changed after the
   * snapshot taken before that render: the engine takes it again).
   */
  takeRenderChanges(): boolean {
    const changed = this.#changedInRender;
    this.#changedInRender = false;
    return changed;
  }

  #stateOf(e: Entry): SavedComponent {
    return { c: e.cls.name, s: stateOf(e.instance), p: e.seen ?? null };
  }

  /** The component may have changed: it renders again, and its state is encoded again. */
  #touch(e: Entry): void {
    e.dirty = true;
    e.encoded = undefined;
  }

  hostRolledBack(): void {
    this.#outbox = [];
  }

  #create(cls: Function, id: string, props: Record<string, unknown>, parent: object): Entry {
    const instance = new (cls as new () => LiveComponent<object>)();
    runtimes.set(instance, { id, props, host: this });
    const ctx = contextOf(this.#view);
    if (ctx) attachContext(instance, ctx);
    attachFieldControllers(instance);
    const e: Entry = {
      cls,
      instance,
      parent,
      seen: copyProps(props),
      node: undefined,
      dirty: true,
      pass: this.#pass,
      children: [],
      encoded: undefined,
    };
    this.#changedInRender = true;
    const saved = this.#pending.get(id);
    if (saved && saved.c === cls.name) {
      this.#pending.delete(id);
      restoreState(instance, { ...saved.s }, this.#codec);
      // Props it was last compared with, when they could be: a restore is no reason to call update.
      if (saved.p && !sameProps(saved.p, props)) instance.update?.(props as never);
    } else instance.mount?.(props as never);
    attachFieldControllers(instance);
    this.#entries.set(id, e);
    if (ctx) (ctx.targets ??= new Map()).set(id, instance);
    return e;
  }

  #renderEntry(e: Entry, key: string | undefined): VElement {
    const outer = this.#rendering;
    this.#rendering = e;
    e.children = [];
    let out: VNode;
    try {
      out = e.instance.render();
    } finally {
      this.#rendering = outer;
    }
    const id = runtimes.get(e.instance)!.id;
    if (out?.type === 1 && out.tag === FRAGMENT_TAG && out.children.length === 1) out = out.children[0]!;
    if (out?.type !== 1 || out.tag === FRAGMENT_TAG) {
      throw new Error(`${e.cls.name} (id "${id}"): render() must return one root element`);
    }
    const node = makeElement(out.tag, { ...out.attrs, [ATTR.component]: id }, out.children, key ?? out.key ?? id, out.update, out.stream);
    e.node = node;
    e.dirty = false;
    return node;
  }

  /** A clean component's tree is reused: the components inside it are kept too. */
  #keep(e: Entry): void {
    for (const id of e.children) {
      const child = this.#entries.get(id);
      if (!child) continue;
      child.pass = this.#pass;
      this.#keep(child);
    }
  }

  #markInstance(instance: object): void {
    const rt = runtimes.get(instance);
    const e = rt && this.#entries.get(rt.id);
    if (e) this.#touch(e);
  }

  #drop(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    this.#entries.delete(id);
    const targets = contextOf(this.#view)?.targets;
    if (targets?.get(id) === e.instance) targets.delete(id);
  }
}

registerStateSlot(COMPONENTS_SLOT, (view) => ComponentRegistry.of(view, true));

/**
 * Sends `update(props)` to component `id` of class `cls` in `view` (see `LiveView.sendUpdate`).
 * @throws Error when the view has no such component.
 */
export function sendUpdateIn(view: object, cls: Function, id: string, props: Record<string, unknown>): void {
  const registry = ComponentRegistry.of(view);
  if (!registry) throw new Error(`sendUpdate: ${view.constructor.name} has no components`);
  registry.sendUpdate(cls, id, props);
}
