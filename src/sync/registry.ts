/**
 * The synced object classes a server offers, and the objects live in this process by key. Opening a key finds
 * its class by pattern, asks the class's `authorize`, then attaches the browser to the one live host of that key
 * (creating it from storage or `mount` on first use; concurrent first opens share one creation).
 * @module
 */
import type { StateBackend } from "../state/backend.ts";
import { defineObject, type ObjectDefinition } from "./definition.ts";
import { ObjectHost } from "./host.ts";
import type { SyncedClass, SyncRequest } from "./synced-object.ts";

/** Options of {@link ObjectRegistry}. */
export interface ObjectRegistryOptions {
  readonly backend: StateBackend;
  /** How long an object's stored state lives after its last write, in ms. */
  readonly ttlMs: number;
  readonly log: (message: string, err?: unknown) => void;
  readonly debug: boolean;
}

/** Why an open was refused. */
export class OpenRefusal {
  constructor(
    readonly code: "join_failed" | "unauthorized",
    readonly message: string,
  ) {}
}

/**
 * What a browser asks to open: the key, and who it is (the params are found by the registry; the session data may
 * still be loading).
 */
export type OpenRequest = Omit<SyncRequest, "params" | "session"> & {
  readonly session: Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>;
};

/** The synced objects of one server. */
export class ObjectRegistry {
  readonly #definitions: ObjectDefinition[];
  readonly #hosts = new Map<string, Promise<ObjectHost>>();
  readonly #options: ObjectRegistryOptions;

  /** @throws TypeError when a class is not a valid synced object (see `defineObject`), or two share a key pattern. */
  constructor(classes: readonly SyncedClass[], options: ObjectRegistryOptions) {
    this.#definitions = classes.map(defineObject);
    const seen = new Set<string>();
    for (const d of this.#definitions) {
      if (seen.has(d.pattern.source)) throw new TypeError(`objects: two classes have the key pattern ${JSON.stringify(d.pattern.source)}`);
      seen.add(d.pattern.source);
    }
    this.#options = options;
  }

  /** Whether any class is offered. */
  get size(): number {
    return this.#definitions.length;
  }

  /** The live host of a storage key, if it is loaded (for tests and tools). */
  loaded(key: string, sessionId?: string): Promise<ObjectHost> | undefined {
    for (const d of this.#definitions) if (d.pattern.match(key)) return this.#hosts.get(storageKey(d, key, sessionId ?? ""));
    return undefined;
  }

  /**
   * Finds, authorizes and loads the object of `request.key`.
   * @returns its host, or why not (no class matches, `authorize` said no or threw, creation failed).
   */
  async open(request: OpenRequest): Promise<ObjectHost | OpenRefusal> {
    let definition: ObjectDefinition | undefined;
    let params: Record<string, string> | undefined;
    for (const d of this.#definitions) {
      params = d.pattern.match(request.key);
      if (params) {
        definition = d;
        break;
      }
    }
    if (!definition || !params) return new OpenRefusal("join_failed", `no synced object has the key ${JSON.stringify(request.key)}`);
    let full: SyncRequest;
    try {
      full = { ...request, params, session: await request.session };
    } catch (err) {
      this.#options.log(`synced object ${request.key}: reading the browser session failed`, err);
      return new OpenRefusal("join_failed", `could not open ${JSON.stringify(request.key)}`);
    }
    try {
      if (definition.authorize && !(await definition.authorize(full))) {
        return new OpenRefusal("unauthorized", `not allowed to open ${JSON.stringify(request.key)}`);
      }
    } catch (err) {
      this.#options.log(`synced object ${request.key}: authorize threw`, err);
      return new OpenRefusal("unauthorized", `not allowed to open ${JSON.stringify(request.key)}`);
    }
    const key = storageKey(definition, request.key, request.sessionId);
    let host = this.#hosts.get(key);
    if (!host) {
      host = ObjectHost.create(definition, key, full, {
        backend: this.#options.backend,
        ttlMs: this.#options.ttlMs,
        log: this.#options.log,
        debug: this.#options.debug,
        evicted: (h) => {
          if (this.#hosts.get(h.storageKey) === created) this.#hosts.delete(h.storageKey);
        },
      });
      const created = host;
      this.#hosts.set(key, host);
      host.catch(() => this.#hosts.delete(key));
    }
    try {
      return await host;
    } catch (err) {
      this.#options.log(`synced object ${request.key}: creating it failed`, err);
      return new OpenRefusal("join_failed", `could not open ${JSON.stringify(request.key)}`);
    }
  }

  /** Stores every live object and stops them (server shutdown). */
  async close(): Promise<void> {
    const hosts = [...this.#hosts.values()];
    this.#hosts.clear();
    await Promise.all(hosts.map(async (h) => (await h.catch(() => undefined))?.close()));
  }
}

/** The backend key of an object: `o:<key>`, or `o:<session id>/<key>` for a per-session object. */
function storageKey(definition: ObjectDefinition, key: string, sessionId: string): string {
  return definition.scope === "session" ? `o:${sessionId}/${key}` : `o:${key}`;
}
