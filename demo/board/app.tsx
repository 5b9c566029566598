/** @jsxImportSource react */
/**
 * The React app of `/board`: a kanban board on the synced object `KanbanBoard` (`board-object.ts`), through
 * `rein/react`. Bundled by `build.ts` into `/assets/board.js` when the gallery starts.
 *
 * The page is a LiveView shell (`demo/views/board.tsx`): its `#kb-root` is `rein-update="ignore"` (the LiveView
 * client leaves its children alone once hydrated) and carries `rein-hook="KanbanBoard"`, whose `mounted()` (below)
 * mounts React into it: after the LiveView client hydrated the container, so neither ever removes the other's DOM.
 *
 * What each gesture sends:
 * - add, move (drag and drop, or ←/→), delete, clear: an action (`board.action(name, params)`), validated by zod on
 *   the server; the change comes back to every tab as one JSON Patch delta with the next version.
 * - an inline title edit: a JSON Patch made here (`board.patch(ops)`), shown at once, checked by the server against
 *   the board's schema; refused (a title over 80 characters), it is undone and a toast says why.
 * - a picture: its bytes in one binary frame (`board.sendBinary("attachImage", meta, bytes)`).
 * - "Import 500 cards": a task (`useTask`), its progress a field of the state every tab sees; Cancel aborts it.
 * @module
 */
