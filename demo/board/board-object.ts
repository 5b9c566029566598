/**
 * `KanbanBoard`: the synced object behind `/board`. One board for everyone (`static key = "kanban"`): every
 * browser that opens the key holds the same state, and every change reaches all of them as a JSON Patch with the
 * next version.
 *
 * - **Actions** (`@action()`): addCard, editCard, moveCard, deleteCard, clearImported; their parameters are
 *   validated by zod before they run (a bad one is answered `bad_params` and nothing runs).
 * - **Patches from browsers**: the React app edits a title by patching `/cards/<i>/title` itself; the server
 *   validates the patched state against {@link BoardSchema} (a title over 80 characters is refused and undone).
 * - **Binary**: `attachImage` takes the bytes of a picture (at most 256 KiB: `static maxBinaryBytes`), checks by
 *   its magic bytes that it is a PNG, JPEG, GIF or WebP, and keeps it as a `data:` URL in `images`.
 * - **A task**: `import500` adds 500 cards in batches of 10, `this.sync()` after each, so every browser sees the
 *   progress; Cancel aborts its `AbortSignal`. The running tasks are the read-only field `runningTasks`.
 * @module
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { action, SyncedObject, task, type BinaryInput, type TaskContext } from "rein";
import { BOARD_KEY, IMAGE_MAX_BYTES, IMPORT_BATCH, IMPORT_TOTAL, MAX_CARDS, type ColumnId } from "./constants.ts";
import { BoardSchema, CardIdSchema, ColumnSchema, TitleSchema, type Card, type Importer } from "./schema.ts";

/** Pause between two batches of the import: 50 batches take about 3 s, long enough to watch (and to cancel). */
export const IMPORT_PAUSE_MS = 60;

/** A new card id: "c" and 10 random base-36 digits (unique enough for a demo board, and after a restart too). */
function newId(): string {
  return "c" + [...randomBytes(10)].map((b) => (b % 36).toString(36)).join("");
}

/** The image type of `bytes` by its magic bytes (the browser's `type` is only a hint), or `undefined`. */
export function sniffImage(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/gif" | "image/webp" | undefined {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", aborted, { once: true });
  });
}

/** Titles of the imported cards: a made-up backlog. */
const VERBS = ["Fix", "Write", "Review", "Ship", "Design", "Test", "Refactor", "Document", "Measure", "Plan"];
const THINGS = ["login page", "search API", "billing export", "onboarding email", "dark mode", "CSV import", "audit log", "mobile menu", "rate limits", "release notes"];

/** The board a new user sees first. */
function firstCards(): Card[] {
  const card = (title: string, column: ColumnId): Card => ({ id: newId(), title, column });
  return [
    card("Open this page in a second tab", "todo"),
    card("Drag me to Doing (or press →)", "todo"),
    card("Drop an image onto a card", "todo"),
    card("Click a title to edit it", "doing"),
    card("Import 500 cards, then cancel", "doing"),
    card("Define the board as a zod schema", "done"),
  ];
}

const Params = {
  add: z.object({ title: TitleSchema, column: ColumnSchema.default("todo") }),
  edit: z.object({ id: CardIdSchema, title: TitleSchema }),
  move: z.object({ id: CardIdSchema, column: ColumnSchema, index: z.number().int().min(0) }),
  remove: z.object({ id: CardIdSchema }),
  image: z.object({ cardId: CardIdSchema, type: z.string().max(100).optional() }),
};

/** The shared kanban board of the gallery. */
export class KanbanBoard extends SyncedObject {
  static override key = BOARD_KEY;
  static override schema = BoardSchema;
  static override exposeTasks = "runningTasks";
  static override maxBinaryBytes = IMAGE_MAX_BYTES;

  cards: Card[] = [];
  images: Record<string, string> = {};
  importer: Importer = { status: "idle", done: 0, total: 0 };

  override mount() {
    this.cards = firstCards();
  }

