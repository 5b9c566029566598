/**
 * The board's state as a zod schema: the one source of truth for its shape, shared by the server and the browser.
 *
 * - The server's `KanbanBoard` (`board-object.ts`) sets `static schema = BoardSchema`: every patch a browser sends
 *   (an inline title edit) is applied to a copy and validated against it, every constraint enforced; a patch that
 *   breaks one is refused and undone in the browser.
 * - The React app (`app.tsx`) imports only the types (`import type { Board }`): `useSynced<Board>("kanban", ...)`
 *   types `board.state.cards[i].title` and `board.set("cards", ...)`. zod itself never reaches the browser bundle.
 * @module
 */
import { z } from "zod";
import { COLUMN_IDS, IMAGE_MAX_BYTES, MAX_CARDS, TITLE_MAX } from "./constants.ts";

/** A card title: trimmed, 1 to {@link TITLE_MAX} characters. */
export const TitleSchema = z.string().trim().min(1, "a title cannot be empty").max(TITLE_MAX, `a title has at most ${TITLE_MAX} characters`);

/** A card id (made by the server). */
export const CardIdSchema = z.string().regex(/^c[0-9a-z]{1,20}$/, "not a card id");

/** A column id. */
export const ColumnSchema = z.enum(COLUMN_IDS);

/** One card. */
export const CardSchema = z.object({
  id: CardIdSchema,
  title: TitleSchema,
  column: ColumnSchema,
  /** Added by "Import 500 cards" (removed by "Clear imported"). */
  imported: z.boolean().optional(),
});

/** Base64 of {@link IMAGE_MAX_BYTES} bytes, plus the `data:image/webp;base64,` prefix. */
const DATA_URL_MAX = Math.ceil(IMAGE_MAX_BYTES / 3) * 4 + 32;

/** A card's picture: a `data:` URL of a PNG, JPEG, GIF or WebP image (what `<img src>` shows as is). */
export const ImageUrlSchema = z
  .string()
  .max(DATA_URL_MAX)
  .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/, "not an image data URL");

/** Where the "Import 500 cards" task is. */
export const ImporterSchema = z.object({
  status: z.enum(["idle", "running", "done", "cancelled"]),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});

/** The whole state of the board, as browsers see it. */
export const BoardSchema = z.object({
  cards: z
    .array(CardSchema)
    .max(MAX_CARDS)
    .refine((cards) => new Set(cards.map((c) => c.id)).size === cards.length, "card ids must be unique"),
  /**
   * The pictures, by card id. Apart from the cards so that a move, an edit or a snapshot of the card list never
   * carries a picture again: only attaching one does.
   */
  images: z.record(CardIdSchema, ImageUrlSchema),
  importer: ImporterSchema,
  /** The running tasks' names (`static exposeTasks`): read-only for browsers, written by the server. */
  runningTasks: z.array(z.string()).optional(),
});

/** The board's state: this type is what `useSynced<Board>` gets, so the server's schema types the React code. */
export type Board = z.infer<typeof BoardSchema>;
/** One card. */
export type Card = z.infer<typeof CardSchema>;
/** The importer's progress. */
export type Importer = z.infer<typeof ImporterSchema>;
