/**
 * Test helpers for Rein applications (`import { ViewClient, TestSocket } from "rein/testing"`).
 * - {@link ViewClient}: one view in process, through the real session engine; works with fake timers. Events to a
 *   component take its id as target; `client.form(id)` ({@link FormDriver}) fills, blurs and submits a form.
 *   `client.element(selector, text)` ({@link ElementHandle}) and `client.form(selector)` ({@link FormElement}) send
 *   what the rendered markup binds, so a binding that names no handler fails the test.
 * - {@link ObjectClient}: one synced object in process, held as a browser holds it (actions, patches, tasks,
 *   toasts, binary data), through the real registry, host and object channel.
 * - {@link TestSocket} and {@link loadPage}: the full stack over HTTP and a real WebSocket.
 * - {@link normalizeHtml}: rendered HTML for Vitest snapshots, deterministic, volatile values as placeholders.
 * - {@link measureEvent}: one event's handler, render and diff time and patch bytes, for benchmarks.
 * @module
 */
export * from "./socket-client.ts";
export * from "./view-client.ts";
export { ObjectClient, ObjectClientError, type ObjectClientOptions } from "./object-client.ts";
export { type EventCost, measureEvent } from "./measure-event.ts";
export { FormDriver, type FormDriverHost, type ViewClientForms } from "./form-driver.ts";
export {
  ElementHandle,
  type ElementHost,
  FormElement,
  type FormValues,
  type TextFilter,
  type ViewClientElements,
} from "./element.ts";
export { normalizeHtml, type NormalizeOptions, PLACEHOLDER, type VolatilePattern } from "./normalize-html.ts";
export { unpack } from "../vdom/pack.ts";
