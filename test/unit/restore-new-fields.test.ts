/**
 * A view restored from state stored by an older version of its class (a deploy, a development restart under
 * hot reload) keeps the class defaults of fields added since; a rollback still removes fields a handler added.
 */
import { describe, expect, it } from "vitest";
import { LiveView } from "rein";
import { jsx } from "rein/jsx-runtime";
import { buildView, rollbackView, snapshotView, staticContext, storedState } from "../../src/session/lifecycle.ts";

class Before extends LiveView {
  count = 0;
  override render() {
    return jsx("p", { children: String(this.count) });
  }
}
class After extends LiveView {
  count = 0;
  label = "added later";
  override render() {
    return jsx("p", { children: `${this.label}: ${this.count}` });
  }
}

describe("restoring stored state into a newer class", () => {
  it("keeps the defaults of fields the stored state lacks", async () => {
    const old = new Before();
    old.count = 5;
    const saved = storedState(old);
    const ctx = staticContext({}, () => {});
    const view = (await buildView(After as never, {}, new URL("http://x/"), ctx, saved)) as After;
    expect(view.count).toBe(5);
    expect(view.label).toBe("added later");
  });

  it("a rollback still removes a field a handler added", () => {
    const view = new Before();
    const point = snapshotView(view, false);
    (view as unknown as Record<string, unknown>)["extra"] = 1;
    rollbackView(view, point);
    expect("extra" in view).toBe(false);
  });
});
