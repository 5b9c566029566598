/**
 * From an event's parameters to a form's next values: only the declared fields are read (no mass assignment: any
 * other key the browser sends is ignored), each by the kind of its initial value, and a value longer than the
 * form's limit, or of a shape a form field cannot have, refuses the whole event.
 * @module
 */
import type { EventParams } from "../../protocol/frames.ts";
import { isGroup, pathOf, setValueAt, valueAt } from "./names.ts";

/** How a field's browser value is read: text, a checkbox, or a list of choices (`<select multiple>`, `tags[]`). */
export type FieldKind = "text" | "boolean" | "list";

/** A declared field: its name, its path in the values, its kind. */
export interface FieldSlot {
  readonly name: string;
  readonly path: readonly string[];
  readonly kind: FieldKind;
}

/** Most values a list field accepts in one event. */
export const MAX_LIST_ITEMS = 1_000;

/**
 * An event's value that a form refuses: longer than `maxFieldLength`, a list longer than {@link MAX_LIST_ITEMS},
 * or of the wrong shape (an object where text belongs). Thrown by the form's handlers, so the engine rolls the
 * change back and answers with an error frame (`handler_error`, with this message in debug mode) and logs it.
 */
export class FormInputError extends Error {
  /** The field's name (`address[city]`). */
  readonly field: string;
  constructor(formId: string, field: string, reason: string) {
    super(`form "${formId}", field "${field}": ${reason}; the event was refused and the form is unchanged`);
    this.name = "FormInputError";
    this.field = field;
  }
}

/** The slots of the fields of `initial` (see {@link FieldSlot}), each of the kind of its initial value. */
export function slotsOf(names: readonly string[], initial: Record<string, unknown>): FieldSlot[] {
  return names.map((name) => {
    const path = pathOf(name);
    const value = valueAt(initial, path);
    const kind: FieldKind = typeof value === "boolean" ? "boolean" : Array.isArray(value) ? "list" : "text";
    return { name, path, kind };
  });
}

/** What an event changes: the next values (a fresh copy) and the names of the fields whose value changed. */
export interface Assigned {
  readonly values: Record<string, unknown>;
  readonly changed: readonly string[];
}

/**
 * Reads the declared fields from `params` over a copy of `current`. A field absent from `params` keeps its value,
 * except a checkbox of a form that sent any of its fields (an unchecked box is not sent: it is `false`). When no
 * declared field is present, nothing changes.
 * @param limit - the longest text accepted, in characters.
 * @throws FormInputError for a value that is too long or of the wrong shape.
 */
export function assignFields(
  formId: string,
  slots: readonly FieldSlot[],
  current: Record<string, unknown>,
  params: EventParams,
  limit: number,
): Assigned {
  const values = structuredClone(current);
  const changed: string[] = [];
  const present = slots.some((s) => valueAt(params, s.path) !== undefined);
  if (!present) return { values, changed };
  for (const slot of slots) {
    const raw = valueAt(params, slot.path);
    if (raw === undefined && slot.kind !== "boolean") continue;
    const next = read(formId, slot, raw, limit);
    const before = valueAt(current, slot.path);
    if (!same(before, next)) changed.push(slot.name);
    setValueAt(values, slot.path, next);
  }
  return { values, changed };
}

function read(formId: string, slot: FieldSlot, raw: unknown, limit: number): string | boolean | string[] {
  const refuse = (reason: string) => new FormInputError(formId, slot.name, reason);
  const text = (v: unknown): string => {
    if (v === null) return "";
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      const s = String(v);
      if (s.length > limit) throw refuse(`${s.length} characters, more than the ${limit} allowed (maxFieldLength)`);
      return s;
    }
    throw refuse(`expected text, got ${Array.isArray(v) ? "a list" : isGroup(v) ? "an object" : typeof v}`);
  };
  switch (slot.kind) {
    case "boolean":
      if (raw === undefined || raw === false) return false;
      if (raw === true) return true;
      // A checkbox sends its value ("on" without a value attribute); "false" is a hidden input's default.
      return text(raw) !== "false";
    case "list": {
      const items = Array.isArray(raw) ? raw : [raw];
      if (items.length > MAX_LIST_ITEMS) throw refuse(`${items.length} values, more than the ${MAX_LIST_ITEMS} allowed`);
      return items.map(text);
    }
    default:
      return text(raw);
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
