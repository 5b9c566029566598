/**
 * The browser runtime against the real server in chromium: what unit tests in happy-dom can't show. Version
 * gaps recover through a resync, events fired while disconnected are sent after the re-join, error frames
 * reject `rein.sendEvent` without reloading, a refused token reloads the page once and only once, and form
 * serialization matches the real `FormData` (every option of a `<select multiple>`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, pageErrors, startGallery, waitConnected, type Gallery } from "../helpers/browser.ts";

describe.skipIf(!hasChromium)("client protocol in chromium", () => {
  let g: Gallery;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });

  it("recovers from a version gap with a resync, without a reload", async () => {
    const page = await g.context.newPage();
    const sent: string[] = [];
    let dropped = false;
    // Man in the middle: lose the first reply from the server, as a buggy proxy would.
    await page.routeWebSocket(/\/rein\/ws$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        sent.push(String(m));
        server.send(m);
      });
      server.onMessage((m) => {
        if (!dropped && String(m).startsWith('["r"')) dropped = true;
        else ws.send(m);
      });
    });
    await page.goto(g.url + "/counter");
    await waitConnected(page);
    await page.evaluate(() => ((window as any).loads = 1));
    await page.click("button[aria-label=Increment]"); // reply lost: the DOM stays at 0
    await page.click("button[aria-label=Increment]"); // reply at version +2: a gap
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "2", undefined, { timeout: 5_000 });
    expect(sent.filter((f) => f.startsWith('["s"'))).toHaveLength(1);
    await expect(page.evaluate(() => (window as any).loads)).resolves.toBe(1); // same document
    await page.click("button[aria-label=Increment]");
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "3");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it("queues an event fired while disconnected and sends it after the re-join", async () => {
    const page = await g.open("/counter");
    // Offline first, so the reconnect (full jitter: it may come within milliseconds) cannot succeed until the
    // event is queued; otherwise the test races the backoff.
    await page.context().setOffline(true);
    g.app.dropConnections();
    await page.waitForSelector("[rein-view].rein-disconnected", { timeout: 5_000 });
    const pending = page.evaluate(async () => {
      const queued = !window.rein.connected;
      const r = await window.rein.sendEvent("add", { by: "4" });
      return { queued, type: r[0] };
    });
    await page.waitForTimeout(300); // the event sits in the queue while the browser is offline
    await page.context().setOffline(false);
    const reply = await pending;
    expect(reply).toEqual({ queued: true, type: "r" });
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "4");
    await waitConnected(page);
    await page.close();
  });

  it("rejects sendEvent on an error frame, dispatches rein:error, and stays connected", async () => {
    const page = await g.open("/counter");
    const out = await page.evaluate(async () => {
      let detail: unknown;
      document.querySelector("[rein-view]")!.addEventListener("rein:error", (e) => (detail = (e as CustomEvent).detail));
      const err = await window.rein.sendEvent("noSuchHandler").then(
        () => null,
        (e: Error & { code: string }) => e.code,
      );
      return { err, detail, connected: window.rein.connected };
    });
    expect(out.err).toBe("unknown_event");
    expect(out.detail).toMatchObject({ code: "unknown_event" });
    expect(out.connected).toBe(true);
    expect(pageErrors(page).join("\n")).toContain("unknown_event");
    await page.click("button[aria-label=Increment]");
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "1");
    await page.close();
  });

  it("reloads once when the server refuses the token (close 1008), never in a loop", async () => {
    const ctx = await g.newContext();
    const page = await ctx.newPage();
    let loads = 0;
    page.on("load", () => loads++);
    // Forge the token of every join. (Rewriting the HTML with page.route would trip chromium's local
    // network access checks on the WebSocket.)
    await page.routeWebSocket(/\/rein\/ws$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(String(m).replace(/^(\["j",\d+,)"[^"]*"/, '$1"forged"')));
    });
    const refused = page.waitForEvent("console", { predicate: (m) => m.text().includes("token refused"), timeout: 10_000 });
    await page.goto(g.url + "/counter");
    await refused;
    await page.waitForTimeout(500);
    expect(loads).toBe(2);
    await expect(page.evaluate(() => sessionStorage.getItem("rein:reloaded"))).resolves.toBe("1");
    await ctx.close();
  });

  it("serializes forms like the browser's FormData: nested names, every selected option", async () => {
    const page = await g.open("/counter");
    const params = await page.evaluate(async () => {
      const f = document.createElement("form");
      f.setAttribute("rein-submit", "probe");
      f.innerHTML = `<input name="user[email]" value="a@b.c"><input type="checkbox" name="tags[]" value="x" checked>
        <input type="checkbox" name="tags[]" value="y"><select name="ids[]" multiple><option selected>1</option>
        <option>2</option><option selected>3</option></select><button name="op" value="save">s</button>`;
      document.querySelector("[rein-view]")!.append(f);
      // Capture the event frame by wrapping WebSocket.prototype.send.
      const orig = WebSocket.prototype.send;
      const frame = new Promise<string>((ok) => {
        WebSocket.prototype.send = function (this: WebSocket, d: string) {
          if (d.startsWith('["e"')) ok(d);
          return orig.call(this, d);
        } as typeof orig;
      });
      f.querySelector("button")!.click();
      const d = await frame;
      WebSocket.prototype.send = orig;
      return JSON.parse(d)[4];
    });
    expect(params).toEqual({ user: { email: "a@b.c" }, tags: ["x"], ids: ["1", "3"], op: "save" });
    await page.close();
  });
});
