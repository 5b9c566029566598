/**
 * The state of a host object (a LiveView or a LiveComponent): which of its fields are state, and putting a saved
 * state back. Shared by the session engine (views) and the component registry (components).
 * @module
 */
import {
  attachFieldControllers,
  controllersOf,
  isFieldController,
  type SaveOptions,
  SLOT_PREFIX,
  slotController,
  type StateCodec,
  type ViewController,
} from "./controller.ts";
import { stateFieldsOf } from "./decorators/state.ts";

/**
 * The own enumerable fields of an object except those listed in `static transient` on its class.
 * @returns a fresh plain object (the field values themselves are not copied).
 */
export function captureFields(obj: object): Record<string, unknown> {
  const skip = (obj.constructor as { transient?: readonly string[] }).transient;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (!skip?.includes(key)) out[key] = (obj as Record<string, unknown>)[key];
  }
  return out;
}

/**
 * A host's state: its own fields (minus `static transient`), its `@state` accessors, and what its controllers
 * keep. A field holding one of its controllers stores that controller's `saveState()` (a form), or nothing when it
 * has none (a stream: runtime, never state); a controller in no field with a `stateKey` is stored under
 * `"~" + stateKey` (the view's components). Field controllers not attached yet are attached first.
 * @param options - given to the controllers' `saveState` (see {@link SaveOptions}).
 * @returns a fresh plain object; values are not copied.
 */
export function stateOf(host: object, options?: SaveOptions): Record<string, unknown> {
  const fields = captureFields(host);
  for (const k in fields) {
    if (isFieldController(fields[k]) && !controllersOf(host).includes(fields[k])) {
      attachFieldControllers(host);
      break;
    }
  }
  const runtime = controllersOf(host);
  if (runtime.length > 0) {
    for (const k in fields) {
      const c = fields[k] as ViewController;
      if (!runtime.includes(c)) continue;
      if (c.saveState) fields[k] = c.saveState(options);
      else delete fields[k];
    }
    for (const c of runtime) if (c.stateKey !== undefined && c.saveState) fields[SLOT_PREFIX + c.stateKey] = c.saveState(options);
  }
  const declared = stateFieldsOf(host.constructor);
  if (declared) for (const k of declared) fields[k] = (host as Record<string, unknown>)[k];
  return fields;
}

/**
 * Puts a host back to `fields` (what {@link stateOf} gave, after a round trip through a snapshot or the
 * backend): fields added since are removed (except those holding its controllers), controllers' parts go back to
 * them (`restoreState`), the others are assigned.
 * @param codec - given to the controllers' `restoreState`, for the parts they keep encoded.
 * @param keepMissing - a fresh instance being restored: a field the stored state lacks keeps its class default (a
 *   field added to the class since the state was stored, e.g. across a development restart), instead of being
 *   removed as a rollback removes fields a handler added.
 * @throws whatever a controller's `restoreState` throws.
 */
export function restoreState(host: object, fields: Record<string, unknown>, codec?: StateCodec, keepMissing = false): void {
  const own = host as Record<string, unknown>;
  const runtime = controllersOf(host);
  if (!keepMissing) for (const key of Object.keys(host)) if (!(key in fields) && !runtime.includes(own[key] as never)) delete own[key];
  for (const key of Object.keys(fields)) {
    const slot = key.startsWith(SLOT_PREFIX);
    // What controllers keep goes back to them, not onto the host.
    const held = slot ? slotController(host, key) : (own[key] as ViewController | undefined);
    if (held?.restoreState && (slot || runtime.includes(held) || isFieldController(held))) {
      held.restoreState(fields[key], codec);
      delete fields[key];
    } else if (slot) delete fields[key];
  }
  Object.assign(host, fields);
}

/**
 * Assigns some of a host's state (what a `@cache` hit restores): like {@link restoreState} for the keys given, and
 * nothing else is touched. A key of a controller's part goes back to that controller.
 * @throws whatever a controller's `restoreState` throws.
 */
export function assignState(host: object, part: Record<string, unknown>, codec?: StateCodec): void {
  const own = host as Record<string, unknown>;
  const runtime = controllersOf(host);
  for (const key of Object.keys(part)) {
    const slot = key.startsWith(SLOT_PREFIX);
    const held = slot ? slotController(host, key) : (own[key] as ViewController | undefined);
    if (held?.restoreState && (slot || runtime.includes(held) || isFieldController(held))) held.restoreState(part[key], codec);
    else if (!slot) own[key] = part[key];
  }
}
