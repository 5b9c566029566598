/**
 * `/todomvc`: TodoMVC as specified by https://github.com/tastejs/todomvc/blob/master/app-spec.md, with the
 * official markup and `todomvc-app-css`, and no application JavaScript in the browser.
 *
 * Where things live:
 * - the todos: in the browser session (`this.session.todos`), so a reload, or another tab of the same browser,
 *   sees them. The session is saved after each handler.
 * - the filter: in the URL hash (`#/`, `#/active`, `#/completed`). The filter links are plain links; the client
 *   reports hash changes (and the back button) and `handleParams` reads `url.hash`.
 * - the todo being edited: `editingId`, per tab.
 * @module
 */
import { LiveView, event } from "rein";
import { z } from "zod";

// Key-filtered bindings: `rein-keydown:enter` in JSX (attribute names cannot contain dots there); templates may
// write `rein-keydown.enter`. The client accepts both.

/** One todo, as stored in the session. */
export interface Todo {
  id: number;
  title: string;
  completed: boolean;
}

/** Which todos the list shows. */
export type Filter = "all" | "active" | "completed";

const HASH_TO_FILTER: Record<string, Filter> = { "#/active": "active", "#/completed": "completed" };

const Id = z.object({ id: z.coerce.number().int() });
const Title = z.object({ value: z.string().max(1000) });
const IdTitle = z.object({ id: z.coerce.number().int(), value: z.string().max(1000) });
/** Checkboxes send `checked` as a boolean; accept "true"/"false" too, in case it arrives as a string. */
const Checked = z.object({ checked: z.union([z.boolean(), z.stringbool()]) });

/** The names whose flag is set, or `undefined` (no `class` attribute at all, as in the official markup). */
function classes(flags: Record<string, boolean>): string | undefined {
  return Object.keys(flags).filter((k) => flags[k]).join(" ") || undefined;
}

/** TodoMVC. */
export class TodoMvcView extends LiveView {
  static override title = "TodoMVC";

  /** The current filter, from the URL hash. */
  filter: Filter = "all";
  /** The id of the todo whose title is being edited, or `null`. */
  editingId: number | null = null;
  /** The todos of this browser, from the session (an empty list for a new browser). */
  get todos(): Todo[] {
    const list = this.session["todos"];
    return Array.isArray(list) ? (list as Todo[]) : [];
  }

  /** Replaces the todos; the session is saved when the handler returns. */
  private store(list: Todo[]): void {
    this.session["todos"] = list;
  }

  /** The filter follows the hash; unknown hashes show everything, as the spec's router does. */
  override handleParams(_params: Record<string, string>, url: URL): void {
    this.filter = HASH_TO_FILTER[url.hash] ?? "all";
  }

  /**
   * Enter in `.new-todo`: adds the trimmed title; ignores blank titles. The input renders `value=""`, so once this
   * reply is applied the client shows the server's value again: the input empties with no per-keystroke events.
   */
  @event({ params: Title, description: "Adds a todo." })
  create({ value }: { value: string }): void {
    const title = value.trim();
    if (title === "") return;
    const id = this.todos.reduce((max, t) => Math.max(max, t.id), 0) + 1;
    this.store([...this.todos, { id, title, completed: false }]);
  }

  /** The checkbox of one todo. */
  @event({ params: Id.extend(Checked.shape), description: "Marks a todo done or not done." })
  toggle({ id, checked }: { id: number; checked: boolean }): void {
    this.store(this.todos.map((t) => (t.id === id ? { ...t, completed: checked } : t)));
  }

  /** `.toggle-all`: completes every todo, or un-completes them all when they already are. */
  @event({ params: Checked, description: "Marks every todo done or not done." })
  toggleAll({ checked }: { checked: boolean }): void {
    this.store(this.todos.map((t) => ({ ...t, completed: checked })));
  }

  /** The × button. */
  @event({ params: Id, description: "Deletes a todo." })
  destroy({ id }: { id: number }): void {
    this.store(this.todos.filter((t) => t.id !== id));
  }

