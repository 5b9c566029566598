/**
 * The types of rein/react, checked by `tsc` (`npm run typecheck` covers test/): a setter takes only a field of the
 * state and a value of that field's type; a reducer's dispatch only its actions; the zustand middleware types
 * `store.sync`. The functions below are never called: only compiled.
 */
import type { Draft } from "immer";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createStore } from "zustand/vanilla";
import {
  synced, useObserved, useSynced, useSyncedReducer, useTask, type JsonValue, type RemoteObject,
  type SyncedStoreControls, type TaskHandle,
} from "../../src/react/index.ts";

// The shared module's way: the zod schema the server validates with, and its inferred type.
const BoardSchema = z.object({
  title: z.string(),
  cards: z.array(z.object({ id: z.string(), text: z.string(), done: z.boolean() })),
  archived: z.boolean().optional(),
});
type Board = z.infer<typeof BoardSchema>;

const initial: Board = { title: "", cards: [] };

function syncedTypes(): void {
  const board = useSynced<Board>("board", initial);
  expectTypeOf(board.state).toEqualTypeOf<Board>();
  expectTypeOf(board.ready).toEqualTypeOf<boolean>();
  expectTypeOf(board.remote).toEqualTypeOf<RemoteObject<Board>>();
  expectTypeOf(board.action).returns.toEqualTypeOf<Promise<JsonValue>>();

  board.set("title", "Sprint 12");
  board.set("cards", [{ id: "a", text: "x", done: false }]);
  board.set("archived", undefined); // optional field: removable
  // @ts-expect-error a misspelled field
  board.set("titel", "Sprint 12");
  // @ts-expect-error a wrong value type
  board.set("title", 12);
  // @ts-expect-error an item of the wrong shape
  board.set("cards", [{ id: "a", text: "x" }]);
  // @ts-expect-error action params are JSON objects
  void board.action("addCard", "text");

  // Without a type argument, T is the initial value's type.
  const counter = useSynced("counter", { count: 0 });
  counter.set("count", 1);
  // @ts-expect-error not a number
  counter.set("count", "1");

  const progress = useObserved("progress", { done: 0 });
  expectTypeOf(progress).toEqualTypeOf<Readonly<{ done: number }>>();

  expectTypeOf(useTask(board, "importCards")).toEqualTypeOf<TaskHandle>();
  expectTypeOf(useTask(board.remote, "importCards").result).toEqualTypeOf<JsonValue | undefined>();
}

type BoardAction = { type: "add"; text: string } | { type: "toggle"; index: number };

function reducerTypes(): void {
  const [state, dispatch, controls] = useSyncedReducer(
    "board",
    (draft: Draft<Board>, action: BoardAction) => {
      if (action.type === "add") draft.cards.push({ id: action.text, text: action.text, done: false });
      else draft.cards[action.index].done = !draft.cards[action.index].done;
    },
    initial,
    { autoSync: false },
  );
  expectTypeOf(state).toEqualTypeOf<Board>();
  expectTypeOf(controls.sync).toEqualTypeOf<() => void>();
  dispatch({ type: "add", text: "x" });
  // @ts-expect-error an unknown action
  dispatch({ type: "remove", index: 0 });
  // @ts-expect-error a wrong payload type
  dispatch({ type: "toggle", index: "0" });

  useSyncedReducer<Board, BoardAction>(
    "board",
    // @ts-expect-error a reducer may return a Board, not another shape
    () => ({ title: 1 }),
    initial,
  );
}

function zustandTypes(): void {
  const store = createStore<Board & { rename(title: string): void }>()(
    synced("board", (set) => ({ ...initial, rename: (title) => set({ title }) })),
  );
  expectTypeOf(store.sync).toEqualTypeOf<SyncedStoreControls>();
  expectTypeOf(store.getState().rename).toEqualTypeOf<(title: string) => void>();
  // @ts-expect-error zustand's own typing: not a field of the store
  store.setState({ titel: "x" });
}

describe("rein/react types", () => {
  it("compiles (checked by tsc; these functions never run)", () => {
    expectTypeOf(syncedTypes).toBeFunction();
    expectTypeOf(reducerTypes).toBeFunction();
    expectTypeOf(zustandTypes).toBeFunction();
  });
});
