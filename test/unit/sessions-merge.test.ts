/**
 * Two processes' session registries on one backend and one PubSub: a change is applied in the other process's
 * session object and its holders are told; changes to different keys made at the same moment both survive.
 */
import { describe, expect, it } from "vitest";
import { MemoryBackend, MemoryPubSub } from "rein";
import { sessionKey, SessionRegistry } from "../../src/session/sessions.ts";
import { deserialize } from "../../src/state/serialize.ts";

const tick = () => new Promise((r) => setTimeout(r, 10));

describe("sessions across processes", () => {
  it("applies the other process's keys in place and tells the holders", async () => {
    const backend = new MemoryBackend();
    const pubsub = new MemoryPubSub();
    const a = new SessionRegistry(backend, 60_000, () => {}, pubsub);
    const b = new SessionRegistry(backend, 60_000, () => {}, pubsub);
    let told = 0;
    const sa = await a.acquire("s1");
    const sb = await b.acquire("s1", () => told++);
    const objectOfB = sb.data;
    sa.data["theme"] = "dark";
    await a.save(sa);
    await tick();
    expect(sb.data).toBe(objectOfB);
    expect(sb.data).toEqual({ theme: "dark" });
    expect(told).toBe(1);
  });

  it("changes to different keys made at the same moment in two processes both survive", async () => {
    const backend = new MemoryBackend();
    const pubsub = new MemoryPubSub();
    const a = new SessionRegistry(backend, 60_000, () => {}, pubsub);
    const b = new SessionRegistry(backend, 60_000, () => {}, pubsub);
    const sa = await a.acquire("s2");
    const sb = await b.acquire("s2");
    sa.data["cart"] = ["apple"];
    sb.data["theme"] = "dark";
    await Promise.all([a.save(sa), b.save(sb)]); // neither has heard of the other yet
    await tick();
    expect(sa.data).toEqual({ cart: ["apple"], theme: "dark" });
    expect(sb.data).toEqual({ cart: ["apple"], theme: "dark" });
    expect(deserialize(String(await backend.get(sessionKey("s2"))))).toEqual({ cart: ["apple"], theme: "dark" });
  });
});
