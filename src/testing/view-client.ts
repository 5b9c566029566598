/**
 * An in-process test client for one LiveView: no HTTP, no socket, the real session engine. Fast enough for unit
 * tests, and it works with fake timers (`vi.useFakeTimers()`), so debounce, throttle and timeouts can be tested
 * exactly. Mirrors djust's `LiveViewTestClient` and Phoenix's `LiveViewTest`. For the full stack over a real
 * socket use {@link TestSocket}; for the browser, Playwright.
 * @module
 */
import { contextOf } from "../live/context.ts";
import { FormController } from "../live/forms/form-controller.ts";
import type { LiveView, LiveViewClass, Params, Session } from "../live/liveview.ts";
import type { EventParams, Push, ServerFrame } from "../protocol/frames.ts";
import { EXEC_PUSH } from "../protocol/frames.ts";
import type { JSOp } from "../protocol/js.ts";
import { createEngine, type Engine } from "../server/engine.ts";
import type { ChannelHost } from "../session/channel.ts";
import { sessionKey } from "../session/sessions.ts";
import { TokenBucket } from "../session/token-bucket.ts";
import type { ViewChannel } from "../session/view-channel.ts";
import { MemoryBackend } from "../state/memory.ts";
import { MemoryPubSub } from "../state/memory-pubsub.ts";
import type { StateBackend } from "../state/backend.ts";
import type { PubSub } from "../state/pubsub.ts";
import type { Presence } from "../state/presence.ts";
import { serialize } from "../state/serialize.ts";
import { toHtml } from "../vdom/serialize.ts";
import { ProbedChannel } from "./probed-channel.ts";
import { StreamMirror } from "./stream-mirror.ts";
import { FormDriver, type ViewClientForms } from "./form-driver.ts";
import { ElementHandle, FormElement, type FormValues, hasElement, type TextFilter, type ViewClientElements } from "./element.ts";

/**
 * What `client.form(s)` returns for a literal `s`: a {@link FormElement} when `s` looks like a CSS selector (starts
 * with `#`, `.` or `[`, or has one of them after a tag name: `form#signup`), else a {@link FormDriver}.
 */
export type FormFor<S extends string> = S extends `${"#" | "." | "["}${string}` | `${string}${"#" | "." | "["}${string}` ? FormElement : FormDriver;

