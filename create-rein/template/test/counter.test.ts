import { ViewClient } from "rein/testing";
import { afterEach, expect, test } from "vitest";
import { CounterView } from "../src/counter.js";

let client: ViewClient<CounterView> | undefined;
afterEach(() => client?.close());

test("+ and − change the count", async () => {
  client = await ViewClient.mount(CounterView);
  expect(client.hasElement("h1", "Count: 0")).toBe(true);

  // Clicks what the markup binds, as a browser would: a typo in a binding fails here.
  await client.element("button", "+").click();
  await client.element("button", "+").click();
  expect(client.hasElement("h1", "Count: 2")).toBe(true);

  await client.element("button", "−").click();
  expect(client.hasElement("h1", "Count: 1")).toBe(true);
  expect(client.view.count).toBe(1);
});
