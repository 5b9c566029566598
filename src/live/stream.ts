/**
 * Streams: long or endless collections (a feed, a log, a chat, a 10,000-row table) that the server renders once
 * and then forgets. The browser keeps the items; the server keeps no item in its state, its tree or its memory,
 * and an event that changes one item costs the same whatever the collection's size: it renders and sends that
 * item only. Mirrors Phoenix LiveView's streams (`stream/4`, `stream_insert/4`, `stream_delete/3`, `reset: true`,
 * `at:`, `limit:`).
 *
 * A stream is a view controller (`live/controller.ts`), never state: it is not serialized, so after a reconnect,
 * a restart or a move to another process the items the browser shows stay as they are (the browser owns them)
 * and the view re-inserts what it wants to change. Where the items come from is the application's business (a
 * database, a store): as in Phoenix, `mount` inserts the first page of them.
 *
 * @example
 * ```tsx
 * class Feed extends LiveView {
 *   readonly posts = stream<Post>(this, (post) => `post-${post.id}`);
 *   override async mount() {
 *     this.posts.insertAll(await db.latestPosts(50));
 *   }
 *   @event() async like({ id }: { id: string }) {
 *     this.posts.insert(await db.like(Number(id))); // replaces that one item, in place
 *   }
 *   override render() {
 *     return (
 *       <ul id="posts" rein-update={this.posts}>
 *         {this.posts.map((post, domId) => <li id={domId}>{post.text}</li>)}
 *       </ul>
 *     );
 *   }
 * }
 * ```
 * @module
 */
import { addController, type ViewController } from "./controller.ts";
import { contextOf } from "./context.ts";
import { STREAM_BATCH, type StreamBatch, type StreamSource, type StreamStep, type VElement, type VNode } from "../vdom/vnode.ts";
import { NO_LIMIT } from "../vdom/stream-ops.ts";

/** Where an insert goes and how many items the container keeps afterwards. */
export interface InsertOptions {
  /**
   * Index among the container's items: `-1` (the default) at the end, `0` first, `n` before the item now at `n`.
   * An item whose DOM id is already shown is replaced where it is, whatever `at` says.
   */
  at?: number | undefined;
  /**
   * After inserting, keep at most this many items (Phoenix's `limit:`): a negative limit keeps the last ones
   * (`at: -1, limit: -50`: a log showing its latest 50 lines), a positive one the first ones (`at: 0, limit: 50`:
   * a feed showing its newest 50). Default: no limit.
   */
  limit?: number | undefined;
}

/** Inserts for the render: the item and its DOM id, in call order. */
interface Pending<T> {
  readonly item: T;
  readonly domId: string;
}

/**
 * A stream of items of type `T` bound to one view (see the module's documentation). Created with {@link stream}.
 * Its methods may be called anywhere the view's state may change (handlers, `mount`, `handleInfo`, background
 * tasks, timers: outside a handler the change is sent at once, as `update()` does).
 */
export class Stream<T> implements ViewController, StreamSource {
  readonly #view: object;
  readonly #domId: (item: T) => string;
  /** What happened since the last send, in call order (see {@link StreamStep}). */
  #steps: StreamStep[] = [];
  #pending: Pending<T>[] = [];
  /** The children arrays of the containers rendered since the last send: emptied once sent. */
  #rendered: VNode[][] = [];

  /**
   * @param view - the view (or component) that renders the stream.
   * @param domId - the DOM id of an item's element, unique in the page (`(row) => \`rows-${row.id}\``).
   */
  constructor(view: object, domId: (item: T) => string) {
    this.#view = view;
    this.#domId = domId;
    addController(view, this);
  }

  /** The DOM id of `item`'s element. */
  domId(item: T): string {
    return this.#domId(item);
  }

  /**
   * Inserts `item`, or replaces it in place when an item with its DOM id is shown (Phoenix's `stream_insert`).
   * @throws RangeError when `at` or `limit` is not an integer.
   */
  insert(item: T, options: InsertOptions = {}): this {
    return this.insertAll([item], options);
  }

  /**
   * Inserts several items in their order (with `at: 0`, each goes before the previous one, as in Phoenix: pass
   * them newest last).
   * @throws RangeError as {@link insert}, before inserting any.
   */
  insertAll(items: Iterable<T>, options: InsertOptions = {}): this {
    const at = options.at ?? -1;
    const limit = options.limit ?? NO_LIMIT;
    if (!Number.isInteger(at) || !Number.isInteger(limit)) throw new RangeError(`stream insert: at and limit must be integers (at ${at}, limit ${limit})`);
    // One step object for the batch: the diff groups inserts by its values.
    const step = [at, limit] as const;
    for (const item of items) {
      this.#steps.push(step);
      this.#pending.push({ item, domId: this.#domId(item) });
    }
    return this.#changed();
  }

  /** Removes `item`'s element from the browser (Phoenix's `stream_delete`); nothing happens when it is not shown. */
  delete(item: T): this {
    return this.deleteById(this.#domId(item));
  }

  /** Removes the element of DOM id `domId` (Phoenix's `stream_delete_by_dom_id`). */
  deleteById(domId: string): this {
    this.#steps.push(domId);
    return this.#changed();
  }

  /** Removes every item shown, then inserts `items` (Phoenix's `stream(socket, name, items, reset: true)`). */
  reset(items: Iterable<T> = []): this {
    this.#steps = [0];
    this.#pending = [];
    this.#changed();
    return this.insertAll(items);
  }

  /**
   * Renders the items inserted since the last send, for the container's children: `fn(item, domId)` returns the
   * item's element, which gets `id={domId}` when it has no id.
   * @throws Error when `fn` returns text, or an element with another id.
   */
  map(fn: (item: T, domId: string) => VNode): VNode[] {
    const pending = this.#pending;
    const out: VNode[] = new Array(pending.length);
    for (let i = 0; i < pending.length; i++) {
      const { item, domId } = pending[i]!;
      out[i] = withId(fn(item, domId), domId);
    }
    if (out.length > 0) this.#rendered.push(out);
    return out;
  }

  /** `"stream"`, the value of the container's `rein-update` attribute. */
  toAttribute(): string {
    return "stream";
  }

  /** The steps since the last send, for the JSX runtime. Not for applications. */
  [STREAM_BATCH](): StreamBatch {
    return { steps: this.#steps };
  }

  /** Sent: forget the items (and the rendered elements, so that the view's kept tree holds none). */
  hostUpdated(): void {
    if (this.#steps.length === 0) return;
    this.#steps = [];
    this.#pending = [];
    for (const children of this.#rendered) children.length = 0;
    this.#rendered = [];
  }

  /** The change that recorded the unsent steps failed: they go with it. */
  hostRolledBack(): void {
    this.#steps = [];
    this.#pending = [];
    this.#rendered = [];
  }

  #changed(): this {
    contextOf(this.#view)?.changed();
    return this;
  }
}

/**
 * Creates a {@link Stream} of `view` (call it in a field initializer, so that a restored view has it too).
 * @param domId - the DOM id of an item's element, unique in the page.
 */
export function stream<T>(view: object, domId: (item: T) => string): Stream<T> {
  return new Stream(view, domId);
}

function withId(node: VNode, domId: string): VNode {
  if (node.type !== 1) throw new Error(`a stream item renders as one element with id="${domId}", not as text`);
  const id = node.attrs["id"];
  if (id === domId) return node;
  if (id !== undefined) throw new Error(`a stream item's element has id="${id}", but its stream says "${domId}"`);
  const el: VElement = { ...node, attrs: { ...node.attrs, id: domId } };
  return el;
}