/** Whether `s` reads as a CSS selector rather than a form id (see {@link FormFor}). */
const SELECTOR = /^[a-z][a-z0-9-]*[#.[]|^[#.[]/i;

/** Options of {@link ViewClient.mount}. */
export interface MountOptions {
  /** Route and query parameters. */
  params?: Params;
  /** The page URL (for `handleParams`). Default `http://rein.test/`. */
  url?: string;
  /** The browser session's initial content. */
  session?: Session;
  /** Template directories for `static template` files. */
  templateDirs?: string[];
  /** Collects engine errors; default: kept in {@link ViewClient.logs}. */
  log?: (message: string, err?: unknown) => void;
  /** The pubsub the view's engine uses (share one between clients to test broadcasts). Default: a new one. */
  pubsub?: PubSub;
  /**
   * The presence store of the view's engine (share one between clients that stand for views of one process).
   * Default: the engine's (in memory, diffs on `pubsub`).
   */
  presence?: Presence;
  /** The state backend the view's engine uses (to test with a shared or durable one). Default: a new {@link MemoryBackend}. */
  backend?: StateBackend;
  /** Idle time before the view hibernates, in ms, or `false` (see `createRein`'s option). Default 15,000. */
  hibernateAfterMs?: number | false;
}

/** The engine settings of the test client: the defaults of `createRein`, but errors in detail and no file watching. */
const TEST_TTL_MS = 3600_000;

/**
 * A mounted view driven directly through the session engine. `V` is the view's class instance (`ViewClient.mount`
 * infers it), so `client.view.count` is typed.
 */
export class ViewClient<V extends LiveView = LiveView> implements ViewClientForms, ViewClientElements {
  /** Every frame the engine sent, in order. */
  readonly frames: ServerFrame[] = [];
  /** Every engine log line (handler errors, predicate errors...). */
  readonly logs: string[] = [];
  readonly #vs: ViewChannel;
  readonly #engine: Engine;
  #ref = 0;
  /** What the browser keeps in stream containers (the server forgets it). */
  readonly #streams = new StreamMirror();
  #waiters: Array<{ ref: number; resolve: (f: ServerFrame) => void }> = [];

  private constructor(cls: LiveViewClass, opts: MountOptions, engine: Engine, sid: string) {
    const url = new URL(opts.url ?? "http://rein.test/");
    const buckets = new Map<string, TokenBucket>();
    const host: ChannelHost = {
      send: (frame) => this.#receive(frame),
      sendText: (text) => this.#receive(JSON.parse(text) as ServerFrame),
      sendBinary: () => {}, // a view sends no binary data
      take(key, rate, burst) {
        let b = buckets.get(key);
        if (!b) buckets.set(key, (b = new TokenBucket(rate, burst)));
        return b.take();
      },
    };
    this.#engine = engine;
    // The engine's own ViewChannel, with a probe for measureEvent (src/testing/probed-channel.ts).
    this.#vs = new ProbedChannel(1, { viewClass: cls, routeParams: opts.params ?? {}, viewId: "test-view", sessionId: sid, url }, engine, host);
  }

  /**
   * Mounts a view (as a join with no stored state does: `mount`, `handleParams`, render).
   * @throws Error when the join fails (with the engine's message).
   */
  static async mount<C extends LiveViewClass>(cls: C, opts: MountOptions = {}): Promise<ViewClient<InstanceType<C>>> {
    const backend = opts.backend ?? new MemoryBackend();
    const sid = "test-session";
    if (opts.session) await backend.set(sessionKey(sid), serialize(opts.session, "session"), TEST_TTL_MS);
    let client: ViewClient<LiveView> | undefined;
    const log = opts.log ?? ((m: string, e?: unknown) => client?.logs.push(e instanceof Error ? `${m}: ${e.message}` : m));
    const engine = createEngine({
      backend,
      // Explicit, so that REIN_REDIS_URL in the environment never turns a unit test into a Redis one.
      pubsub: opts.pubsub ?? new MemoryPubSub(),
      ...(opts.presence ? { presence: opts.presence } : {}),
      ...(opts.hibernateAfterMs !== undefined ? { hibernateAfterMs: opts.hibernateAfterMs } : {}),
      templateDirs: opts.templateDirs ?? [],
      watchTemplates: false,
      stateTtlMs: TEST_TTL_MS,
      sessionTtlMs: TEST_TTL_MS,
      debug: true,
      log,
    });
    client = new ViewClient(cls, opts, engine, sid);
    await client.#vs.idle();
    const err = client.frames.find((f) => f[0] === "x");
    if (err) throw new Error(`mount failed: ${err[4]}`);
    return client as ViewClient<InstanceType<C>>;
  }

  /** The view instance (read its fields in assertions). */
  get view(): V {
    return this.#vs.view! as V;
  }

  /** The engine's channel of this view (for tests of disconnects and waiters). */
  get session(): ViewChannel {
    return this.#vs;
  }

  /** The view's children as the browser shows them: the last rendered tree, with the items of its streams. */
  html(): string {
    return toHtml(this.#streams.render(this.#vs.tree));
  }

  /**
   * Sends an event (to the component `target`, when given); resolves with its reply (`r`) or error (`x`) frame. With debounce or throttle the reply may
   * come later: advance fake timers while awaiting it.
   */
  event(name: string, params: EventParams = {}, target?: string): Promise<ServerFrame> {
    const ref = ++this.#ref;
    const p = new Promise<ServerFrame>((resolve) => this.#waiters.push({ ref, resolve }));
    this.#vs.event(ref, name, params, target);
    return p;
  }

  /** The rendered markup (the view's children, with stream items), as Phoenix's `render(view)`; same as {@link html}. */
  render(): string {
    return this.html();
  }

  /**
   * An element of the rendered markup: the first argument is a CSS selector, `text` filters by text content (a
   * substring, or a RegExp). Its actions (`click`, `keydown(key)`, `keyup(key)`, `focus`, `blur`, `change(value)`,
   * `input(value)`) send the event its markup binds, with the parameters a browser would send, to its target.
   */
  element(selector: string, text?: TextFilter): ElementHandle {
    return new ElementHandle(this, selector, text);
  }

  /** Whether the rendered markup has an element matching `selector` (and `text`, as in {@link element}). */
  hasElement(selector: string, text?: TextFilter): boolean {
    return hasElement(this.html(), selector, text);
  }

  /**
   * A form of the view.
   * - `form(id)`: a {@link FormDriver} for the `liveForm` with that id (by default the field holding it): `fill`,
   *   `change`/`blur`, `submit`, `reset`, as a browser sends them.
   * - `form(selector, values?)`: when no `liveForm` has that id and it looks like a CSS selector (`#signup`,
   *   `.login`, `[name=q]`, `form#signup`), a {@link FormElement} for the `<form>` it matches in the markup:
   *   `change(values?)` / `submit(values?)` send its `rein-change` / `rein-submit` binding with its fields' values
   *   from the markup, `values` merged over them.
   * @throws Error when the view has no such form (a `FormDriver`, at once; a `FormElement`, at its first action).
   */
  form<S extends string>(idOrSelector: S, values?: FormValues): FormFor<S> {
    const isLiveForm = contextOf(this.view)?.targets?.get(idOrSelector) instanceof FormController;
    if (!isLiveForm && SELECTOR.test(idOrSelector)) return new FormElement(this, idOrSelector, values) as FormFor<S>;
    const driver = new FormDriver(this, idOrSelector);
    if (values) driver.fill(values);
    return driver as FormFor<S>;
  }

  /** Reports a URL change (`handleParams`); resolves with the reply. */
  navigate(url: string): Promise<ServerFrame> {
    const ref = ++this.#ref;
    const p = new Promise<ServerFrame>((resolve) => this.#waiters.push({ ref, resolve }));
    this.#vs.params(ref, new URL(url, "http://rein.test/"));
    return p;
  }

  /** All pushes received so far, in order. */
  pushes(): Push[] {
    const out: Push[] = [];
    for (const f of this.frames) {
      const p = f[0] === "r" ? f[5] : f[0] === "u" ? f[4] : undefined;
      if (p) out.push(...p);
    }
    return out;
  }

  /** The op lists of all pushed JS command chains, in order. */
  commands(): JSOp[][] {
    return this.pushes()
      .filter((p) => p[0] === EXEC_PUSH)
      .map((p) => p[1] as JSOp[]);
  }

  /** Resolves when the engine has processed everything queued. */
  idle(): Promise<void> {
    return this.#vs.idle();
  }

  /** The engine the view runs on (its backend, pubsub, sessions), for tests. */
  get engine(): Engine {
    return this.#engine;
  }

  /** Disconnects: waiters cancelled, background tasks aborted, controllers told, state stored. */
  close(): Promise<void> {
    return this.#vs.close();
  }

  #receive(frame: ServerFrame): void {
    this.frames.push(frame);
    if (frame[0] === "t") this.#streams.tree(frame[3]);
    else if (frame[0] === "r") this.#streams.patches(frame[4], this.#vs.tree);
    else if (frame[0] === "u") this.#streams.patches(frame[3], this.#vs.tree);
    const ref = frame[0] === "r" || frame[0] === "x" ? frame[2] : undefined;
    if (ref === undefined) return;
    this.#waiters = this.#waiters.filter((w) => (w.ref === ref ? (w.resolve(frame), false) : true));
  }
}
