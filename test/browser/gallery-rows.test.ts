/**
 * `/rows`, the keyed js-framework-benchmark table: every button, and select / remove on a row, with the
 * resulting DOM checked through the benchmark's own selectors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";

const ROWS = "table.test-data tbody tr";

/** Waits until the table has `n` rows. */
async function rowCount(page: Page, n: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll("table.test-data tbody tr").length === n, n, { timeout });
}

/** The id (first cell) of the row at 1-based `pos`. */
const idAt = (page: Page, pos: number) => page.textContent(`${ROWS}:nth-of-type(${pos}) td:first-child`);

describe.skipIf(!hasChromium)("gallery rows (js-framework-benchmark, keyed)", () => {
  let g: Gallery;
  let page: Page;
  beforeAll(async () => {
    g = await startGallery();
    page = await g.open("/rows");
  });
  afterAll(async () => {
    await g?.close();
  });

  it("has the benchmark's markup: jumbotron, six buttons, the table and the preload icon", async () => {
    await expect(page.textContent(".jumbotron h1")).resolves.toContain("keyed");
    const buttons = await page.$$eval(".jumbotron button.btn.btn-primary.btn-block", (bs) =>
      bs.map((b) => [b.id, b.textContent]),
    );
    expect(buttons).toEqual([
      ["run", "Create 1,000 rows"],
      ["runlots", "Create 10,000 rows"],
      ["add", "Append 1,000 rows"],
      ["update", "Update every 10th row"],
      ["clear", "Clear"],
      ["swaprows", "Swap Rows"],
    ]);
    expect(await page.$$("table.table.table-hover.table-striped.test-data > tbody")).toHaveLength(1);
    expect(await page.$$("span.preloadicon.glyphicon.glyphicon-remove[aria-hidden=true]")).toHaveLength(1);
    expect(await page.$$(ROWS)).toHaveLength(0);
  });

  it("#run creates 1,000 rows with ids 1..1000 and the benchmark's cells", async () => {
    await page.click("#run");
    await rowCount(page, 1000);
    await expect(idAt(page, 1)).resolves.toBe("1");
    await expect(idAt(page, 1000)).resolves.toBe("1000");
    const row = await page.$eval(`${ROWS}:first-child`, (tr) => ({
      cells: Array.from(tr.children, (td) => td.className),
      label: tr.querySelector("td.col-md-4 > a.lbl")?.textContent ?? "",
      remove: !!tr.querySelector("td.col-md-1 > a > span.glyphicon.glyphicon-remove[aria-hidden=true]"),
    }));
    expect(row.cells).toEqual(["col-md-1", "col-md-4", "col-md-1", "col-md-6"]);
    expect(row.label).toMatch(/^\w+ \w+ \w+$/);
    expect(row.remove).toBe(true);
  });

  it("#run again replaces the rows; ids keep increasing (1001..2000)", async () => {
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("table.test-data tbody tr td")?.textContent === "1001");
    await rowCount(page, 1000);
    await expect(idAt(page, 1000)).resolves.toBe("2000");
  });

  it("#add appends 1,000 rows", async () => {
    await page.click("#add");
    await rowCount(page, 2000);
    await expect(idAt(page, 1001)).resolves.toBe("2001");
    await expect(idAt(page, 2000)).resolves.toBe("3000");
  });

  it('#update appends " !!!" to every 10th label, and only to those', async () => {
    await page.click("#update");
    await page.waitForFunction(() =>
      document.querySelector("table.test-data tbody tr:nth-of-type(1991) a.lbl")?.textContent?.endsWith(" !!!"),
    );
    const flags = await page.$$eval(`${ROWS} a.lbl`, (as) => as.map((a) => a.textContent!.endsWith(" !!!")));
    expect(flags).toHaveLength(2000);
    flags.forEach((f, i) => expect(f, `row index ${i}`).toBe(i % 10 === 0));
  });

  it("#swaprows swaps the rows at index 1 and 998 (positions 2 and 999)", async () => {
    const before = [await idAt(page, 2), await idAt(page, 999)];
    await page.click("#swaprows");
    await page.waitForFunction((id) => document.querySelector("table.test-data tbody tr:nth-of-type(2) td")?.textContent === id, before[1]!);
    await expect(idAt(page, 2)).resolves.toBe(before[1]);
    await expect(idAt(page, 999)).resolves.toBe(before[0]);
    await page.click("#swaprows");
    await page.waitForFunction((id) => document.querySelector("table.test-data tbody tr:nth-of-type(2) td")?.textContent === id, before[0]!);
    await expect(idAt(page, 999)).resolves.toBe(before[1]);
  });

  it("clicking a label selects its row (tr.danger on exactly one row)", async () => {
    await page.click(`${ROWS}:nth-of-type(5) a.lbl`);
    await page.waitForSelector(`${ROWS}:nth-of-type(5).danger`);
    expect(await page.$$(`${ROWS}.danger`)).toHaveLength(1);
    await page.click(`${ROWS}:nth-of-type(7) a.lbl`);
    await page.waitForSelector(`${ROWS}:nth-of-type(7).danger`);
    expect(await page.$$(`${ROWS}.danger`)).toHaveLength(1);
  });

  it("clicking the × icon removes that row only", async () => {
    const id = await idAt(page, 3);
    const next = await idAt(page, 4);
    await page.click(`${ROWS}:nth-of-type(3) span.glyphicon-remove`);
    await rowCount(page, 1999);
    await expect(idAt(page, 3)).resolves.toBe(next);
    const ids = await page.$$eval(`${ROWS} td:first-child`, (tds) => tds.map((td) => td.textContent));
    expect(ids).not.toContain(id);
  });

  it("#clear removes every row", async () => {
    await page.click("#clear");
    await rowCount(page, 0);
  });

  it("#runlots creates 10,000 rows; #swaprows does nothing with fewer than 999 rows", async () => {
    await page.click("#runlots");
    await rowCount(page, 10_000, 60_000);
    await expect(idAt(page, 10_000)).resolves.toBe(String(3000 + 10_000));
    await page.click("#clear");
    await rowCount(page, 0);
    await page.click("#swaprows");
    await page.waitForTimeout(200);
    expect(await page.$$(ROWS)).toHaveLength(0);
    expect(pageErrors(page)).toEqual([]);
  }, 90_000);
});
