/**
 * The decorators of LiveView handlers and fields. Standard (TC39) decorators; times in ms.
 * @module
 */
export { background } from "./background.ts";
export { cache } from "./cache.ts";
export { clientState, type ClientStateOptions } from "./client-state.ts";
export { computed } from "./computed.ts";
export { debounce } from "./debounce.ts";
export { optimistic } from "./optimistic.ts";
export { rateLimit } from "./rate-limit.ts";
export { reactive, state, stateFieldsOf } from "./state.ts";
export { throttle } from "./throttle.ts";
