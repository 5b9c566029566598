/**
 * State and event handlers shared by the two counter demos. {@link CounterView} renders them with JSX,
 * {@link TemplateCounterView} with a Nunjucks file: the same server logic, two ways to write markup.
 * @module
 */
import { LiveView, event } from "rein";
import { z } from "zod";

/** Parameters of {@link CounterState.add}: `rein-value-by="5"` arrives as the string "5"; zod coerces it. */
const AddParams = z.object({ by: z.coerce.number().int().min(-1000).max(1000) });

/**
 * A counter's state (one integer) and its handlers. Abstract: subclasses decide how to render it.
 * Each browser tab gets its own instance; a reload mounts a new one at zero.
 */
export abstract class CounterState extends LiveView {
  /** The current value. A public field, so it is the view's serialized state. */
  count = 0;

  /** Starts at zero, or at `?start=N` when the URL gives one. */
  override mount(params: Record<string, string>): void {
    const start = Number(params["start"]);
    this.count = Number.isInteger(start) ? start : 0;
  }

  /** `rein-click="increment"`. */
  @event({ description: "Adds one." })
  increment(): void {
    this.count += 1;
  }

  /** `rein-click="decrement"`. */
  @event({ description: "Subtracts one." })
  decrement(): void {
    this.count -= 1;
  }

  /** `rein-click="add" rein-value-by="5"`: a typed parameter, validated and coerced before the handler runs. */
  @event({ params: AddParams, description: "Adds `by` (an integer from -1000 to 1000)." })
  add({ by }: { by: number }): void {
    this.count += by;
  }

  /** `rein-click="reset"`. */
  @event({ description: "Back to zero." })
  reset(): void {
    this.count = 0;
  }

  /** Whether the count is negative, for styling (a getter, so templates can read it too). */
  get negative(): boolean {
    return this.count < 0;
  }
}
