/**
 * The synced object classes a server offers, and the objects live in this process by key. Opening a key finds
 * its class by pattern, asks the class's `authorize`, then attaches the browser to the one live host of that key
 * (creating it from storage or `mount` on first use; concurrent first opens share one creation).
 *
 * Processes sharing a backend with leases and a shared pubsub (Redis) share objects: the first to open a key
 * claims its lease and runs its host (`owner-link.ts` takes the other processes' requests); the others open a
 * replica of it (`replica.ts`). On a local backend, every key is hosted here.
 * @module
 */
import { randomUUID } from "node:crypto";
import { hasLeases, type LeaseBackend, type StateBackend } from "../state/backend.ts";
import { MemoryPubSub } from "../state/memory-pubsub.ts";
import type { PubSub } from "../state/pubsub.ts";
import { LEASE_TTL_MS, leaseKey } from "./cluster.ts";
import { defineObject, type ObjectDefinition } from "./definition.ts";
import { type HostDeps, type LiveObject, ObjectHost } from "./host.ts";
import { OwnerLink } from "./owner-link.ts";
import { ObjectReplica, Replies } from "./replica.ts";
import type { SyncedClass, SyncRequest } from "./synced-object.ts";

/** Options of {@link ObjectRegistry}. */
export interface ObjectRegistryOptions {
  readonly backend: StateBackend;
  /** How long an object's stored state lives after its last write, in ms. */
  readonly ttlMs: number;
  readonly log: (message: string, err?: unknown) => void;
  readonly debug: boolean;
  /** What processes share besides the backend: with a shared one (not a `MemoryPubSub`), objects are shared live. */
  readonly pubsub?: PubSub;
}

/** The cluster wiring of a registry whose objects are shared by processes. */
interface Cluster {
  readonly backend: LeaseBackend;
  readonly pubsub: PubSub;
  readonly processId: string;
  readonly replies: Replies;
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
  /** The live objects by storage key: hosts, and replicas of objects owned by other processes. */
  readonly #objects = new Map<string, Promise<LiveObject>>();
  /** The owner links of the hosts this registry owns in a cluster. */
  readonly #links = new Map<ObjectHost, OwnerLink>();
  readonly #options: ObjectRegistryOptions;
  readonly #cluster: Cluster | undefined;

  /** @throws TypeError when a class is not a valid synced object (see `defineObject`), or two share a key pattern. */
  constructor(classes: readonly SyncedClass[], options: ObjectRegistryOptions) {
    this.#definitions = classes.map(defineObject);
    const seen = new Set<string>();
    for (const d of this.#definitions) {
      if (seen.has(d.pattern.source)) throw new TypeError(`objects: two classes have the key pattern ${JSON.stringify(d.pattern.source)}`);
      seen.add(d.pattern.source);
    }
    this.#options = options;
    const { backend, pubsub } = options;
    if (hasLeases(backend) && pubsub && !(pubsub instanceof MemoryPubSub)) {
      const processId = randomUUID();
      this.#cluster = { backend, pubsub, processId, replies: new Replies(pubsub, processId) };
    }
  }

  /** Whether any class is offered. */
  get size(): number {
    return this.#definitions.length;
  }

