/**
 * Synced objects shared live by two processes on one Redis (two apps, each with its own connections): the first
 * to open a key owns it, the other forwards to it as a replica; both processes' browsers see the same versions.
 * When the owner goes away, the replica's browsers are told to join again and get the stored state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisBackend } from "rein";
import { encodeBinary } from "../../src/protocol/sync.ts";
import { is, ObjectSocket } from "../helpers/object-socket.ts";
import { hasRedis, startRedis, type TestRedis } from "../helpers/redis.ts";
import { startRedisApp } from "../helpers/redis-app.ts";

describe.skipIf(!hasRedis)("synced objects shared by processes", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  const start = () => startRedisApp(redis.url);

  it("one owner per key: changes reach every process's browsers; the owner leaving moves the key", async () => {
    const one = await start();
    const two = await start();
    const a = await ObjectSocket.open(one.srv.url);
    const b = await ObjectSocket.open(two.srv.url);
    const snapA = await a.join(1, "board/shared", 0, "oa");
    const snapB = await b.join(1, "board/shared", 0, "ob");
    expect(snapB[0]).toBe("S");
    expect(snapB[2]).toBe(snapA[2]);
    expect(snapB[3]).toEqual(snapA[3]);
    const v0 = snapA[2] as number;

    // An action on the replica: its answer there, the delta on the owner's socket with the same version.
    const onA = a.next(is("D", 1));
    const onB = b.next(is("D", 1));
    expect(await b.call(["e", 1, "addCard", { title: "from two" }])).toEqual(["A", 1, expect.any(Number), "c1"]);
    const [dA, dB] = await Promise.all([onA, onB]);
    expect(dA[2]).toBe(v0 + 1);
    expect(dB[2]).toBe(v0 + 1);
    expect(dA[3]).toEqual(dB[3]);

    // A patch on the owner reaches the replica; a patch on the replica is acknowledged there by its ref.
    const seenB = b.next((f) => is("D", 1)(f) && (f as unknown[])[2] === v0 + 2);
    a.send(["o", 1, 7, v0 + 1, [{ op: "replace", path: "/title", value: "Shared" }]]);
    expect((await seenB)[3]).toEqual([{ op: "replace", path: "/title", value: "Shared" }]);
    const ackB = b.next((f) => is("D", 1)(f) && (f as unknown[])[4] === 8);
    const seenA = a.next((f) => is("D", 1)(f) && (f as unknown[])[2] === v0 + 3);
    b.send(["o", 1, 8, v0 + 2, [{ op: "replace", path: "/cards/0/votes", value: 3 }]]);
    expect((await ackB)[2]).toBe(v0 + 3);
    expect((await seenA)[4]).toBeUndefined();

    // A patch the schema refuses, from the replica: its error there.
    const refused = await b.call(["o", 1, v0 + 3, [{ op: "replace", path: "/cards/0/votes", value: -1 }]]);
    expect(refused.slice(0, 4)).toEqual(["x", 1, expect.any(Number), "bad_patch"]);

    // A task started on the replica reports its result there.
    expect(await b.call(["k", 1, "importCards", { count: 20 }])).toEqual(["A", 1, expect.any(Number), 20]);

    // Binary data through the replica, echoed back to it; a toast of the owner's action reaches it too.
    const echo = b.next<{ header: unknown; bytes: Uint8Array }>((f) => !Array.isArray(f));
    const answered = b.next((f) => is("A", 1)(f) && (f as unknown[])[2] === 77);
    b.ws.send(encodeBinary(["b", 1, 77, "upload", { name: "pic.png" }], new Uint8Array([1, 2, 3, 250])));
    expect((await echo).header).toEqual(["b", 1, { echo: "pic.png" }]);
    expect([...(await echo).bytes]).toEqual([1, 2, 3, 250]);
    expect((await answered)[3]).toBe(4);
    const toast = b.next(is("M", 1));
    await b.call(["e", 1, "hello", {}]);
    expect(await toast).toEqual(["M", 1, "success", "hello you"]);

    // The owner's app goes away: its state is stored, the lease released, the replica's browser told to join again. goes away: its state is stored, the lease released, the replica's browser told to join again)
    const closed = new Promise<void>((resolve) => b.ws.once("close", () => resolve()));
    const told = b.next((f) => is("x", 1)(f) && (f as unknown[])[2] === 0);
    a.close();
    await one.srv.close();
    expect((await told)[3]).toBe("join_failed");
    await closed;

    const b2 = await ObjectSocket.open(two.srv.url);
    const again = await b2.join(1, "board/shared", (dB[2] as number) + 3, "ob");
    expect(again[0]).toBe("S");
    expect(again[3]).toMatchObject({ title: "Shared", imported: 20, cards: [{ id: "c1", title: "from two", votes: 3 }] });
    // Now owned by process two: changes work.
    expect(await b2.call(["e", 1, "addCard", { title: "after the move" }])).toEqual(["A", 1, expect.any(Number), "c2"]);
    b2.close();
    await two.srv.close();
  });

  it("a replica whose owner lost its lease (a crashed process) tells its browsers to join again", async () => {
    const one = await start();
    const two = await start();
    const a = await ObjectSocket.open(one.srv.url);
    const b = await ObjectSocket.open(two.srv.url);
    await a.join(1, "board/crash");
    await b.join(1, "board/crash");
    expect(await b.call(["e", 1, "addCard", { title: "kept" }])).toEqual(["A", 1, expect.any(Number), "c1"]);
    const raw = new RedisBackend({ url: redis.url, log: () => {} });
    await expect.poll(async () => JSON.parse((await raw.get("o:board/crash")) ?? "{}").s?.cards?.length, { timeout: 3000 }).toBe(1);
    // As if process one died: its lease is gone (it would expire), nothing is renewed or released.
    await raw.redis.del("rein:lease:o:board/crash");
    const told = b.next((f) => is("x", 1)(f) && (f as unknown[])[2] === 0, undefined, 8000);
    expect((await told)[3]).toBe("join_failed");
    const b2 = await ObjectSocket.open(two.srv.url);
    const again = await b2.join(1, "board/crash");
    expect(again[3]).toMatchObject({ cards: [{ id: "c1", title: "kept" }] });
    await raw.close();
    a.close();
    b2.close();
    await Promise.all([one.srv.close(), two.srv.close()]);
  }, 15_000);

  it("leases: claim, renew and release by their owner only", async () => {
    const backend = new RedisBackend({ url: redis.url, log: () => {} });
    expect(await backend.claim("lease:t", "p1", 5000)).toBe("p1");
    expect(await backend.claim("lease:t", "p2", 5000)).toBe("p1");
    expect(await backend.claim("lease:t", "p1", 5000)).toBe("p1");
    expect(await backend.renew("lease:t", "p2", 5000)).toBe(false);
    expect(await backend.renew("lease:t", "p1", 5000)).toBe(true);
    await backend.release("lease:t", "p2");
    expect(await backend.claim("lease:t", "p2", 5000)).toBe("p1");
    await backend.release("lease:t", "p1");
    expect(await backend.claim("lease:t", "p2", 5000)).toBe("p2");
    expect(await backend.renew("lease:t", "p1", 5000)).toBe(false);
    await backend.close();
  });
});
