/**
 * Memoized function components (src/template/memo.ts): inside a view's render, a keyed call with props equal by
 * value returns the same VNode (the diff skips it); in-place mutations are seen; anything not comparable runs.
 */
import { describe, expect, it } from "vitest";
import { event, LiveView, memo } from "rein";
import { MemoCache, renderingWith } from "../../src/template/memo.ts";
import { ViewClient } from "../../src/testing/view-client.ts";
import type { VElement } from "../../src/vdom/vnode.ts";

interface Row {
  id: number;
  label: string;
  tags?: string[];
}

let calls = 0;
const RowView = memo(({ row, selected }: { row: Row; selected: boolean }) => {
  calls++;
  return (
    <tr class={selected ? "danger" : undefined}>
      <td>{row.id}</td>
      <td>{row.label}</td>
    </tr>
  );
});

describe("memo() in a view's render", () => {
  const rows: Row[] = [1, 2, 3].map((id) => ({ id, label: `row ${id}`, tags: ["a"] }));
  const render = (selected: number) =>
    rows.map((r) => <RowView key={r.id} row={r} selected={r.id === selected} />) as VElement[];

  it("returns the same VNode for equal props, runs again for changed ones, keys what it returns", () => {
    const cache = new MemoCache();
    calls = 0;
    const first = renderingWith(cache, () => render(1));
    expect(calls).toBe(3);
    expect(first.map((n) => n.key)).toEqual(["1", "2", "3"]);
    const second = renderingWith(cache, () => render(1));
    expect(calls).toBe(3);
    expect(second[0]).toBe(first[0]);
    // A mutation in place (same object) is seen: compared by value, not identity.
    rows[1]!.label = "changed";
    const third = renderingWith(cache, () => render(3));
    expect(calls).toBe(3 + 3); // row 1 (selected off), row 2 (label), row 3 (selected on)
    expect(third[1]).not.toBe(second[1]);
    rows[0]!.tags!.push("b"); // nested arrays too
    renderingWith(cache, () => render(3));
    expect(calls).toBe(7);
  });

  it("forgets entries its last render did not use, and keeps them when a render throws", () => {
    const cache = new MemoCache();
    renderingWith(cache, () => render(0));
    expect(cache.size).toBe(3);
    renderingWith(cache, () => rows.slice(0, 1).map((r) => <RowView key={r.id} row={r} selected={false} />));
    expect(cache.size).toBe(1);
    expect(() =>
      renderingWith(cache, () => {
        render(0);
        throw new Error("render failed");
      }),
    ).toThrow("render failed");
    expect(cache.size).toBe(3);
  });

  it("runs every time without a key, outside a view's render, or with props it cannot compare by value", () => {
    const cache = new MemoCache();
    calls = 0;
    const Stamp = memo(({ at }: { at: Date }) => (calls++, <time>{at.toISOString()}</time>));
    const at = new Date(0);
    renderingWith(cache, () => [<Stamp key="a" at={at} />, <Stamp key="a" at={at} />]);
    expect(calls).toBe(2);
    renderingWith(cache, () => [<RowView row={rows[0]!} selected={false} />, <RowView row={rows[0]!} selected={false} />]);
    expect(calls).toBe(4);
    <RowView key="x" row={rows[0]!} selected={false} />;
    <RowView key="x" row={rows[0]!} selected={false} />;
    expect(calls).toBe(6);
    expect(cache.size).toBe(0);
  });
});

class MemoListView extends LiveView {
  rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, label: `row ${i + 1}` }));
  selected = 0;
  @event() touch({ i }: { i?: string }) {
    const row = this.rows[Number(i)];
    if (row) row.label += "!";
  }
  @event() select({ id }: { id?: string }) {
    this.selected = Number(id);
  }
  @event() drop() {
    this.rows.splice(1, 1);
  }
  override render() {
    return (
      <table>
        <tbody>
          {this.rows.map((r) => (
            <RowView key={r.id} row={r} selected={r.id === this.selected} />
          ))}
        </tbody>
      </table>
    );
  }
}

describe("memo() in a LiveView", () => {
  it("re-renders only the rows whose props changed; patches are those of a full render", async () => {
    const c = await ViewClient.mount(MemoListView);
    calls = 0;
    expect((await c.event("touch", { i: "7" }))[4]).toEqual([[9, [0, 0, 7, 1, 0], "!"]]);
    expect(calls).toBe(1);
    expect((await c.event("select", { id: "3" }))[4]).toEqual([[2, [0, 0, 2], "class", "danger"]]);
    expect(calls).toBe(2);
    expect((await c.event("drop"))[4]).toEqual([[5, [0, 0], 1]]);
    expect(calls).toBe(2);
    expect(c.html()).toContain("<tr><td>8</td><td>row 8!</td></tr>");
  });
});

// The example of docs/components.md, as written there.
interface Todo {
  id: number;
  title: string;
  done: boolean;
}

let todoRenders = 0;
const TodoRow = memo(({ todo, editing }: { todo: Todo; editing: boolean }) => (
  todoRenders++,
  (
    <li class={{ done: todo.done, editing }}>
      <input type="checkbox" checked={todo.done} rein-click="toggle" rein-value-id={todo.id} />
      {todo.title}
    </li>
  )
));

class TodosView extends LiveView {
  todos: Todo[] = [
    { id: 1, title: "milk", done: false },
    { id: 2, title: "eggs", done: false },
  ];
  editing = 0;

  @event() toggle({ id }: { id?: string }) {
    const todo = this.todos.find((t) => t.id === Number(id));
    if (todo) todo.done = !todo.done; // in place: memo compares values, so this row renders again
  }

  override render() {
    return (
      <ul>
        {this.todos.map((todo) => (
          <TodoRow key={todo.id} todo={todo} editing={todo.id === this.editing} />
        ))}
      </ul>
    );
  }
}

describe("docs/components.md", () => {
  it("the TodosView example re-renders the toggled row only", async () => {
    const c = await ViewClient.mount(TodosView);
    todoRenders = 0;
    await c.event("toggle", { id: "2" });
    expect(todoRenders).toBe(1);
    expect(c.html()).toBe('<ul><li><input type="checkbox" rein-click="toggle" rein-value-id="1">milk</li><li class="done"><input type="checkbox" checked="" rein-click="toggle" rein-value-id="2">eggs</li></ul>');
  });
});