  /** The live host of a storage key, if it is loaded (for tests and tools). */
  loaded(key: string, sessionId?: string): Promise<ObjectHost> | undefined {
    for (const d of this.#definitions) {
      if (!d.pattern.match(key)) continue;
      return this.#objects.get(storageKey(d, key, sessionId ?? ""))?.then((o) => {
        if (o instanceof ObjectHost) return o;
        throw new Error(`${key} is owned by another process`);
      });
    }
    return undefined;
  }

  /**
   * Finds, authorizes and loads the object of `request.key`.
   * @returns its host (or, when another process owns it, a replica), or why not (no class matches, `authorize`
   * said no or threw, creation failed).
   */
  async open(request: OpenRequest): Promise<LiveObject | OpenRefusal> {
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
    try {
      return await (this.#objects.get(key) ?? this.#load(definition, key, full));
    } catch (err) {
      this.#options.log(`synced object ${request.key}: creating it failed`, err);
      return new OpenRefusal("join_failed", `could not open ${JSON.stringify(request.key)}`);
    }
  }

  /** Stores every live object and stops them (server shutdown); other processes' browsers of them join again. */
  async close(): Promise<void> {
    const objects = [...this.#objects.values()];
    this.#objects.clear();
    await Promise.all(
      objects.map(async (p) => {
        const object = await p.catch(() => undefined);
        if (object instanceof ObjectReplica) return object.stop();
        if (!(object instanceof ObjectHost)) return;
        if (this.#links.has(object)) return this.#retire(object);
        await object.close();
      }),
    );
    await this.#cluster?.replies.close();
  }

  /** Creates the object of `key`: its host, or (shared, and another process holds its lease) a replica. */
  #load(definition: ObjectDefinition, key: string, full: SyncRequest): Promise<LiveObject> {
    const forget = (): void => {
      if (this.#objects.get(key) === created) this.#objects.delete(key);
    };
    const deps: HostDeps = {
      backend: this.#options.backend,
      ttlMs: this.#options.ttlMs,
      log: this.#options.log,
      debug: this.#options.debug,
      evicted: (h) => {
        forget();
        void this.#links.get(h)?.stop(true);
        this.#links.delete(h);
      },
    };
    const cluster = this.#cluster;
    const created: Promise<LiveObject> = cluster ? this.#claim(cluster, definition, key, full, deps, forget) : ObjectHost.create(definition, key, full, deps);
    this.#objects.set(key, created);
    created.catch(forget);
    return created;
  }

  /**
   * Claims the lease of `key`: owned, the host is created and also serves the other processes' browsers; held by
   * another process, a replica of it. `forget` drops it from the live objects (the replica stopped, the lease was
   * lost).
   */
  async #claim(cluster: Cluster, definition: ObjectDefinition, key: string, full: SyncRequest, deps: HostDeps, forget: () => void): Promise<LiveObject> {
    const link = await OwnerLink.listen(key, { ...cluster, log: this.#options.log });
    let owner: string;
    try {
      owner = await cluster.backend.claim(leaseKey(key), cluster.processId, LEASE_TTL_MS);
    } catch (err) {
      await link.stop(false);
      throw err;
    }
    if (owner !== cluster.processId) {
      await link.stop(false);
      await cluster.replies.ready();
      return new ObjectReplica(definition, key, owner, { ...cluster, log: this.#options.log, gone: forget });
    }
    let host: ObjectHost;
    try {
      host = await ObjectHost.create(definition, key, full, deps);
    } catch (err) {
      await link.stop(true);
      throw err;
    }
    this.#links.set(host, link);
    link.serve(host, () => {
      forget(); // (the lease was lost: the next open claims it again)
      void this.#retire(host);
    });
    return host;
  }

  /**
   * Stops an owned host: its state is stored, its lease released, then every browser holding it (here and in
   * other processes) is told to join again.
   */
  async #retire(host: ObjectHost): Promise<void> {
    const link = this.#links.get(host);
    this.#links.delete(host);
    await host.close().catch((err: unknown) => this.#options.log(`synced object ${host.storageKey}: storing failed`, err));
    await link?.stop(true);
    for (const channel of host.channels) {
      if (channel.moved) channel.moved();
      else channel.error(0, "join_failed", "the object moved: join again");
    }
  }
}

/** The backend key of an object: `o:<key>`, or `o:<session id>/<key>` for a per-session object. */
function storageKey(definition: ObjectDefinition, key: string, sessionId: string): string {
  return definition.scope === "session" ? `o:${sessionId}/${key}` : `o:${key}`;
}
