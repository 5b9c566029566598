/**
 * Rein: server-driven, real-time web UIs for Node.js.
 * @module
 */
export { LiveView, type LiveViewClass, type Params, type Session } from "./live/liveview.ts";
export {
  event,
  type EventOptions,
  type EventSpec,
  type HandlerContext,
  type HandlerParams,
  listHandlers,
} from "./live/event.ts";
export { background, cache, computed, debounce, optimistic, rateLimit, reactive, state, throttle } from "./live/decorators/index.ts";
export { clientState, type ClientStateOptions } from "./live/decorators/client-state.ts";
export { JS, JSChain, type TargetArg } from "./live/js.ts";
export { CancelledError, TimeoutError, type WaitOptions } from "./live/waiters.ts";
export {
  cancelTutorial,
  HIGHLIGHT_CLASS,
  skipTutorial,
  startTutorial,
  TutorialController,
  tutorialState,
  type TutorialOutcome,
  type TutorialStep,
} from "./live/tutorial.ts";
export {
  addController,
  ATTACH_TO_FIELD,
  controllersOf,
  findController,
  removeController,
  type FieldController,
  type ViewController,
} from "./live/controller.ts";
export { stream, Stream, type InsertOptions } from "./live/stream.ts";
export {
  DEFAULT_FORM_PRESET,
  type FieldMarkupOptions,
  type FieldName,
  type FieldSpec,
  type FieldType,
  FORM_DEFAULTS,
  FORM_ERROR,
  FORM_PRESETS,
  FormController,
  type FormClasses,
  type FormErrors,
  type FormField,
  type FormHost,
  FormInputError,
  type FormMarkupOptions,
  type FormOptions,
  type FormOutput,
  type FormPreset,
  type FormValues,
  LiveField,
  type LiveFieldProps,
  LiveForm,
  type LiveFormProps,
  liveForm,
  type ValidateOn,
} from "./live/forms/index.ts";
export {
  LiveComponent,
  type ComponentClass,
  type ComponentIdentity,
  type ComponentProps,
  type PropsOf,
} from "./live/component.ts";
export {
  type FunctionHandler,
  type FunctionViewClass,
  type FunctionViewSpec,
  type HandlerDecorator,
  type HandlerEntry,
  type HandlerSpec,
  liveView,
  type ViewTools,
} from "./live/function-view.ts";
export { liveRoutes, type LiveRoute, type RouteTable } from "./live/routes.ts";
export { createRein, type ReinApp } from "./server/app.ts";
export { DEFAULTS, defaultLayout, type EngineOptions, type PageParts, type ReinOptions } from "./server/options.ts";
export { createEngine, REDIS_URL_ENV, type Engine } from "./server/engine.ts";
export { clientIpResolver, type TrustProxy } from "./server/client-ip.ts";
export { IpLimits, type Admission, type IpLimitsOptions } from "./server/ip-limits.ts";
export type { EventSecurity } from "./session/event-security.ts";
export { serve, type ServeOptions, type Served } from "./server/adapters/node.ts";
export type { StateBackend } from "./state/backend.ts";
export { MemoryBackend } from "./state/memory.ts";
export type { PubSub, PubSubListener } from "./state/pubsub.ts";
export { MemoryPubSub } from "./state/memory-pubsub.ts";
export {
  RedisBackend,
  type RedisBackendOptions,
  type RedisBackendStats,
  type RedisHealth,
  COMPRESS_ABOVE,
  KEY_PREFIX,
} from "./state/redis.ts";
export { RedisPubSub, type RedisPubSubOptions } from "./state/redis-pubsub.ts";
export {
  PRESENCE_DIFF,
  type Presence,
  type PresenceDiff,
  type PresenceEntry,
  type PresenceList,
  type PresenceMeta,
} from "./state/presence.ts";
export { MemoryPresence } from "./state/memory-presence.ts";
export { RedisPresence, PRESENCE_HEARTBEAT_MS, type RedisPresenceOptions } from "./state/redis-presence.ts";
export { StateError } from "./state/serialize.ts";
export type { VElement, VNode, VText } from "./vdom/vnode.ts";
export { memo, MAX_PROP_VALUES } from "./template/memo.ts";
export type * from "./protocol/index.ts";
export {
  action,
  SyncedObject,
  task,
  type ActionOptions,
  type BinaryInput,
  type RemoteParams,
  type SyncedClass,
  type SyncRequest,
  type TaskContext,
  type TaskOptions,
} from "./sync/index.ts";
