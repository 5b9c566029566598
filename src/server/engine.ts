/**
 * The one factory of the session engine's dependencies: `createRein` builds its engine here, and so does the test
 * client (`ViewClient`), so tests run the engine exactly as configured in production, with the same defaults.
 * @module
 */
import type { EngineDeps } from "../session/lifecycle.ts";
import { IdleViews } from "../session/hibernation.ts";
import { JoinedViews } from "../session/joined-views.ts";
import { SessionRegistry } from "../session/sessions.ts";
import { unknownEventsFor } from "../session/event-security.ts";
import { MemoryBackend } from "../state/memory.ts";
import { MemoryPubSub } from "../state/memory-pubsub.ts";
import { RedisBackend } from "../state/redis.ts";
import { RedisPubSub } from "../state/redis-pubsub.ts";
import { MemoryPresence } from "../state/memory-presence.ts";
import { RedisPresence } from "../state/redis-presence.ts";
import { TemplateRenderer } from "../template/nunjucks.ts";
import { installFormHelpers } from "../live/forms/nunjucks.ts";
import { type EngineOptions, resolveEngineOptions, type ResolvedEngineOptions } from "./options.ts";

/** The environment variable that selects the Redis backend and PubSub: `redis://host:port[/db]`. */
export const REDIS_URL_ENV = "REIN_REDIS_URL";

/** A built engine: its dependencies, and how to release them. */
export interface Engine extends EngineDeps {
  /** Closes the backend and the pubsub (after the sockets are closed and the views stored). */
  close(): Promise<void>;
}

/**
 * Builds an engine from options, applying {@link DEFAULTS}: when no backend (or pubsub) is given, Redis's when
 * `REIN_REDIS_URL` is set, else a `MemoryBackend` (a `MemoryPubSub`).
 * @throws TypeError for an unknown option or a bad value (see `resolveEngineOptions`).
 */
export function createEngine(options: EngineOptions = {}): Engine {
  return buildEngine(resolveEngineOptions(options));
}

/** Builds an engine from options already resolved (by `resolveOptions` or `resolveEngineOptions`). */
export function buildEngine(o: ResolvedEngineOptions): Engine {
  // REIN_REDIS_URL selects Redis for both (several processes, restarts); without it, this process's memory.
  const redisUrl = process.env[REDIS_URL_ENV];
  const backend = o.backend ?? (redisUrl ? new RedisBackend({ url: redisUrl, log: o.log }) : new MemoryBackend());
  const pubsub = o.pubsub ?? (redisUrl ? new RedisPubSub({ url: redisUrl, log: o.log }) : new MemoryPubSub(o.log));
  // Presence lives where the state does: in Redis when the backend is Redis's (every process sees it).
  const presence =
    o.presence ??
    (backend instanceof RedisBackend
      ? new RedisPresence({ redis: backend.redis, pubsub, prefix: backend.prefix, log: o.log })
      : new MemoryPresence(pubsub, o.log));
  const idle = o.hibernateAfterMs === false ? undefined : new IdleViews(o.hibernateAfterMs);
  const templates = new TemplateRenderer([...o.templateDirs], { watch: o.watchTemplates });
  // live_form / live_field, and the preset the JSX form helpers read while a view renders.
  installFormHelpers(templates, o.formPreset);
  return {
    templates,
    backend,
    pubsub,
    presence,
    stateTtlMs: o.stateTtlMs,
    sessionTtlMs: o.sessionTtlMs,
    sessions: new SessionRegistry(backend, o.sessionTtlMs, o.log, pubsub),
    views: new JoinedViews(),
    idle,
    debug: o.debug,
    log: o.log,
    // eventSecurity "warn"/"open": unknown events logged (and, "open", answered empty); "strict": logged in
    // development (debug) only, refused the same way.
    unknownEvents: unknownEventsFor(o.eventSecurity, o.debug, (m) => o.log(m)),
    async close() {
      idle?.close();
      await presence.close();
      await pubsub.close();
      await backend.close();
    },
  };
}
