/**
 * The board's fixed facts, shared by the server (`board-object.ts`, `schema.ts`) and the React app (`app.tsx`).
 * No zod here: the browser bundle imports this file, and only the types of `schema.ts`.
 * @module
 */

/** The columns, in order: their ids (what a card's `column` holds) and titles. */
export const COLUMNS = [
  { id: "todo", title: "To do" },
  { id: "doing", title: "Doing" },
  { id: "done", title: "Done" },
] as const;

/** A column id. */
export type ColumnId = (typeof COLUMNS)[number]["id"];

/** The column ids, as zod's `z.enum` takes them. */
export const COLUMN_IDS = ["todo", "doing", "done"] as const satisfies readonly ColumnId[];

/** Longest card title. */
export const TITLE_MAX = 80;

/** Most cards the board holds (the schema refuses more). */
export const MAX_CARDS = 1500;

/** How many cards `import500` adds, and per batch. */
export const IMPORT_TOTAL = 500;
export const IMPORT_BATCH = 10;

/** Largest image a card takes, in bytes (`static maxBinaryBytes`): 256 KiB. */
export const IMAGE_MAX_BYTES = 256 * 1024;

/** The image types a card takes (checked by their magic bytes on the server). */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** The key of the one shared board. */
export const BOARD_KEY = "kanban";
