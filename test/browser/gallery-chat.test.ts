/**
 * `/chat` in Chromium, two users in two browser contexts (two sessions) on one gallery: each sees the other online,
 * a message from one appears for the other, typing shows for the other and clears after a pause and on send,
 * switching room changes presence (and the room's history comes from the views present), bad input gets the
 * normal error frame and loses nothing, and the name is kept in the browser session (a second tab uses it; a
 * rename, sanitized, reaches the others). Across processes: chat-cluster.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CONNECTED, hasChromium, pageErrors, screenshot, startGallery, type Gallery } from "../helpers/browser.ts";
import { TYPING_PAUSE_MS } from "../../demo/data/chat.ts";
import { joinChat, logHas, messages, people, say, typingLine } from "../helpers/chat.ts";

describe.skipIf(!hasChromium)("gallery chat", () => {
  let g: Gallery;
  let ada: Page;
  let bob: Page;
  beforeAll(async () => {
    g = await startGallery();
  });
  afterAll(async () => {
    await g?.close();
  });

  it("a name is asked first; two users then see each other online", async () => {
    ada = await g.open("/chat", await g.newContext());
    await expect(ada.textContent("#chat-welcome-title")).resolves.toBe("Join the chat");
    await joinChat(ada, "Ada");
    await expect.poll(() => people(ada)).toEqual(["Ada"]);
    await logHas(ada, "You joined #general: nobody else is here yet");

    bob = await g.open("/chat", await g.newContext());
    await joinChat(bob, "Bob");
    await expect.poll(() => people(bob)).toEqual(["Bob", "Ada"]);
    await expect.poll(() => people(ada)).toEqual(["Ada", "Bob"]);
    await logHas(ada, "Bob joined");
    await logHas(bob, "You joined #general: 1 other person is here");
    await expect(ada.textContent("#chat-online-count")).resolves.toBe("2 online");
    await expect(bob.$eval(".chat-person.is-me .chat-you", (e) => e.textContent)).resolves.toBe("you");
  });

  it("a message from one appears for the other; the sender's box empties", async () => {
    await say(ada, "Hello Bob!");
    await expect.poll(() => messages(bob)).toEqual(["Hello Bob!"]);
    await expect.poll(() => messages(ada)).toEqual(["Hello Bob!"]);
    await say(bob, "Hi Ada, welcome.");
    await expect.poll(() => messages(ada)).toEqual(["Hello Bob!", "Hi Ada, welcome."]);
    // The sender sees its own message once (shown at once, its PubSub copy recognized by id).
    await expect.poll(() => messages(bob)).toEqual(["Hello Bob!", "Hi Ada, welcome."]);
    await expect(bob.$eval(`#chat-log .chat-msg.is-mine .chat-msg-name`, (e) => e.textContent)).resolves.toBe("Bob");
  });

  it("typing shows for the other, clears after a pause, and clears on send", async () => {
    await bob.locator("#chat-text").pressSequentially("I am typ", { delay: 20 });
    await expect.poll(() => typingLine(ada)).toBe("Bob is typing…");
    await expect(ada.textContent(".chat-person:not(.is-me) .chat-person-typing")).resolves.toBe("typing…");
    // Nobody sees their own typing.
    await expect(typingLine(bob)).resolves.toBe("");
    // A pause: the server clears it after TYPING_PAUSE_MS; the text stays in Bob's box.
    await ada.waitForFunction(() => document.querySelector("#chat-typing")?.textContent === "", null, {
      timeout: TYPING_PAUSE_MS + 3000,
    });
    await expect(bob.inputValue("#chat-text")).resolves.toBe("I am typ");
    // Typing again shows it again; the send clears it at once.
    await bob.locator("#chat-text").pressSequentially("ing", { delay: 20 });
    await expect.poll(() => typingLine(ada)).toBe("Bob is typing…");
    await bob.press("#chat-text", "Enter");
    await expect.poll(() => messages(ada)).toContain("I am typing");
    await expect.poll(() => typingLine(ada), { timeout: 1000 }).toBe("");
    await expect(bob.inputValue("#chat-text")).resolves.toBe("");
  });

  it("switching room unsubscribes and untracks: presence and messages follow the room", async () => {
    await bob.click("#chat-room-random");
    await bob.waitForFunction(() => document.querySelector("#chat-room-title")?.textContent === "#random");
    await expect.poll(() => people(ada)).toEqual(["Ada"]);
    await logHas(ada, "Bob left");
    await expect.poll(() => people(bob)).toEqual(["Bob"]);
    await expect(bob.getAttribute("#chat-room-random", "aria-current")).resolves.toBe("true");
    // Bob's view left #general's topic: a message there no longer reaches it, and its log is #random's.
    await say(bob, "Anyone in random?");
    await say(ada, "Only me in general now");
    await expect.poll(() => messages(bob)).toEqual(["Anyone in random?"]);
    await expect(messages(ada)).resolves.not.toContain("Anyone in random?");
    // Ada joins #random: she sees Bob there, and Bob's view sends her the room's history.
    await ada.click("#chat-room-random");
    await expect.poll(() => people(ada)).toEqual(["Ada", "Bob"]);
    await expect.poll(() => messages(ada)).toEqual(["Anyone in random?"]);
    await logHas(bob, "Ada joined");
    await logHas(ada, "You joined #random: 1 other person is here");
    await say(ada, "Here I am");
    await expect.poll(() => messages(bob)).toEqual(["Anyone in random?", "Here I am"]);
  });

  it("bad input gets the normal error frame and loses nothing", async () => {
    await ada.locator("#chat-text").fill("keep this text");
    const refused = (name: string, params: Record<string, string>) =>
      ada.evaluate(
        ([name, params]) => window.rein.sendEvent(name, params).then(() => "ok", (e: { code: string }) => e.code),
        [name, params] as const,
      );
    await expect(refused("send", { text: "" })).resolves.toBe("bad_params");
    await expect(refused("send", { text: "   \u0007  " })).resolves.toBe("bad_params");
    await expect(refused("send", { text: "x".repeat(501) })).resolves.toBe("bad_params");
    await expect(refused("setName", { name: "!!" })).resolves.toBe("bad_params");
    await expect(refused("setName", { name: "x".repeat(21) })).resolves.toBe("bad_params");
    await expect(refused("join", { room: "secret" })).resolves.toBe("bad_params");
    // Nothing changed: still connected, same room, same log, the text still in the box; then it sends.
    await expect(ada.$(CONNECTED)).resolves.not.toBeNull();
    await expect(messages(ada)).resolves.toEqual(["Anyone in random?", "Here I am"]);
    await expect(ada.inputValue("#chat-text")).resolves.toBe("keep this text");
    await expect(ada.textContent("#chat-me-name")).resolves.toBe("Ada");
    await ada.press("#chat-text", "Enter");
    await expect.poll(() => messages(bob)).toContain("keep this text");
    // A message of exactly 500 characters is fine.
    const longest = "The longest message the server takes is exactly five hundred characters long. ".repeat(7).slice(0, 500);
    await say(ada, longest);
    await expect.poll(() => messages(bob)).toContain(longest);
  });

  it("the name is kept in the browser session: a second tab uses it, a rename (sanitized) reaches everyone", async () => {
    const ada2 = await g.open("/chat", ada.context());
    await ada2.waitForSelector(".chat-app");
    await expect(ada2.textContent("#chat-me-name")).resolves.toBe("Ada");
    await ada2.click("#chat-room-random");
    await expect.poll(() => bob.textContent(".chat-person:not(.is-me) .chat-person-tabs")).toBe("2 tabs");
    await expect.poll(() => people(bob)).toEqual(["Bob", "Ada"]);

    await ada.click("#chat-edit-name");
    await ada.fill("#chat-rename-input", "  Ada \u202e  Lovelace\u0007 ");
    await ada.press("#chat-rename-input", "Enter");
    await expect.poll(() => ada.textContent("#chat-me-name")).toBe("Ada Lovelace");
    await expect.poll(() => ada2.textContent("#chat-me-name")).toBe("Ada Lovelace");
    await expect.poll(() => people(bob)).toEqual(["Bob", "Ada Lovelace"]);
    await logHas(bob, "Ada is now Ada Lovelace");
    await ada2.close();
    await expect.poll(() => bob.locator(".chat-person-tabs").count()).toBe(0);
    await expect(people(bob)).resolves.toEqual(["Bob", "Ada Lovelace"]);
  });

  it("screenshots: two users chatting", async () => {
    await say(bob, "Nice rename!");
    await say(ada, "Thanks. Switch rooms and watch the list on the right.");
    await say(bob, "Presence follows me around, neat");
    await bob.locator("#chat-text").pressSequentially("Shall we try #help next", { delay: 10 });
    await expect.poll(() => typingLine(ada)).toBe("Bob is typing…");
    for (const p of [ada, bob]) await p.evaluate(() => window.scrollTo(0, 0));
    await screenshot(ada, "chat-ada");
    await screenshot(bob, "chat-bob");
    expect(pageErrors(bob).filter((e) => !/bad_params/.test(e))).toEqual([]);
    expect(pageErrors(ada).filter((e) => !/bad_params/.test(e))).toEqual([]);
  });
});
