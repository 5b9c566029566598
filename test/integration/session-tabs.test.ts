/**
 * One browser, several tabs: they share one session. A change made in one tab must not be overwritten by another
 * tab's next change (last-writer-wins on stale copies was data loss), the other tabs show it at once (an update
 * frame), and a failing handler rolls back only what is not committed.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRein, MemoryBackend, serve, type ReinApp, type Served } from "rein";
import { OP } from "../../src/protocol/patch.ts";
import { loadPage, patchesOf, TestSocket } from "rein/testing";
import { sessionRoutes } from "../fixtures/views.tsx";

let srv: Served;
let app: ReinApp;
const backend = new MemoryBackend();
beforeAll(async () => {
  app = createRein({ routes: sessionRoutes, secret: "t".repeat(32), backend, log: () => {} });
  srv = await serve(app, { port: 0 });
});
afterAll(async () => {
  await srv.close();
});

async function tab(cookie?: string) {
  const page = await loadPage(srv.url + "/cart", cookie);
  const sock = await TestSocket.open(srv.url);
  await sock.join(1, page.token);
  return { page, sock };
}

it("two tabs of one browser add to the same session list without losing each other's items", async () => {
  const a = await tab();
  const b = await tab(a.page.cookie);
  await a.sock.event(1, "add", { sku: "apple" });
  await b.sock.event(1, "add", { sku: "pear" }); // B had loaded the session before A's change
  await a.sock.event(1, "add", { sku: "fig" });
  const reload = await loadPage(srv.url + "/cart", a.page.cookie);
  expect(reload.html).toContain("<p>apple,pear,fig</p>");
  // A failing handler in B rolls back its own uncommitted change, not A's committed ones.
  expect((await b.sock.event(1, "fail"))[3]).toBe("handler_error");
  // B was shown A's "fig" as it happened (an update frame), so its own change sends only ",kiwi".
  await expect.poll(() => b.sock.frames.some((f) => f[0] === "u" && JSON.stringify(f).includes("fig"))).toBe(true);
  expect(patchesOf(await b.sock.event(1, "add", { sku: "kiwi" }))).toEqual([[OP.appendText, [0, 0], ",kiwi"]]);
  expect(app.stats()).toEqual({ sockets: 2, views: 2, liveSessions: 1 }); // one shared session for both tabs
  a.sock.close();
  b.sock.close();
  await a.sock.waitClosed();
  await b.sock.waitClosed();
  await new Promise((r) => setTimeout(r, 50));
  // Close means cleanup: the session leaves memory with its last tab (it stays in the backend).
  expect(app.stats()).toEqual({ sockets: 0, views: 0, liveSessions: 0 });
  expect((await loadPage(srv.url + "/cart", a.page.cookie)).html).toContain("<p>apple,pear,fig,kiwi</p>");
});
