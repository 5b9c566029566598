/**
 * The test helpers of rein/testing beyond ViewClient: `normalizeHtml` (snapshot tests of rendered HTML with
 * Vitest's own snapshots) and `measureEvent` (one event's cost, for benchmarks: its shape and bytes are checked
 * here, never its times).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRein, event, liveRoutes, LiveView, memo, serve } from "rein";
import { loadPage, measureEvent, normalizeHtml, PLACEHOLDER, ViewClient } from "rein/testing";

const Row = memo(({ id, label, selected }: { id: number; label: string; selected: boolean }) => (
  <tr class={selected ? "danger" : ""}>
    <td>{String(id)}</td>
    <td>{label}</td>
  </tr>
));

class ProfileView extends LiveView {
  name = "Ada";
  rows = [1, 2, 3].map((id) => ({ id, label: `row ${id}` }));
  selected = 0;
  savedAt = "2026-05-01T10:00:00.000Z";

  @event({ params: z.object({ id: z.coerce.number().int() }) })
  select({ id }: { id: number }) {
    this.selected = id;
    this.savedAt = new Date(Date.UTC(2026, 4, 1, 10, 0, id)).toISOString();
  }

  @event() boom() {
    this.name = "changed";
    throw new Error("boom");
  }

  override render() {
    return (
      <main id="profile" class="card" data-saved={this.savedAt}>
        <form rein-submit="save" method="post">
          <input type="hidden" name="_csrf" value="f3a9c0d1e2" />
          <label for="name">Name  &amp;   nick</label>
          <input id="name" name="name" value={this.name} required="" />
          <p>Saved at {this.savedAt}</p>
          <pre>{"  two  spaces\n  kept"}</pre>
        </form>
        <table>
          <tbody>
            {this.rows.map((r) => <Row key={r.id} id={r.id} label={r.label} selected={r.id === this.selected} />)}
          </tbody>
        </table>
      </main>
    );
  }
}

const TIME = { pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, placeholder: "[time]" };

describe("normalizeHtml", () => {
  it("pretty-prints a view's HTML for an inline snapshot, volatile values as placeholders", async () => {
    const c = await ViewClient.mount(ProfileView);
    expect(normalizeHtml(c.html(), { replace: [TIME] })).toMatchInlineSnapshot(`
      "<main class="card" data-saved="[time]" id="profile">
        <form method="post" rein-submit="save">
          <input name="_csrf" type="hidden" value="[csrf]">
          <label for="name">Name &amp; nick</label>
          <input id="name" name="name" required value="Ada">
          <p>Saved at [time]</p>
          <pre>  two  spaces
        kept</pre>
        </form>
        <table>
          <tbody>
            <tr class>
              <td>1</td>
              <td>row 1</td>
            </tr>
            <tr class>
              <td>2</td>
              <td>row 2</td>
            </tr>
            <tr class>
              <td>3</td>
              <td>row 3</td>
            </tr>
          </tbody>
        </table>
      </main>"
    `);
    // After an event only the changed parts differ; the time is still a placeholder.
    await c.event("select", { id: "2" });
    expect(normalizeHtml(c.html(), { replace: [TIME] })).toContain('<tr class="danger">\n        <td>2</td>');
    expect(normalizeHtml(c.html(), { replace: [TIME] })).toContain("<p>Saved at [time]</p>");
  });

  it("sorts attributes, canonicalizes entities, collapses whitespace, drops comments", () => {
    const a = normalizeHtml(`<div  id="x" class='a'   data-q="it's &amp; &quot;q&quot;"><!-- c -->\n  <b>one</b>   two\n</div>`);
    const b = normalizeHtml(`<div class="a" data-q="it&#39;s &amp; &#34;q&#34;" id="x"><b>one</b> two</div>`);
    expect(a).toBe(b);
    expect(a).toMatchInlineSnapshot(`
      "<div class="a" data-q="it's &amp; &quot;q&quot;" id="x">
        <b>one</b>
        two
      </div>"
    `);
  });

  it("replaces tokens, view ids, CSRF values and nonces, and what the options name", () => {
    const html =
      `<!DOCTYPE html><html><head><meta name="csrf-token" content="abc123"><script nonce="n0nce">let a = 1 < 2;</script></head>` +
      `<body><div rein-view rein-token="eyJhbGciOi.sig"><input name="authenticity_token" value="zzz"><span data-xsrf="q" data-now="1746093600">id 7f3a9c</span></div>` +
      `<div rein-view="v-81c2" rein-token="other.sig"></div></body></html>`;
    const out = normalizeHtml(html, {
      attributes: { "data-now": "[now]" },
      replace: [{ pattern: /\b[0-9a-f]{6}\b/, placeholder: "[hex $&]" }],
    });
    expect(out).toMatchInlineSnapshot(`
      "<!doctype html>
      <html>
        <head>
          <meta content="[csrf]" name="csrf-token">
          <script nonce="[nonce]">let a = 1 < 2;</script>
        </head>
        <body>
          <div rein-token="[token]" rein-view>
            <input name="authenticity_token" value="[csrf]">
            <span data-now="[now]" data-xsrf="[csrf]">id [hex $&amp;]</span>
          </div>
          <div rein-token="[token]" rein-view="[view-id]"></div>
        </body>
      </html>"
    `);
    expect(out).not.toMatch(/abc123|n0nce|eyJhbGciOi|zzz|1746093600|7f3a9c|v-81c2/);
    expect(PLACEHOLDER.token).toBe("[token]");
  });

  it("gives the same text for two loads of a page (different tokens and view ids)", async () => {
    class Hello extends LiveView {
      override render() {
        return <p class="hello" id="greeting">Hello</p>;
      }
    }
    const srv = await serve(createRein({ routes: liveRoutes([{ path: "/", view: Hello }]), secret: "s".repeat(32) }), { port: 0 });
    try {
      const one = await loadPage(srv.url + "/");
      const two = await loadPage(srv.url + "/");
      expect(one.token).not.toBe(two.token);
      expect(normalizeHtml(one.html)).toBe(normalizeHtml(two.html));
      expect(normalizeHtml(one.html)).toContain(`<div rein-token="[token]" rein-view>\n      <p class="hello" id="greeting">Hello</p>\n    </div>`);
    } finally {
      await srv.close();
    }
  });

  it("never throws, whatever the input", () => {
    for (const s of ["", "plain text", "<div><span>", "</p>", "<<>>", "<a href=x>unclosed", "<br/><br></br>"]) {
      expect(() => normalizeHtml(s), s).not.toThrow();
    }
    expect(normalizeHtml("<br/><img src=a.png>x")).toBe('<br>\n<img src="a.png">\nx');
  });
});

describe("measureEvent", () => {
  it("reports the times, the patches of the reply and their bytes", async () => {
    const c = await ViewClient.mount(ProfileView);
    const cost = await measureEvent(c, "select", { id: "3" });
    expect(Object.keys(cost).sort()).toEqual(["diffMs", "frameBytes", "handlerMs", "patchBytes", "patches", "renderMs", "totalMs"]);
    for (const k of ["handlerMs", "renderMs", "diffMs", "totalMs"] as const) {
      expect(typeof cost[k], k).toBe("number");
      expect(cost[k], k).toBeGreaterThanOrEqual(0);
    }
    const reply = c.frames.at(-1)!;
    expect(reply[0]).toBe("r");
    expect(cost.patches).toEqual(reply[4]);
    expect(cost.patches.length).toBeGreaterThan(0);
    expect(cost.patchBytes).toBe(Buffer.byteLength(JSON.stringify(cost.patches), "utf8"));
    expect(cost.frameBytes).toBe(Buffer.byteLength(JSON.stringify(reply), "utf8"));
    expect(cost.frameBytes).toBeGreaterThan(cost.patchBytes);
    // The view goes on as before: its own renders left the engine alone.
    expect(c.view).toMatchObject({ selected: 3 });
    const next = await c.event("select", { id: "1" });
    expect(next[0]).toBe("r");
    expect(normalizeHtml(c.html())).toContain('<tr class="danger">\n        <td>1</td>');
  });

  it("counts an event with nothing to change as zero patches", async () => {
    const c = await ViewClient.mount(ProfileView);
    await c.event("select", { id: "2" });
    const cost = await measureEvent(c, "select", { id: "2" });
    expect(cost.patches).toEqual([]);
    expect(cost.patchBytes).toBe(2); // "[]"
  });

  it("throws on an error frame, with its code", async () => {
    const c = await ViewClient.mount(ProfileView);
    await expect(measureEvent(c, "nope")).rejects.toThrow(/unknown_event/);
    await expect(measureEvent(c, "select", { id: "x" })).rejects.toThrow(/bad_params/);
    await expect(measureEvent(c, "boom")).rejects.toThrow(/handler_error/);
    expect(c.view).toMatchObject({ name: "Ada" });
  });
});