  /** Double-click on a label: show the `.edit` input (it has `autofocus`, so the client focuses it). */
  @event({ params: Id, description: "Starts editing a todo." })
  edit({ id }: { id: number }): void {
    this.editingId = id;
  }

  /**
   * Enter or blur in `.edit`: saves the trimmed title; an empty title deletes the todo. Ignored when that todo is
   * not being edited any more (the blur that follows Enter or Escape when the input disappears).
   */
  @event({ params: IdTitle, description: "Saves an edited title." })
  save({ id, value }: { id: number; value: string }): void {
    if (this.editingId !== id) return;
    this.editingId = null;
    const title = value.trim();
    this.store(title === "" ? this.todos.filter((t) => t.id !== id) : this.todos.map((t) => (t.id === id ? { ...t, title } : t)));
  }

  /** Escape in `.edit`: leaves the title as it was. */
  @event({ description: "Cancels editing." })
  cancel(): void {
    this.editingId = null;
  }

  /** `.clear-completed`. */
  @event({ description: "Deletes the completed todos." })
  clearCompleted(): void {
    this.store(this.todos.filter((t) => !t.completed));
  }

  override render() {
    const todos = this.todos;
    const active = todos.filter((t) => !t.completed).length;
    const completed = todos.length - active;
    const shown = todos.filter((t) => (this.filter === "all" ? true : this.filter === "active" ? !t.completed : t.completed));
    return (
      <div class="todomvc-wrap">
        <section class="todoapp">
          <header class="header">
            <h1>todos</h1>
            <input
              class="new-todo"
              placeholder="What needs to be done?"
              autofocus
              value=""
              aria-label="New todo"
              rein-keydown:enter="create"
            />
          </header>
          {todos.length > 0 ? (
            <section class="main">
              <input
                id="toggle-all"
                class="toggle-all"
                type="checkbox"
                checked={active === 0}
                rein-change="toggleAll"
              />
              <label for="toggle-all">Mark all as complete</label>
              <ul class="todo-list">
                {shown.map((t) => this.renderTodo(t))}
              </ul>
            </section>
          ) : null}
          {todos.length > 0 ? (
            <footer class="footer">
              <span class="todo-count">
                <strong>{active}</strong> {active === 1 ? "item" : "items"} left
              </span>
              <ul class="filters">
                <li>
                  <a class={classes({ selected: this.filter === "all" })} href="#/">
                    All
                  </a>
                </li>
                <li>
                  <a class={classes({ selected: this.filter === "active" })} href="#/active">
                    Active
                  </a>
                </li>
                <li>
                  <a class={classes({ selected: this.filter === "completed" })} href="#/completed">
                    Completed
                  </a>
                </li>
              </ul>
              {completed > 0 ? (
                <button class="clear-completed" rein-click="clearCompleted">
                  Clear completed
                </button>
              ) : null}
            </footer>
          ) : null}
        </section>
        <footer class="info">
          <p>Double-click to edit a todo</p>
          <p>
            Template by <a href="http://sindresorhus.com">Sindre Sorhus</a>
          </p>
          <p>
            Part of <a href="http://todomvc.com">TodoMVC</a>
          </p>
        </footer>
      </div>
    );
  }

  /** One `<li>`, keyed by the todo's id so that filtering and deleting move DOM nodes instead of rewriting them. */
  private renderTodo(t: Todo) {
    const editing = this.editingId === t.id;
    return (
      <li key={t.id} class={classes({ completed: t.completed, editing })}>
        <div class="view">
          <input class="toggle" type="checkbox" checked={t.completed} rein-change="toggle" rein-value-id={t.id} />
          <label rein-dblclick="edit" rein-value-id={t.id}>
            {t.title}
          </label>
          <button class="destroy" rein-click="destroy" rein-value-id={t.id} aria-label={`Delete ${t.title}`} />
        </div>
        {editing ? (
          <input
            class="edit"
            value={t.title}
            autofocus
            aria-label="Edit todo"
            rein-keydown:enter="save"
            rein-keyup:escape="cancel"
            rein-blur="save"
            rein-value-id={t.id}
          />
        ) : null}
      </li>
    );
  }
}
