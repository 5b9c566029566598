/**
 * The owner's side of a key shared across processes: it holds the key's lease (renewed while the host lives,
 * released when it stops) and takes the replicas' requests on the key's topic, running each on the host with the
 * {@link RemoteChannel} of the browser that made it. Requests that come while the host is being created wait for it.
 * @module
 */
import type { LeaseBackend } from "../state/backend.ts";
import type { PubSub } from "../state/pubsub.ts";
import { type ClusterRequest, fromBase64, LEASE_RENEW_MS, LEASE_TTL_MS, leaseKey, parseMessage, replyTopic, REQUESTS, requestTopic } from "./cluster.ts";
import type { ObjectHost } from "./host.ts";
import { RemoteChannel } from "./remote-channel.ts";

/** What an owner link needs. */
export interface OwnerLinkDeps {
  readonly backend: LeaseBackend;
  readonly pubsub: PubSub;
  /** The registry's process id: the lease's owner. */
  readonly processId: string;
  readonly log: (message: string, err?: unknown) => void;
}

/** The lease and request topic of one owned key. */
export class OwnerLink {
  readonly storageKey: string;
  readonly #deps: OwnerLinkDeps;
  readonly #remotes = new Map<string, RemoteChannel>();
  readonly #listener = (payload: string): void => this.#receive(payload);
  #host: ObjectHost | undefined;
  #waiting: ClusterRequest[] | undefined = [];
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  private constructor(storageKey: string, deps: OwnerLinkDeps) {
    this.storageKey = storageKey;
    this.#deps = deps;
  }

  /**
   * Subscribes to the key's requests (before the lease is claimed, so none is missed); they wait for {@link serve}.
   * @throws pubsub errors.
   */
  static async listen(storageKey: string, deps: OwnerLinkDeps): Promise<OwnerLink> {
    const link = new OwnerLink(storageKey, deps);
    await deps.pubsub.subscribe(requestTopic(storageKey), link.#listener);
    return link;
  }

  /** Runs the waiting requests and those to come on `host`, and renews the lease; `lost` when it could not. */
  serve(host: ObjectHost, lost: () => void): void {
    this.#host = host;
    const waiting = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const r of waiting) this.#run(host, r);
    this.#timer = setInterval(() => {
      void this.#deps.backend.renew(leaseKey(this.storageKey), this.#deps.processId, LEASE_TTL_MS).then(
        (held) => held || this.#stopped || lost(),
        (err: unknown) => this.#deps.log(`synced object ${this.storageKey}: renewing its lease failed`, err),
      );
    }, LEASE_RENEW_MS);
    this.#timer.unref();
  }

  /** Stops taking requests and releases the lease (when `release`: it was claimed). Never rejects. */
  async stop(release: boolean): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#deps.pubsub.unsubscribe(requestTopic(this.storageKey), this.#listener).catch(() => {});
    if (release) {
      await this.#deps.backend.release(leaseKey(this.storageKey), this.#deps.processId).catch((err: unknown) =>
        this.#deps.log(`synced object ${this.storageKey}: releasing its lease failed`, err),
      );
    }
  }

  #receive(payload: string): void {
    const r = parseMessage<ClusterRequest>(payload, REQUESTS);
    if (!r || typeof r.p !== "string" || typeof r.c !== "string" || this.#stopped) return;
    if (this.#waiting) this.#waiting.push(r);
    else if (this.#host) this.#run(this.#host, r);
  }

  #run(host: ObjectHost, r: ClusterRequest): void {
    const id = `${r.p}/${r.c}`;
    const a = r.a;
    if (r.m === "attach") {
      const topic = replyTopic(r.p);
      const publish = (text: string): void => {
        this.#deps.pubsub.publish(topic, text).catch((err: unknown) => this.#deps.log(`synced object ${this.storageKey}: replying failed`, err));
      };
      const channel = new RemoteChannel(r.c, typeof r.o === "string" ? r.o : "", publish);
      this.#remotes.get(id)?.close();
      this.#remotes.set(id, channel);
      return host.attach(channel, typeof a[0] === "number" ? a[0] : 0);
    }
    const channel = this.#remotes.get(id);
    if (!channel) return;
    const ref = typeof a[0] === "number" ? a[0] : 0;
    const name = typeof a[1] === "string" ? a[1] : "";
    switch (r.m) {
      case "detach":
        this.#remotes.delete(id);
        channel.close();
        return host.detach(channel);
      case "resync":
        return host.resync(channel);
      case "patch":
        return host.patch(channel, ref, typeof a[1] === "number" ? a[1] : 0, a[2]);
      case "action":
        return host.action(channel, ref, name, a[2], r.bin === undefined ? undefined : fromBase64(r.bin));
      case "startTask":
        return host.startTask(channel, ref, name, a[2]);
      case "cancelTask":
        return host.cancelTask(channel, ref, name);
    }
  }
}
