/**
 * A browser of another process, as the owner's host sees it: every call the host makes on it is published on
 * that process's reply topic, where its replica hands it to the browser's channel (see `cluster.ts`).
 * @module
 */
import type { ErrorCode } from "../protocol/frames.ts";
import type { JsonPatchOp, JsonValue, ToastType } from "../protocol/sync.ts";
import { type ClusterReply, toBase64 } from "./cluster.ts";
import type { HostedChannel } from "./host.ts";

/** One browser channel of a replica, held by the owner's host. */
export class RemoteChannel implements HostedChannel {
  readonly origin: string;
  /** The replica's channel id. */
  readonly id: string;
  readonly #publish: (payload: string) => void;
  #open = true;

  /** @param publish - sends a payload to the replica's process (in call order). */
  constructor(id: string, origin: string, publish: (payload: string) => void) {
    this.id = id;
    this.origin = origin;
    this.#publish = publish;
  }

  get open(): boolean {
    return this.#open;
  }

  /** The replica's browser left: nothing is sent any more. */
  close(): void {
    this.#open = false;
  }

  snapshot(version: number, state: { [field: string]: JsonValue }, ref?: number): void {
    this.#send("snapshot", ref === undefined ? [version, state] : [version, state, ref]);
  }

  delta(version: number, ops: JsonPatchOp[], ref?: number, opsJson?: string): void {
    if (!this.#open) return;
    const ops_ = opsJson ?? JSON.stringify(ops);
    this.#publish(`{"c":${JSON.stringify(this.id)},"m":"delta","a":[${version},${ops_}${ref === undefined ? "" : `,${ref}`}]}`);
  }

  answer(ref: number, result: JsonValue): void {
    this.#send("answer", [ref, result]);
  }

  error(ref: number, code: ErrorCode, message: string): void {
    this.#send("error", [ref, code, message]);
  }

  toast(type: ToastType, message: string): void {
    this.#send("toast", [type, message]);
  }

  binary(meta: { [key: string]: JsonValue }, bytes: Uint8Array): void {
    this.#send("binary", [meta], toBase64(bytes));
  }

  moved(): void {
    this.#send("moved", []);
    this.#open = false;
  }

  #send(m: ClusterReply["m"], a: JsonValue[], bin?: string): void {
    if (!this.#open) return;
    const reply: ClusterReply = bin === undefined ? { c: this.id, m, a } : { c: this.id, m, a, bin };
    this.#publish(JSON.stringify(reply));
  }
}
