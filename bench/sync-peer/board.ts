/**
 * The synced object of the synced-object benchmarks (bench/sync.ts): a board of cards, as in
 * test/fixtures/board-object.ts, whose size is in its key: `board/<cards>/<id>` opens a board of `<cards>` cards
 * (at most 10,000). Actions: `rename` (one card's title), `vote` (one card's votes + 1), `moveCard` (as the
 * fixture's: a splice out and a splice in, with a new column).
 * @module
 */
import { z } from "zod";
import { action, SyncedObject, type SyncRequest } from "rein";

export const COLUMNS = ["todo", "doing", "done"] as const;
export const CardSchema = z.object({ id: z.string(), title: z.string().min(1).max(40), column: z.enum(COLUMNS), votes: z.number().int().min(0) });
export type Card = z.infer<typeof CardSchema>;
export const MAX_CARDS = 10_000;

/** The cards of a new board: the same for every run (and for the ws-sync peer, which gets them as JSON). */
export function makeCards(n: number): Card[] {
  return Array.from({ length: n }, (_, i) => ({ id: `c${i}`, title: `Card number ${i}`, column: COLUMNS[i % 3]!, votes: i % 7 }));
}

/** Live instances, to count the hosts still in memory after a gc (an evicted host's instance is collected). */
export const liveBoards = new Set<WeakRef<object>>();

export class BenchBoard extends SyncedObject {
  static override key = "board/:size/:id";
  static override schema = z.object({ title: z.string().max(60), cards: z.array(CardSchema).max(MAX_CARDS) });
  /** Eviction delay; the heap benchmark's server sets it short (BENCH_SYNC_IDLE_MS) to see evicted objects go. */
  static override idleMs = Number(process.env["BENCH_SYNC_IDLE_MS"] ?? 60_000);

  title = "Board";
  cards: Card[] = [];

  override mount({ params }: SyncRequest) {
    this.title = `Board ${params["id"]}`;
    this.cards = makeCards(Math.min(MAX_CARDS, Math.max(0, Number(params["size"]) || 0)));
    liveBoards.add(new WeakRef(this));
  }

  @action({ params: z.object({ index: z.number().int().min(0), title: z.string().min(1).max(40) }) })
  rename({ index, title }: { index: number; title: string }) {
    this.cards[index]!.title = title;
  }

  @action({ params: z.object({ index: z.number().int().min(0) }) })
  vote({ index }: { index: number }) {
    return ++this.cards[index % this.cards.length]!.votes;
  }

  @action({ params: z.object({ id: z.string(), column: z.enum(COLUMNS), index: z.number().int().min(0) }) })
  moveCard({ id, column, index }: { id: string; column: Card["column"]; index: number }) {
    const from = this.cards.findIndex((c) => c.id === id);
    if (from < 0) throw new Error(`no card ${id}`);
    const [card] = this.cards.splice(from, 1);
    card!.column = column;
    this.cards.splice(Math.min(index, this.cards.length), 0, card!);
  }
}

/** Counts the boards still alive (call after a gc). */
export function countLiveBoards(): number {
  let n = 0;
  for (const r of liveBoards) {
    if (r.deref()) n++;
    else liveBoards.delete(r);
  }
  return n;
}
