/**
 * `/board` in Chromium: the React kanban board on the synced object `KanbanBoard`, in three tabs: A and A2 (two
 * pages of one browser context: one session) and B (another context: another browser). A card added in A shows in
 * B; a title edited in B (a JSON Patch from the browser) shows in A, one over 80 characters is refused by the schema
 * and undone; moves by the → button and by drag and drop reach the others; "Import 500 cards" started in A shows its
 * progress in B and stops when B cancels it; a picture dropped onto a card is shown by every tab, a file that is no
 * image is refused by its magic bytes; an edit made while A's sockets are down reaches the server and B after the
 * reconnect. Every wait is on a DOM condition (or the server's state), never a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";
import { ObjectSocket } from "../helpers/object-socket.ts";
import type { Board } from "../../demo/board/schema.ts";

/** The titles of the cards of `column` in `page`, top to bottom. */
function titles(page: Page, column: "todo" | "doing" | "done"): Promise<string[]> {
  return page.$$eval(`section[data-column="${column}"] .kb-card`, (els) => els.map((e) => (e as HTMLElement).dataset["title"] ?? ""));
}

/** The column that holds the card titled `title` in `page`, or `null`. */
function columnOf(page: Page, title: string): Promise<string | null> {
  return page.evaluate((t) => {
    const card = [...document.querySelectorAll<HTMLElement>(".kb-card")].find((c) => c.dataset["title"] === t);
    return card?.closest<HTMLElement>("section[data-column]")?.dataset["column"] ?? null;
  }, title);
}

/** The card titled `title`. */
const card = (page: Page, title: string) => page.locator(`.kb-card[data-title="${title}"]`);

/** Opens `/board` and waits until React shows the server's state with the socket up. */
async function openBoard(g: Gallery, context?: BrowserContext): Promise<Page> {
  const page = await g.open("/board", context);
  await page.waitForSelector(".kb.is-ready .kb-conn.is-online");
  return page;
}

/** The server's state of the board, read by a fresh socket of its own. */
async function serverBoard(g: Gallery): Promise<Board> {
  const socket = await ObjectSocket.open(g.url);
  try {
    const snapshot = await socket.join(1, "kanban");
    return snapshot[3] as Board;
  } finally {
    socket.close();
  }
}

/** Renames the card `from` to `to` in `page` through its inline editor. */
async function rename(page: Page, from: string, to: string): Promise<void> {
  await page.click(`[aria-label="Edit title of “${from}”"]`);
  await page.fill('[aria-label="Card title"]', to);
  await page.press('[aria-label="Card title"]', "Enter");
}

