/**
 * `ObjectClient` (rein/testing): a synced object in process, held as a browser holds it. Its state is rebuilt
 * from the frames, so a test of an action checks what the browser would show.
 */
import { describe, expect, it } from "vitest";
import { ObjectClient } from "rein/testing";
import { TestBoard, type Card } from "../fixtures/board-object.ts";

type BoardState = { title: string; cards: Card[]; imported: number; runningTasks: string[] };

describe("ObjectClient", () => {
  it("opens an object (mount ran), calls actions, and holds the state the frames built", async () => {
    const board = await ObjectClient.open<typeof TestBoard, BoardState>(TestBoard, "board/7");
    expect(board.state.title).toBe("Board 7");
    expect(await board.action("addCard", { title: "Write docs" })).toBe("c1");
    expect(board.state.cards.map((c) => c.title)).toEqual(["Write docs"]);
    expect(board.object.cards[0]!.title).toBe("Write docs"); // the server's instance, typed
    expect(board.version).toBe(2);
    await board.close();
  });

  it("rejects refused patches and failing actions with their code; the state is unchanged", async () => {
    const board = await ObjectClient.open<typeof TestBoard, BoardState>(TestBoard, "board/8");
    await expect(board.patch([{ op: "replace", path: "/title", value: "x".repeat(61) }])).rejects.toMatchObject({ code: "bad_patch" });
    await expect(board.action("failAfterChange")).rejects.toMatchObject({ code: "handler_error" });
    expect(board.state.title).toBe("Board 8");
    expect(await board.patch([{ op: "replace", path: "/title", value: "Renamed" }])).toBe(2);
    expect(board.state.title).toBe("Renamed");
    await board.close();
  });

  it("runs tasks, receives toasts and binary data, and is refused keys authorize refuses", async () => {
    const board = await ObjectClient.open<typeof TestBoard, BoardState>(TestBoard, "board/9");
    expect(await board.startTask("importCards", { count: 20 })).toBe(20);
    expect(board.state.imported).toBe(20);
    await board.action("hello");
    expect(board.toasts).toEqual([{ type: "success", message: "hello you" }]);
    expect(await board.sendBinary("upload", { name: "a.bin" }, new Uint8Array([1, 2]))).toBe(2);
    expect(board.binary.map((b) => [b.meta, [...b.bytes]])).toEqual([[{ echo: "a.bin" }, [1, 2]]]);
    await board.close();
    await expect(ObjectClient.open(TestBoard, "board/secret")).rejects.toMatchObject({ code: "unauthorized" });
  });
});