import { Fragment, memo, StrictMode, useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from "react";
import { createRoot, type Root } from "react-dom/client";
import { SyncProvider, useConnected, useRemoteToast, useSynced, useTask, type JsonPatchOp, type Synced } from "rein/react";
import { BOARD_KEY, COLUMNS, IMAGE_MAX_BYTES, IMAGE_TYPES, IMPORT_TOTAL, TITLE_MAX, type ColumnId } from "./constants.ts";
// Types only: the schema (zod) stays on the server; its inferred type is what the hooks below are typed with.
import type { Board, Card } from "./schema.ts";

/** What the board shows until the server's state arrives. */
const EMPTY: Board = { cards: [], images: {}, importer: { status: "idle", done: 0, total: 0 }, runningTasks: [] };

/** The drag data type of a card being dragged (its id). */
const CARD_MIME = "application/x-rein-card";

/** How long a toast stays, in ms. */
const TOAST_MS = 6000;

// ---- Toasts ---------------------------------------------------------------------------------------------------

type NoteType = "default" | "message" | "info" | "success" | "warning" | "error";
interface Note {
  id: number;
  type: NoteType;
  message: string;
  /** From the server (`this.toast`) or from this tab. */
  from: "server" | "local";
}

/** The toasts shown in the corner: the server's (`useRemoteToast`) and this tab's own (refused changes). */
function useNotes() {
  const [notes, setNotes] = useState<Note[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setNotes((list) => list.filter((n) => n.id !== id)), []);
  const notify = useCallback(
    (type: NoteType, message: string, from: Note["from"] = "local") => {
      const id = ++next.current;
      setNotes((list) => [...list, { id, type, message, from }].slice(-4));
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  // Every toast the server sends to this tab (`this.toast(message, type)` in KanbanBoard).
  useRemoteToast((toast) => notify(toast.type, toast.message, "server"));
  return { notes, notify, dismiss };
}

function Toasts({ notes, dismiss }: { notes: Note[]; dismiss: (id: number) => void }) {
  return (
    <div className="kb-toasts" role="status" aria-live="polite" aria-label="Notifications">
      {notes.map((note) => (
        <div key={note.id} className={`kb-toast kb-toast-${note.type}`} data-from={note.from}>
          <span className="kb-toast-dot" aria-hidden="true" />
          <p className="kb-toast-text">{note.message}</p>
          <button type="button" className="kb-toast-close" aria-label="Dismiss notification" onClick={() => dismiss(note.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

// ---- Cards -------------------------------------------------------------------------------------------------------

interface CardActions {
  move(card: Card, column: ColumnId, index: number): void;
  rename(card: Card, title: string): void;
  remove(card: Card): void;
  attach(card: Card, file: File): void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KiB`;

interface CardProps {
  card: Card;
  image: string | undefined;
  columnIndex: number;
  uploading: boolean;
  dragging: boolean;
  /** A file is dragged over this card. */
  fileOver: boolean;
  actions: CardActions;
  onDragState(id: string | null): void;
}

/** One card: its title (click to edit), its picture, and its buttons. Memoized: 500 imported cards stay cheap. */
const CardView = memo(function CardView({ card, image, columnIndex, uploading, dragging, fileOver, actions, onDragState }: CardProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // Set once the edit ended (Enter, Escape or blur): the blur that follows Enter or Escape does nothing more.
  const ended = useRef(false);
  const editing = draft !== null;
  const edit = () => {
    ended.current = false;
    setDraft(card.title);
  };
  const finish = (save: boolean) => {
    if (ended.current) return;
    ended.current = true;
    // Sent as typed: the schema trims it on the server (and sends back the trimmed title).
    if (save && draft !== null && draft.trim() && draft !== card.title) actions.rename(card, draft);
    setDraft(null);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") finish(true);
    else if (e.key === "Escape") finish(false);
  };
  const too = draft !== null && draft.trim().length > TITLE_MAX;
  return (
    <li
      className={`kb-card${dragging ? " is-dragging" : ""}${card.imported ? " is-imported" : ""}${uploading ? " is-uploading" : ""}${fileOver ? " is-file-over" : ""}`}
      data-card-id={card.id}
      data-title={card.title}
      draggable={!editing}
      onDragStart={(e) => {
        e.dataTransfer.setData(CARD_MIME, card.id);
        e.dataTransfer.setData("text/plain", card.title);
        e.dataTransfer.effectAllowed = "move";
        onDragState(card.id);
      }}
      onDragEnd={() => onDragState(null)}
    >
      {image && <img className="kb-card-img" src={image} alt={`Picture of “${card.title}”`} draggable={false} />}
      {editing ? (
        <div className="kb-edit">
          <input
            className={`kb-edit-input${too ? " is-too-long" : ""}`}
            aria-label="Card title"
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
            onBlur={() => finish(true)}
          />
          <span className={`kb-edit-count${too ? " is-too-long" : ""}`}>
            {draft.trim().length}/{TITLE_MAX}
            {too && " · the server's schema will refuse this"}
          </span>
        </div>
      ) : (
        <button type="button" className="kb-card-title" aria-label={`Edit title of “${card.title}”`} title="Click to edit" onClick={edit}>
          {card.title}
        </button>
      )}
      <div className="kb-card-foot">
        {card.imported && <span className="kb-chip">imported</span>}
        {uploading && <span className="kb-chip kb-chip-busy">uploading…</span>}
        <span className="kb-card-tools">
          <button
            type="button"
            className="kb-icon"
            aria-label={`Move “${card.title}” left`}
            disabled={columnIndex === 0}
            onClick={() => actions.move(card, COLUMNS[columnIndex - 1]!.id, 0)}
          >
            ←
          </button>
          <button
            type="button"
            className="kb-icon"
            aria-label={`Move “${card.title}” right`}
            disabled={columnIndex === COLUMNS.length - 1}
            onClick={() => actions.move(card, COLUMNS[columnIndex + 1]!.id, 0)}
          >
            →
          </button>
          <button type="button" className="kb-icon" aria-label={`Attach a picture to “${card.title}”`} title="Attach a picture (or drop one here)" onClick={() => fileInput.current?.click()}>
            <svg viewBox="0 0 20 20" width="15" height="15" aria-hidden="true">
              <rect x="2.5" y="4" width="15" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
              <circle cx="7.5" cy="8.5" r="1.5" fill="currentColor" />
              <path d="M3.5 15l4.5-4.5 3 3 2-2 3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
            </svg>
          </button>
          <button type="button" className="kb-icon kb-icon-danger" aria-label={`Delete “${card.title}”`} onClick={() => actions.remove(card)}>
            ×
          </button>
        </span>
        <input
          ref={fileInput}
          className="kb-file"
          type="file"
          accept={IMAGE_TYPES.join(",")}
          tabIndex={-1}
          aria-label={`Picture file for “${card.title}”`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) actions.attach(card, file);
            e.target.value = "";
          }}
        />
      </div>
    </li>
  );
});

// ---- Columns -----------------------------------------------------------------------------------------------------

interface ColumnProps {
  column: (typeof COLUMNS)[number];
  columnIndex: number;
  cards: Card[];
  images: Board["images"];
  uploading: ReadonlySet<string>;
  dragging: string | null;
  actions: CardActions;
  onDragState(id: string | null): void;
  onAdd(column: ColumnId, title: string): Promise<boolean>;
}

/** Where a drop at `clientY` lands in `list`: the index among its cards, the dragged one left out. */
function dropIndex(list: HTMLElement, clientY: number, dragged: string | null): number {
  let index = 0;
  for (const el of list.querySelectorAll<HTMLElement>(":scope > [data-card-id]")) {
    if (el.dataset["cardId"] === dragged) continue;
    const box = el.getBoundingClientRect();
    if (clientY < box.top + box.height / 2) return index;
    index++;
  }
  return index;
}

function Column({ column, columnIndex, cards, images, uploading, dragging, actions, onDragState, onAdd }: ColumnProps) {
  const [title, setTitle] = useState("");
  const [hint, setHint] = useState<number | null>(null);
  const [fileOver, setFileOver] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    if (await onAdd(column.id, title)) setTitle("");
  };
  const isCard = (e: DragEvent) => e.dataTransfer.types.includes(CARD_MIME);
  const isFile = (e: DragEvent) => e.dataTransfer.types.includes("Files");
  const cardUnder = (e: DragEvent) => (e.target as Element).closest?.<HTMLElement>("[data-card-id]")?.dataset["cardId"] ?? null;

  const onDragOver = (e: DragEvent) => {
    if (isCard(e)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      setHint(dropIndex(list.current!, e.clientY, dragging));
    } else if (isFile(e)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = cardUnder(e) ? "copy" : "none";
      setFileOver(cardUnder(e));
    }
  };
  const onDrop = (e: DragEvent) => {
    setHint(null);
    setFileOver(null);
    onDragState(null);
    if (isCard(e)) {
      e.preventDefault();
      const id = e.dataTransfer.getData(CARD_MIME);
      const card = cards.find((c) => c.id === id) ?? ({ id } as Card);
      actions.move(card, column.id, dropIndex(list.current!, e.clientY, id));
    } else if (isFile(e)) {
      e.preventDefault();
      const id = cardUnder(e);
      const card = cards.find((c) => c.id === id);
      const file = e.dataTransfer.files[0];
      if (card && file) actions.attach(card, file);
    }
  };
  // The drop marker goes before the `hint`-th card, counted without the dragged one (as the server counts).
  let counted = 0;
  return (
    <section className={`kb-col kb-col-${column.id}${hint !== null ? " is-drop-target" : ""}`} aria-label={column.title} data-column={column.id}>
      <header className="kb-col-head">
        <h3 className="kb-col-title">{column.title}</h3>
        <span className="kb-col-count" aria-label={`${cards.length} cards`}>
          {cards.length}
        </span>
      </header>
      <form className="kb-add" onSubmit={submit}>
        <input
          className="kb-add-input"
          aria-label={`New card in ${column.title}`}
          placeholder="Add a card…"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" className="kb-add-btn" aria-label={`Add card to ${column.title}`} disabled={!title.trim()}>
          +
        </button>
      </form>
      <ol
        ref={list}
        className="kb-list"
        onDragOver={onDragOver}
        onDragLeave={(e) => {
          if (!list.current!.contains(e.relatedTarget as Node)) setHint(null), setFileOver(null);
        }}
        onDrop={onDrop}
      >
        {cards.map((card) => (
          <Fragment key={card.id}>
            {card.id !== dragging && hint === counted++ && <li className="kb-drop-hint" aria-hidden="true" />}
            <CardView
              card={card}
              image={images[card.id]}
              columnIndex={columnIndex}
              uploading={uploading.has(card.id)}
              dragging={dragging === card.id}
              fileOver={fileOver === card.id}
              actions={actions}
              onDragState={onDragState}
            />
          </Fragment>
        ))}
        {hint !== null && hint >= counted && <li className="kb-drop-hint" aria-hidden="true" />}
        {cards.length === 0 && hint === null && <li className="kb-empty">Drop cards here</li>}
      </ol>
    </section>
  );
}

// ---- The importer ---------------------------------------------------------------------------------------------

function Importer({ board, notify }: { board: Synced<Board>; notify: (type: NoteType, message: string) => void }) {
  const task = useTask(board.remote, "import500");
  const { status, done, total } = board.state.importer;
  // The server's truth, the same in every tab: the task's name is in `runningTasks` while it runs.
  const running = board.state.runningTasks?.includes("import500") ?? false;
  const imported = board.state.cards.filter((c) => c.imported).length;
  const percent = total ? Math.round((done / total) * 100) : 0;
  useEffect(() => {
    if (task.status === "failed" && task.error) notify("error", `The import did not run: ${task.error.message}`);
  }, [task.status, task.error, notify]);
  const label = running
    ? `Importing… ${done} / ${total}`
    : status === "done"
      ? `Imported ${done} cards`
      : status === "cancelled"
        ? `Cancelled at ${done} / ${total}`
        : `Adds ${IMPORT_TOTAL} cards, 10 per delta`;
  return (
    <div className={`kb-import is-${running ? "running" : status}`}>
      <div className="kb-import-row">
        {running ? (
          <button type="button" className="kb-btn" aria-label="Cancel import" onClick={() => board.cancelTask("import500").catch((e) => notify("error", errorText(e)))}>
            Cancel
          </button>
        ) : (
          <button type="button" className="kb-btn kb-btn-primary" aria-label="Import 500 cards" onClick={() => void task.start()}>
            Import {IMPORT_TOTAL} cards
          </button>
        )}
        <button
          type="button"
          className="kb-btn kb-btn-ghost"
          aria-label="Clear imported cards"
          disabled={imported === 0}
          onClick={() => board.action("clearImported").catch((e) => notify("error", errorText(e)))}
        >
          Clear imported{imported ? ` (${imported})` : ""}
        </button>
      </div>
      <div className="kb-progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={total || IMPORT_TOTAL} aria-valuenow={done}>
        <div className="kb-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="kb-import-status" data-status={running ? "running" : status} aria-live="polite">
        {label}
      </p>
    </div>
  );
}

// ---- The board -------------------------------------------------------------------------------------------------

function KanbanApp() {
  // The state is typed by the server's schema: `Board` is `z.infer<typeof BoardSchema>` (schema.ts).
  const board = useSynced<Board>(BOARD_KEY, EMPTY);
  const connected = useConnected();
  const { notes, notify, dismiss } = useNotes();
  const [dragging, setDragging] = useState<string | null>(null);
  const [uploading, setUploading] = useState<ReadonlySet<string>>(new Set());
  const { remote } = board;
  const latest = useRef(board);
  latest.current = board;

  // A patch of this tab the server refused (the schema, or a conflicting change): the store undid it already.
  useEffect(() => remote.onError((error) => notify("error", `Change undone: the server refused it (${error.message})`)), [remote, notify]);

  const actions = useMemo<CardActions>(
    () => ({
      move(card, column, index) {
        remote.action("moveCard", { id: card.id, column, index }).catch((e) => notify("error", `Not moved: ${errorText(e)}`));
      },
      rename(card, title) {
        // A JSON Patch made here: shown at once, sent (or queued while offline), checked by the server's schema.
        // The `test` op makes it apply to this card only, wherever it is by then.
        const i = latest.current.state.cards.findIndex((c) => c.id === card.id);
        if (i < 0) return;
        const ops: JsonPatchOp[] = [
          { op: "test", path: `/cards/${i}/id`, value: card.id },
          { op: "replace", path: `/cards/${i}/title`, value: title },
        ];
        try {
          remote.patch(ops);
        } catch (e) {
          notify("error", `Not renamed: ${errorText(e)}`);
        }
      },
      remove(card) {
        remote.action("deleteCard", { id: card.id }).catch((e) => notify("error", `Not deleted: ${errorText(e)}`));
      },
      attach(card, file) {
        if (file.type && !(IMAGE_TYPES as readonly string[]).includes(file.type)) {
          return notify("error", `“${file.name}” is not a PNG, JPEG, GIF or WebP picture`);
        }
        if (file.size > IMAGE_MAX_BYTES) {
          return notify("error", `“${file.name}” is ${kib(file.size)}: a card takes pictures up to ${kib(IMAGE_MAX_BYTES)}`);
        }
        setUploading((s) => new Set(s).add(card.id));
        void file
          .arrayBuffer()
          .then((bytes) => remote.sendBinary("attachImage", { cardId: card.id, type: file.type }, bytes))
          .catch((e) => notify("error", `Picture not sent: ${errorText(e)}`))
          .finally(() =>
            setUploading((s) => {
              const next = new Set(s);
              next.delete(card.id);
              return next;
            }),
          );
      },
    }),
    [remote, notify],
  );

  const onAdd = useCallback(
    (column: ColumnId, title: string) =>
      remote.action("addCard", { title, column }).then(
        () => true,
        (e) => (notify("error", `Not added: ${errorText(e)}`), false),
      ),
    [remote, notify],
  );

  const byColumn = useMemo(() => {
    const lists: Record<ColumnId, Card[]> = { todo: [], doing: [], done: [] };
    for (const card of board.state.cards) lists[card.column]?.push(card);
    return lists;
  }, [board.state.cards]);

  return (
    <div className={`kb${board.ready ? " is-ready" : " is-loading"}`}>
      <div className="kb-toolbar">
        <div className="kb-status">
          <span className={`kb-conn ${connected ? "is-online" : "is-offline"}`} role="status" aria-label="Connection">
            <span className="kb-conn-dot" aria-hidden="true" />
            {connected ? "Live" : "Offline: changes wait"}
          </span>
          <span className="kb-meta" aria-label="Board version">
            {board.state.cards.length} cards · version <strong>{remote.version}</strong>
          </span>
          <span className={`kb-meta kb-pending${board.pending ? " has-pending" : ""}`} aria-label="Pending changes">
            {board.pending ? `${board.pending} change${board.pending > 1 ? "s" : ""} not acknowledged yet` : "all changes saved"}
          </span>
        </div>
        <Importer board={board} notify={notify} />
      </div>

      <div className="kb-columns">
        {COLUMNS.map((column, i) => (
          <Column
            key={column.id}
            column={column}
            columnIndex={i}
            cards={byColumn[column.id]}
            images={board.state.images}
            uploading={uploading}
            dragging={dragging}
            actions={actions}
            onDragState={setDragging}
            onAdd={onAdd}
          />
        ))}
      </div>

      <Explainer />
      <Toasts notes={notes} dismiss={dismiss} />
    </div>
  );
}

/** The short "what is going on" panel under the board. */
function Explainer() {
  return (
    <div className="kb-explain">
      <div className="kb-explain-item">
        <h4>Open this page in two tabs</h4>
        <p>
          Or in two browsers. Every tab opens the same server object, <code>KanbanBoard</code> under the key <code>"kanban"</code>, over
          a socket to <code>/rein/ws</code>: add, drag, rename or delete a card in one and watch the other follow. Kill the connection (or the
          server's sockets) and keep editing: your changes wait, marked as pending, and go out on reconnect.
        </p>
      </div>
      <div className="kb-explain-item">
        <h4>On the wire</h4>
        <p>
          A move is one action frame, <code>["e", ch, ref, "moveCard", &#123;id, column, index&#125;]</code> (about 70 bytes); every tab then
          gets one JSON Patch delta with the next version, <code>["D", ch, version, ops]</code> (about 160 bytes: a remove and an add
          of the card). A title edit is a patch made here, <code>["o", ch, ref, base, ops]</code>, checked by the schema on the server;
          the others get a 75-byte delta. A picture is one binary frame. A tab that missed versions gets them replayed.
        </p>
      </div>
      <div className="kb-explain-item">
        <h4>Types from one schema</h4>
        <p>The zod schema is the state's shape on the server and, inferred, its type in React:</p>
        <pre className="kb-code">
          <code>{`// schema.ts, shared
const BoardSchema = z.object({
  cards, images, importer });
type Board = z.infer<
  typeof BoardSchema>;

// board-object.ts
static schema = BoardSchema;

// app.tsx
useSynced<Board>("kanban", EMPTY)`}</code>
        </pre>
      </div>
    </div>
  );
}

function App() {
  // No url: the socket goes to this page's host, /rein/ws, with the page's session cookie.
  return (
    <SyncProvider>
      <KanbanApp />
    </SyncProvider>
  );
}

// ---- Mounting ------------------------------------------------------------------------------------------------

const roots = new WeakMap<Element, Root>();

function mount(el: HTMLElement): void {
  if (roots.has(el)) return;
  const root = createRoot(el);
  roots.set(el, root);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

function unmount(el: HTMLElement): void {
  roots.get(el)?.unmount();
  roots.delete(el);
}

interface HookThis {
  el: HTMLElement;
}
type ReinGlobal = { rein?: { hooks?: Record<string, object> } };

// A LiveView client hook: `mounted()` runs once the LiveView client hydrated `#kb-root` (this module runs before
// the client's, which comes later in the page, so the hook is always registered in time).
const w = window as unknown as ReinGlobal;
w.rein ??= {};
w.rein.hooks = {
  ...w.rein.hooks,
  KanbanBoard: {
    mounted(this: HookThis) {
      mount(this.el);
    },
    destroyed(this: HookThis) {
      unmount(this.el);
    },
  },
};
// Loaded after the view joined (a script added late): mount now.
for (const el of document.querySelectorAll<HTMLElement>('[rein-hook="KanbanBoard"]')) {
  if (el.closest("[rein-view]")?.classList.contains("rein-connected")) mount(el);
}