  #card(id: string): Card {
    const card = this.cards.find((c) => c.id === id);
    if (!card) throw new Error(`no card ${id}: it was deleted`);
    return card;
  }

  #roomFor(count: number): void {
    if (this.cards.length + count > MAX_CARDS) {
      this.toast(`The board is full (${MAX_CARDS} cards): clear the imported cards first`, "warning");
      throw new Error("the board is full");
    }
  }

  /** Adds a card at the top of `column`; returns its id. */
  @action({ params: Params.add })
  addCard({ title, column }: z.output<typeof Params.add>) {
    this.#roomFor(1);
    const id = newId();
    const first = this.cards.findIndex((c) => c.column === column);
    this.cards.splice(first < 0 ? this.cards.length : first, 0, { id, title, column });
    return id;
  }

  /** Renames a card (the app patches the title itself; this is the same change as an action). */
  @action({ params: Params.edit })
  editCard({ id, title }: z.output<typeof Params.edit>) {
    this.#card(id).title = title;
  }

  /** Moves a card to position `index` of `column` (counted without the card itself). */
  @action({ params: Params.move })
  moveCard({ id, column, index }: z.output<typeof Params.move>) {
    const from = this.cards.findIndex((c) => c.id === id);
    if (from < 0) throw new Error(`no card ${id}: it was deleted`);
    const [card] = this.cards.splice(from, 1);
    card!.column = column;
    // Where the index-th card of the column is now (or just after its last card).
    const positions = this.cards.flatMap((c, i) => (c.column === column ? [i] : []));
    const at = index < positions.length ? positions[index]! : positions.length ? positions[positions.length - 1]! + 1 : this.cards.length;
    this.cards.splice(at, 0, card!);
  }

  /** Deletes a card and its picture. */
  @action({ params: Params.remove })
  deleteCard({ id }: z.output<typeof Params.remove>) {
    const index = this.cards.findIndex((c) => c.id === id);
    if (index < 0) return false;
    this.cards.splice(index, 1);
    if (id in this.images) delete this.images[id];
    return true;
  }

  /** Takes a picture for a card: binary data, checked by its magic bytes, kept as a `data:` URL. */
  @action({ binary: true, params: Params.image })
  attachImage({ meta, bytes }: BinaryInput & { meta: z.output<typeof Params.image> }) {
    const card = this.cards.find((c) => c.id === meta.cardId);
    if (!card) {
      this.toast("That card was deleted meanwhile", "error");
      return false;
    }
    const type = sniffImage(bytes);
    if (!type) {
      this.toast(`Not an image Rein takes (PNG, JPEG, GIF or WebP): "${card.title}" left as it was`, "error");
      return false;
    }
    this.images[card.id] = `data:${type};base64,${Buffer.from(bytes).toString("base64")}`;
    this.toast(`Picture added to "${card.title}" (${(bytes.length / 1024).toFixed(1)} KiB ${type.slice(6).toUpperCase()})`, "success");
    return true;
  }

  /** Adds 500 cards, 10 at a time, showing the progress to every browser; cancellable. */
  @task()
  async import500(_params: unknown, { signal }: TaskContext) {
    this.#roomFor(IMPORT_TOTAL);
    this.importer = { status: "running", done: 0, total: IMPORT_TOTAL };
    this.sync();
    try {
      let n = this.cards.filter((c) => c.imported).length;
      while (this.importer.done < IMPORT_TOTAL) {
        await pause(IMPORT_PAUSE_MS, signal);
        for (let i = 0; i < IMPORT_BATCH; i++, n++) {
          const title = `#${n + 1} ${VERBS[n % VERBS.length]} ${THINGS[Math.floor(n / VERBS.length) % THINGS.length]}`;
          this.cards.push({ id: newId(), title, column: "todo", imported: true });
        }
        this.importer.done += IMPORT_BATCH;
        this.sync(); // one delta for the batch: 10 cards and the progress, to every browser
      }
    } catch (error) {
      if (!signal.aborted) throw error;
      this.importer.status = "cancelled";
      this.toast(`Import cancelled after ${this.importer.done} of ${IMPORT_TOTAL} cards`, "warning");
      throw error;
    }
    this.importer.status = "done";
    this.toast(`Imported ${IMPORT_TOTAL} cards`, "success");
    return this.importer.done;
  }

  /** Removes the imported cards (and their pictures). */
  @action()
  clearImported() {
    const before = this.cards.length;
    const gone = new Set(this.cards.filter((c) => c.imported).map((c) => c.id));
    this.cards = this.cards.filter((c) => !c.imported);
    for (const id of gone) if (id in this.images) delete this.images[id];
    if (this.importer.status !== "running") this.importer = { status: "idle", done: 0, total: 0 };
    this.toast(before === this.cards.length ? "No imported cards to clear" : `Cleared ${before - this.cards.length} imported cards`, "info");
    return before - this.cards.length;
  }
}
