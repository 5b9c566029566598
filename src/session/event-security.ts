/**
 * The `eventSecurity` setting: what happens to an event whose name no `@event()` handler has. In every mode only
 * `@event()` handlers are callable from the browser: unlike djust's `"open"`, Rein never calls a method that is
 * not marked, because a view's other methods (lifecycle hooks, helpers, inherited ones) were never written to
 * take a browser's input. The modes differ in what the server reports and answers:
 * - `"strict"` (default): the event is refused with an `unknown_event` error frame. Nothing is logged in
 *   production; in development (the `debug` option, default `NODE_ENV !== "production"`) each unknown name is logged
 *   once per view (or component) class and name, as under `"warn"`, so that a markup binding naming no handler shows
 *   up in the server's log. The error frame is the same either way.
 * - `"warn"`: refused the same way, and logged once per view (or component) class and name, with a hint when the
 *   class has a method of that name that is not marked `@event()`. For development and migrations.
 * - `"open"`: logged as with `"warn"`, and answered with an empty reply instead of an error frame (nothing runs,
 *   nothing changes, the browser shows no error): for pages whose markup still binds handlers that no longer
 *   exist, during a migration.
 * Logging is bounded: the names are ones browsers send, so at most {@link MAX_LOGGED_NAMES} per class are logged
 * (then one line saying the rest are not), each quoted and cut to 64 characters.
 * @module
 */

/** The modes of {@link UnknownEvents}; see the module's documentation. */
export type EventSecurity = "strict" | "warn" | "open";

/** Every {@link EventSecurity} mode, the default first. */
export const EVENT_SECURITY_MODES: readonly EventSecurity[] = Object.freeze(["strict", "warn", "open"] as const);

/** Whether `v` is an {@link EventSecurity} mode. */
export function isEventSecurity(v: unknown): v is EventSecurity {
  return typeof v === "string" && (EVENT_SECURITY_MODES as readonly string[]).includes(v);
}

/** The most unknown event names logged per view or component class. */
export const MAX_LOGGED_NAMES = 100;
/** The longest event name quoted in a log line, in characters. */
const MAX_NAME_LENGTH = 64;

/**
 * The warning `createRein` logs at start-up for a mode other than `"strict"` (`undefined` for `"strict"`).
 */
export function eventSecurityWarning(mode: EventSecurity): string | undefined {
  if (mode === "strict") return undefined;
  const what =
    mode === "warn"
      ? `events no @event() handler takes are refused (unknown_event) and logged`
      : `events no @event() handler takes get an empty reply instead of an unknown_event error, and are logged`;
  return (
    `option "eventSecurity" is "${mode}": ${what} (once per view class and name). Only @event() handlers are ever ` +
    `callable, in every mode. Meant for development and migrations; use "strict" (the default) in production`
  );
}

/**
 * Reports the events no handler takes, under `"warn"` and `"open"`, and under `"strict"` in development (one per
 * engine; see {@link unknownEventsFor}).
 */
export class UnknownEvents {
  /** The mode; under `"strict"` (development only) it logs, and refuses as always. */
  readonly mode: EventSecurity;
  readonly #log: (message: string) => void;
  /** The names logged per class (a class's set stops growing at {@link MAX_LOGGED_NAMES}). */
  readonly #logged = new WeakMap<Function, Set<string>>();

  /** @param log - where the unknown events are reported (the engine's `log`). */
  constructor(mode: EventSecurity, log: (message: string) => void) {
    this.mode = mode;
    this.#log = log;
  }

  /**
   * Reports the event `name` that `owner` (a view, or the component an event targeted) has no handler for; logs it
   * the first time for its class. `where` names it in the log line (`CounterView`, `component "left" of Page`).
   * @returns `true` when the event is to be answered with an empty reply (`"open"`), `false` when refused.
   */
  report(owner: object, name: string, where: string): boolean {
    const cls = owner.constructor as Function;
    let names = this.#logged.get(cls);
    if (!names) this.#logged.set(cls, (names = new Set()));
    if (!names.has(name) && names.size <= MAX_LOGGED_NAMES) {
      names.add(name); // the name after the last logged one makes the set too big: it stops growing
      if (names.size > MAX_LOGGED_NAMES) {
        this.#log(`eventSecurity "${this.mode}": ${cls.name} received more than ${MAX_LOGGED_NAMES} unknown event names; the others are not logged`);
      } else {
        const quoted = JSON.stringify(name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name);
        const hint = hasPlainMethod(owner, name) ? `: it has a method ${quoted} that is not marked @event(), and is not callable` : "";
        const answer = this.mode === "open" ? "answered with an empty reply" : "refused (unknown_event)";
        this.#log(`eventSecurity "${this.mode}": an event ${quoted} for ${where} was ${answer}; no @event() handler has that name${hint}`);
      }
    }
    return this.mode === "open";
  }
}

/**
 * The engine's reporter of unknown events: one for `"warn"` and `"open"`, and for `"strict"` in development
 * (`debug`), where it only logs (once per class and name); none for `"strict"` in production.
 */
export function unknownEventsFor(mode: EventSecurity, debug: boolean, log: (message: string) => void): UnknownEvents | undefined {
  return mode === "strict" && !debug ? undefined : new UnknownEvents(mode, log);
}

/** Whether `owner` has a method `name` of its own classes (not `Object`'s), found without running getters. */
function hasPlainMethod(owner: object, name: string): boolean {
  for (let o: object | null = owner; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return typeof d.value === "function";
  }
  return false;
}
