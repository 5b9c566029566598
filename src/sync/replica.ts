/**
 * A synced object owned by another process, as this process's browsers hold it: every request of their channels
 * is forwarded to the owner on the key's topic, and what the owner's host sends to them comes back on this
 * process's reply topic ({@link Replies}), in the order the host sent it. The replica checks the owner's lease
 * every {@link LEASE_RENEW_MS}: when the owner is gone (or tells so: `moved`), every channel is told to join again,
 * which claims the key anew and loads its stored state.
 * @module
 */
import type { ErrorCode } from "../protocol/frames.ts";
import type { JsonPatchOp, JsonValue, ToastType } from "../protocol/sync.ts";
import type { LeaseBackend } from "../state/backend.ts";
import type { PubSub } from "../state/pubsub.ts";
import { type ClusterReply, type ClusterRequest, fromBase64, LEASE_RENEW_MS, LEASE_TTL_MS, leaseKey, parseMessage, replyTopic, REPLIES, requestTopic, toBase64 } from "./cluster.ts";
import type { ObjectDefinition } from "./definition.ts";
import type { HostedChannel, LiveObject } from "./host.ts";

/** The reply topic of one registry: replies routed to the channel they are for, by its id. */
export class Replies {
  readonly processId: string;
  readonly #pubsub: PubSub;
  readonly #targets = new Map<string, (reply: ClusterReply) => void>();
  readonly #listener = (payload: string): void => {
    const reply = parseMessage<ClusterReply>(payload, REPLIES);
    if (reply && typeof reply.c === "string") this.#targets.get(reply.c)?.(reply);
  };
  #subscribed: Promise<void> | undefined;
  #next = 0;

  constructor(pubsub: PubSub, processId: string) {
    this.#pubsub = pubsub;
    this.processId = processId;
  }

  /** Resolves once replies reach this process. @throws pubsub errors (as a rejection; the next call tries again). */
  ready(): Promise<void> {
    this.#subscribed ??= this.#pubsub.subscribe(replyTopic(this.processId), this.#listener).catch((err: unknown) => {
      this.#subscribed = undefined;
      throw err;
    });
    return this.#subscribed;
  }

  /** Routes the replies for a new channel id to `target`; returns the id. */
  add(target: (reply: ClusterReply) => void): string {
    const id = String(++this.#next);
    this.#targets.set(id, target);
    return id;
  }

  /** Forgets a channel id. */
  delete(id: string): void {
    this.#targets.delete(id);
  }

  /** Ends the subscription. */
  async close(): Promise<void> {
    this.#targets.clear();
    if (this.#subscribed) await this.#pubsub.unsubscribe(replyTopic(this.processId), this.#listener).catch(() => {});
    this.#subscribed = undefined;
  }
}

/** What a replica needs from its registry. */
export interface ReplicaDeps {
  readonly backend: LeaseBackend;
  readonly pubsub: PubSub;
  readonly replies: Replies;
  readonly log: (message: string, err?: unknown) => void;
  /** Called once when the replica stops: no browser left, or the owner went away. */
  readonly gone: (replica: ObjectReplica) => void;
}

/** One key owned elsewhere, and this process's browsers holding it. */
export class ObjectReplica implements LiveObject {
  readonly definition: ObjectDefinition;
  readonly storageKey: string;
  /** The owner's process id. */
  readonly owner: string;
  readonly #deps: ReplicaDeps;
  readonly #ids = new Map<HostedChannel, string>();
  readonly #timer: NodeJS.Timeout;
  #stopped = false;

  /** Starts checking the owner's lease; call {@link Replies.ready} first. */
  constructor(definition: ObjectDefinition, storageKey: string, owner: string, deps: ReplicaDeps) {
    this.definition = definition;
    this.storageKey = storageKey;
    this.owner = owner;
    this.#deps = deps;
    this.#timer = setInterval(() => void this.#check(), LEASE_RENEW_MS);
    this.#timer.unref();
  }

  attach(channel: HostedChannel, version: number): void {
    if (this.#stopped) return this.#moved(channel);
    const id = this.#deps.replies.add((reply) => this.#deliver(channel, reply));
    this.#ids.set(channel, id);
    this.#send(channel, "attach", [version]);
  }

  detach(channel: HostedChannel): void {
    const id = this.#ids.get(channel);
    if (id === undefined) return;
    this.#send(channel, "detach", []);
    this.#ids.delete(channel);
    this.#deps.replies.delete(id);
    if (this.#ids.size === 0) this.#stop();
  }

  resync(channel: HostedChannel): void {
    this.#send(channel, "resync", []);
  }

  patch(channel: HostedChannel, ref: number, base: number, ops: unknown): void {
    this.#send(channel, "patch", [ref, base, ops as JsonValue]);
  }

  action(channel: HostedChannel, ref: number, name: string, params: unknown, binary?: Uint8Array): void {
    this.#send(channel, "action", [ref, name, params as JsonValue], binary);
  }

  startTask(channel: HostedChannel, ref: number, name: string, params: unknown): void {
    this.#send(channel, "startTask", [ref, name, params as JsonValue]);
  }

  cancelTask(channel: HostedChannel, ref: number, name: string): void {
    this.#send(channel, "cancelTask", [ref, name]);
  }

  #send(channel: HostedChannel, m: ClusterRequest["m"], a: JsonValue[], binary?: Uint8Array): void {
    const c = this.#ids.get(channel);
    if (c === undefined) return channel.error(typeof a[0] === "number" && m !== "attach" ? a[0] : 0, "not_joined", "the object is not open");
    const request: ClusterRequest = { p: this.#deps.replies.processId, c, m, a };
    if (m === "attach") request.o = channel.origin;
    if (binary) request.bin = toBase64(binary);
    this.#deps.pubsub.publish(requestTopic(this.storageKey), JSON.stringify(request)).catch((err: unknown) => {
      this.#deps.log(`synced object ${this.storageKey}: forwarding to its owner failed`, err);
      if (m !== "detach" && m !== "attach" && m !== "resync") channel.error(typeof a[0] === "number" ? a[0] : 0, "handler_error", "the object's owner is unreachable");
    });
  }

  /** Hands a reply of the owner to the channel it is for. */
  #deliver(channel: HostedChannel, reply: ClusterReply): void {
    const a = reply.a;
    const num = (i: number): number => (typeof a[i] === "number" ? (a[i] as number) : 0);
    const ref = typeof a[2] === "number" ? a[2] : undefined;
    switch (reply.m) {
      case "snapshot":
        return ref === undefined ? channel.snapshot(num(0), a[1] as { [field: string]: JsonValue }) : channel.snapshot(num(0), a[1] as { [field: string]: JsonValue }, ref);
      case "delta":
        return ref === undefined ? channel.delta(num(0), a[1] as JsonPatchOp[]) : channel.delta(num(0), a[1] as JsonPatchOp[], ref);
      case "answer":
        return channel.answer(num(0), a[1] ?? null);
      case "error":
        return channel.error(num(0), a[1] as ErrorCode, String(a[2]));
      case "toast":
        return channel.toast(a[0] as ToastType, String(a[1]));
      case "binary":
        return channel.binary(a[0] as { [key: string]: JsonValue }, fromBase64(reply.bin ?? ""));
      case "moved":
        return this.#ownerGone();
    }
  }

  /** Whether the owner still holds the lease; when not, the browsers join again. */
  async #check(): Promise<void> {
    if (this.#stopped) return;
    const key = leaseKey(this.storageKey);
    const me = this.#deps.replies.processId;
    try {
      const holder = await this.#deps.backend.claim(key, me, LEASE_TTL_MS);
      if (holder === this.owner) return;
      if (holder === me) await this.#deps.backend.release(key, me); // the next open claims it, with the stored state
      this.#ownerGone();
    } catch (err) {
      this.#deps.log(`synced object ${this.storageKey}: checking its owner failed`, err);
    }
  }

  /** The owner went away: every channel is told to join again. */
  #ownerGone(): void {
    const channels = [...this.#ids.keys()];
    this.#stop();
    for (const channel of channels) this.#moved(channel);
  }

  #moved(channel: HostedChannel): void {
    if (channel.moved) channel.moved();
    else channel.error(0, "join_failed", "the object moved: join again");
  }

  /** Stops without telling the browsers (server shutdown: their sockets close). */
  stop(): void {
    this.#stop();
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const id of this.#ids.values()) this.#deps.replies.delete(id);
    this.#ids.clear();
    this.#deps.gone(this);
  }
}
