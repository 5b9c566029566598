/**
 * Driving `/chat` (demo/views/chat.tsx) in Chromium: join under a name, say something, read who is online, the
 * messages and the typing line. Shared by the one-process and the two-process chat tests.
 */
import { expect } from "vitest";
import type { Page } from "playwright-core";

/** Chooses `name` on the name form and waits for the chat (the view tracks the user once the name is set). */
export async function joinChat(page: Page, name: string): Promise<void> {
  await page.fill("#chat-name", name);
  await page.press("#chat-name", "Enter");
  await page.waitForSelector(".chat-app");
}

/** Types `text` into the message box and sends it with Enter; resolves once the box is empty again (sent). */
export async function say(page: Page, text: string): Promise<void> {
  await page.locator("#chat-text").fill(text);
  await page.press("#chat-text", "Enter");
  await page.waitForFunction(() => (document.querySelector("#chat-text") as HTMLInputElement | null)?.value === "");
}

/** The names in the "online" list, in order (you first). */
export const people = (page: Page): Promise<string[]> =>
  page.$$eval("#chat-people .chat-person-name", (els) => els.map((e) => e.textContent ?? ""));

/** The texts of the messages in the log (notes excluded), oldest first. */
export const messages = (page: Page): Promise<string[]> =>
  page.$$eval("#chat-log .chat-msg-text", (els) => els.map((e) => e.textContent ?? ""));

/** What the typing line says (`""` when nobody else types). */
export const typingLine = async (page: Page): Promise<string> => ((await page.textContent("#chat-typing")) ?? "").trim();

/** Waits until the log shows a note (or message) containing `text`. */
export async function logHas(page: Page, text: string, timeout = 5000): Promise<void> {
  await expect.poll(async () => (await page.textContent("#chat-log")) ?? "", { timeout }).toContain(text);
}
