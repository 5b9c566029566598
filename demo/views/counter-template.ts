/**
 * `/counter-template`: the twin of `/counter`, rendered from the Nunjucks template `demo/templates/counter.njk`.
 * It inherits the state and handlers of {@link CounterState}; the template sees the view's fields and getters
 * (`count`, `negative`) as its context. Same behaviour, same patches.
 * @module
 */
import { CounterState } from "./counter-state.ts";

/** The counter, from a template file. */
export class TemplateCounterView extends CounterState {
  static override title = "Template counter";
  static override template = "counter.njk";
}
