/**
 * Driving a `liveForm` in a `ViewClient` test the way a browser does: fill fields (nothing is sent yet, as when a
 * user types), leave a field (the form's change event with every field's value: what the browser sends on
 * `change`/blur), submit (the submit event with every value), reset. Mirrors Phoenix's `form(view, selector, values)
 * |> render_change / render_submit`.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { contextOf } from "../live/context.ts";
import { FormController } from "../live/forms/form-controller.ts";
import type { EventParams, ServerFrame } from "../protocol/frames.ts";

/** A form of any schema. */
type AnyForm = FormController<StandardSchemaV1>;

/** What the driver needs of the client: sending an event to a target, and the view. */
export interface FormDriverHost {
  readonly view: object;
  event(name: string, params?: EventParams, target?: string): Promise<ServerFrame>;
}

/** One form of a view under test; see {@link ViewClientForms.form}. */
export class FormDriver {
  readonly #host: FormDriverHost;
  /** The form's id: its event target. */
  readonly id: string;
  /** What the "browser" shows in the fields: the server's values, then what the test typed. */
  #shown: Record<string, unknown>;

  /**
   * @throws Error when the view has no form with this id (the event target a `<LiveForm>` renders).
   */
  constructor(host: FormDriverHost, id: string) {
    this.#host = host;
    this.id = id;
    this.#shown = structuredClone(this.controller.values as Record<string, unknown>);
  }

  /** The form's controller in the view (its `values`, `errors`, `touched`, `submitted`). */
  get controller(): AnyForm {
    const found = contextOf(this.#host.view)?.targets?.get(this.id);
    if (!(found instanceof FormController)) throw new Error(`the view has no form "${this.id}" (its id, or the field holding it)`);
    return found as AnyForm;
  }

  /** Types `values` into the fields (nested objects for `address[city]`); nothing is sent yet. */
  fill(values: Record<string, unknown>): this {
    this.#shown = { ...this.#shown, ...values };
    return this;
  }

  /**
   * Leaves a field: sends the form's `validate` event with every field's value, as the browser's change event.
   * @returns the reply (`r`) or error (`x`) frame.
   */
  change(): Promise<ServerFrame> {
    return this.#host.event("validate", structuredClone(this.#shown) as EventParams, this.id);
  }

  /** Same as {@link change}: a blur sends the change of the field left. */
  blur(): Promise<ServerFrame> {
    return this.change();
  }

  /** Fills `values` (when given), then submits the whole form. */
  submit(values?: Record<string, unknown>): Promise<ServerFrame> {
    if (values) this.fill(values);
    return this.#host.event("submit", structuredClone(this.#shown) as EventParams, this.id);
  }

  /** Presses the form's reset button; the fields show the initial values again. */
  async reset(): Promise<ServerFrame> {
    const frame = await this.#host.event("reset", {}, this.id);
    this.#shown = structuredClone(this.controller.values as Record<string, unknown>);
    return frame;
  }
}

/** The `form()` method `ViewClient` offers (kept here so the client file stays about the view). */
export interface ViewClientForms {
  /**
   * A driver for the form `id` (a `liveForm`'s `id` option, by default the name of the view field holding it).
   * @throws Error when the view has no such form.
   */
  form(id: string): FormDriver;
}