describe.skipIf(!hasChromium)("gallery board (React on a synced object)", () => {
  let g: Gallery;
  let a: Page;
  let a2: Page;
  let b: Page;
  let contextB: BrowserContext;

  beforeAll(async () => {
    g = await startGallery();
    a = await openBoard(g);
    a2 = await openBoard(g);
    contextB = await g.newContext();
    b = await openBoard(g, contextB);
  });
  afterAll(async () => {
    for (const page of [a, a2, b]) if (page) expect(pageErrors(page).filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await g?.close();
  });

  it("shows the first board, the same in every tab, with its explanation", async () => {
    for (const page of [a, a2, b]) {
      await expect(titles(page, "todo")).resolves.toEqual(["Open this page in a second tab", "Drag me to Doing (or press →)", "Drop an image onto a card"]);
      await expect(titles(page, "doing")).resolves.toEqual(["Click a title to edit it", "Import 500 cards, then cancel"]);
      await expect(titles(page, "done")).resolves.toEqual(["Define the board as a zod schema"]);
    }
    await expect(a.textContent(".kb-explain")).resolves.toContain("Open this page in two tabs");
    await expect(a.textContent(".kb-explain")).resolves.toContain('useSynced<Board>("kanban", EMPTY)');
    await expect(a.textContent(".kb-explain")).resolves.toContain("type Board = z.infer<");
    await expect(a.textContent(".g-how")).resolves.toContain("z.infer<typeof BoardSchema>");
  });

  it("a card added in A appears in B and in A's second tab", async () => {
    await a.fill('[aria-label="New card in To do"]', "Ship the board demo");
    await a.click('[aria-label="Add card to To do"]');
    await expect.poll(() => titles(b, "todo")).toContain("Ship the board demo");
    await expect.poll(() => titles(a2, "todo")).toContain("Ship the board demo");
    await expect(titles(a, "todo")).resolves.toContain("Ship the board demo");
    await expect(a.inputValue('[aria-label="New card in To do"]')).resolves.toBe("");
  });

  it("a title edited in B (a patch from the browser) appears in A; one the schema refuses is undone", async () => {
    await rename(b, "Ship the board demo", "Ship the kanban demo");
    await expect.poll(() => titles(a, "todo")).toContain("Ship the kanban demo");
    await expect.poll(() => titles(a2, "todo")).toContain("Ship the kanban demo");
    await b.waitForSelector('.kb-pending:text("all changes saved")');

    // 81 characters: shown at once in B, refused by BoardSchema on the server, undone, and B says why.
    const long = "x".repeat(81);
    await rename(b, "Ship the kanban demo", long);
    await b.waitForSelector('.kb-toast-error:has-text("Change undone")');
    await expect.poll(() => titles(b, "todo")).toContain("Ship the kanban demo");
    await expect((await serverBoard(g)).cards.some((c) => c.title === long)).toBe(false);
    await expect(titles(a, "todo")).resolves.not.toContain(long);
  });

  it("a card moved with → in A moves in B; dragging a card to another column moves it too", async () => {
    await a.click('[aria-label="Move “Ship the kanban demo” right"]');
    await expect.poll(() => columnOf(b, "Ship the kanban demo")).toBe("doing");
    await expect.poll(() => columnOf(a, "Ship the kanban demo")).toBe("doing");
    // Moved to the top of its new column.
    await expect(titles(b, "doing").then((t) => t[0])).resolves.toBe("Ship the kanban demo");

    // HTML5 drag and drop in B: the card onto the Done column's list, below its only card.
    await card(b, "Drag me to Doing (or press →)").dragTo(b.locator('section[data-column="done"] .kb-list'), {
      targetPosition: { x: 40, y: 90 },
    });
    await expect.poll(() => titles(a, "done")).toEqual(["Define the board as a zod schema", "Drag me to Doing (or press →)"]);
    await expect.poll(() => titles(b, "done")).toEqual(["Define the board as a zod schema", "Drag me to Doing (or press →)"]);
  });

  it("Import 500 cards started in A shows its progress in B; Cancel in B stops it", async () => {
    await a.click('[aria-label="Import 500 cards"]');
    // B sees the task run (runningTasks) and its progress grow, batch by batch.
    await b.waitForSelector('[aria-label="Cancel import"]');
    await b.waitForFunction(() => Number(document.querySelector('[aria-label="Import progress"]')?.getAttribute("aria-valuenow")) >= 30);
    await b.click('[aria-label="Cancel import"]');

    // Both tabs: the import button is back (runningTasks is empty) and the status says where it stopped.
    for (const page of [a, b]) {
      await page.waitForSelector('[aria-label="Import 500 cards"]');
      await page.waitForSelector('.kb-import-status[data-status="cancelled"]');
    }
    const status = (await b.textContent(".kb-import-status"))!;
    const done = Number(/^Cancelled at (\d+) \/ 500$/.exec(status)?.[1]);
    expect(done).toBeGreaterThanOrEqual(30);
    expect(done).toBeLessThan(500);
    await expect(a.textContent(".kb-import-status")).resolves.toBe(status);
    // The starter (A) gets the server's toast.
    await a.waitForSelector(`.kb-toast-warning:has-text("Import cancelled after ${done} of 500 cards")`);

    // The server: the task is gone, and exactly the cards of the batches done were added.
    const server = await serverBoard(g);
    expect(server.runningTasks).toEqual([]);
    expect(server.importer).toEqual({ status: "cancelled", done, total: 500 });
    expect(server.cards.filter((c) => c.imported)).toHaveLength(done);
    await expect.poll(() => b.locator(".kb-card.is-imported").count()).toBe(done);
    await expect(a.textContent('[aria-label="Clear imported cards"]')).resolves.toBe(`Clear imported (${done})`);
  });

  it("a picture dropped onto a card shows in every tab; a file that is no image is refused", async () => {
    const target = "Drop an image onto a card";
    // A real drop event with a DataTransfer holding a PNG drawn in the page (Chromium cannot drag files headless).
    await card(a, target).evaluate(async (el) => {
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 140;
      const ctx = canvas.getContext("2d")!;
      const sky = ctx.createLinearGradient(0, 0, 320, 140);
      sky.addColorStop(0, "#6366f1");
      sky.addColorStop(1, "#22d3ee");
      ctx.fillStyle = sky;
      ctx.fillRect(0, 0, 320, 140);
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.beginPath();
      ctx.arc(250, 45, 22, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = "#312e81";
      ctx.beginPath();
      ctx.moveTo(0, 140);
      ctx.lineTo(90, 60);
      ctx.lineTo(160, 120);
      ctx.lineTo(215, 80);
      ctx.lineTo(320, 140);
      ctx.fill();
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
      const data = new DataTransfer();
      data.items.add(new File([blob], "mountains.png", { type: "image/png" }));
      for (const type of ["dragenter", "dragover", "drop"]) {
        el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data, clientX: 10, clientY: 10 }));
      }
    });
    for (const page of [a, a2, b]) {
      await card(page, target).locator('img[src^="data:image/png;base64,"]').waitFor();
    }
    await a.waitForSelector(`.kb-toast-success:has-text('Picture added to "${target}"')`);
    expect((await serverBoard(g)).images).toSatisfy((images: Record<string, string>) => Object.values(images).some((u) => u.startsWith("data:image/png;base64,iVBOR")));

    // A text file named like a PNG, through the card's file input: the server checks the magic bytes and refuses it.
    await card(b, "Click a title to edit it").locator("input.kb-file").setInputFiles({
      name: "not-really.png",
      mimeType: "image/png",
      buffer: Buffer.from("just some text, no picture"),
    });
    await b.waitForSelector('.kb-toast-error:has-text("Not an image Rein takes")');
    await expect(card(b, "Click a title to edit it").locator("img").count()).resolves.toBe(0);
  });

  it("an edit made while A's sockets are down reaches the server and B after the reconnect", async () => {
    await g.context.setOffline(true); // A's reconnects fail until it is back online
    g.app.dropConnections();
    await a.waitForSelector(".kb-conn.is-offline");
    await rename(a, "Open this page in a second tab", "Edited while offline");
    // Shown in A at once, counted as pending; B (another browser, online) does not have it.
    await a.waitForSelector('.kb-pending.has-pending:text("1 change not acknowledged yet")');
    await expect(titles(a, "todo")).resolves.toContain("Edited while offline");
    await b.waitForSelector(".kb-conn.is-online");
    await expect(titles(b, "todo")).resolves.toContain("Open this page in a second tab");

    await g.context.setOffline(false);
    await a.waitForSelector(".kb-conn.is-online");
    await expect.poll(() => titles(b, "todo")).toContain("Edited while offline");
    await a.waitForSelector('.kb-pending:text("all changes saved")');
    await expect.poll(() => titles(a2, "todo")).toContain("Edited while offline");
    const server = await serverBoard(g);
    expect(server.cards.filter((c) => c.title === "Edited while offline")).toHaveLength(1);
    expect(server.cards.some((c) => c.title === "Open this page in a second tab")).toBe(false);
  });

  it("looks finished: a screenshot of two tabs", async () => {
    await a.click('[aria-label="Clear imported cards"]');
    await expect.poll(() => b.locator(".kb-card.is-imported").count()).toBe(0);
    await a.waitForSelector('.kb-toast-info:has-text("Cleared")');
    await a.screenshot({ path: "/tmp/board.png", fullPage: true });
    await b.screenshot({ path: "/tmp/board-b.png", fullPage: true });
  });
});
