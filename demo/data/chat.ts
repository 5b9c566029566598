/**
 * The chat's data (`/chat`, demo/views/chat.tsx): the rooms, the shapes of what travels between views on PubSub,
 * the zod schemas of the browser's events, and the pure helpers the view uses to fold presence diffs and history
 * answers into what it shows. There is no message store here on purpose: messages live only in the views of the
 * people in a room (see the view's module comment).
 * @module
 */
import { z } from "zod";

/** A room of the chat: a PubSub topic (`chat:<id>`) for its messages and its presence. */
export interface Room {
  id: string;
  title: string;
  about: string;
}

/** The fixed rooms, in the order of the sidebar. */
export const ROOMS = [
  { id: "general", title: "general", about: "Anything goes: say hello." },
  { id: "random", title: "random", about: "Off-topic, links, cat pictures in words." },
  { id: "help", title: "help", about: "Questions about Rein, answered by whoever is here." },
] as const satisfies readonly Room[];

/** A room's id. */
export type RoomId = (typeof ROOMS)[number]["id"];

const ROOM_IDS = ROOMS.map((r) => r.id) as [RoomId, ...RoomId[]];

/** The room with id `id`. */
export function roomOf(id: RoomId): Room {
  return ROOMS.find((r) => r.id === id)!;
}

/** The PubSub topic of a room: its messages, its presence diffs and its history requests. */
export const roomTopic = (room: RoomId): string => `chat:${room}`;

/** The topic of one user's tabs: a rename reaches every tab of the browser, on whichever process it is served. */
export const userTopic = (userId: string): string => `chat-user:${userId}`;

/** The longest message, in characters (after trimming). */
export const TEXT_MAX = 500;
/** The shortest and the longest name, in characters (after cleaning). */
export const NAME_MIN = 2;
export const NAME_MAX = 20;
/** How many lines (messages and notes) a view keeps of the room it shows, and sends as history. */
export const KEEP = 50;
/** Typing is cleared this long after the last keystroke the server heard of. */
export const TYPING_PAUSE_MS = 3000;

/** Control characters and bidirectional overrides (which could reorder what others see); never kept. */
const UNSAFE = /[\p{Cc}\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** A name as shown: normalized (NFKC), without control or bidi characters, spaces collapsed, trimmed. */
export function cleanName(raw: string): string {
  return raw.normalize("NFKC").replace(UNSAFE, "").replace(/\s+/gu, " ").trim();
}

/** A message as stored: without control or bidi characters, trimmed. */
export function cleanText(raw: string): string {
  return raw.replace(UNSAFE, " ").trim();
}

/** `setName`: the name typed on the page, cleaned, 2 to 20 characters with at least one letter or digit. */
export const NameParams = z.object({
  name: z
    .string()
    .max(200)
    .transform(cleanName)
    .pipe(
      z
        .string()
        .min(NAME_MIN, `a name has at least ${NAME_MIN} characters`)
        .max(NAME_MAX, `a name has at most ${NAME_MAX} characters`)
        .regex(/[\p{L}\p{N}]/u, "a name needs a letter or a digit"),
    ),
});

/** `send`: the message box's text, cleaned; empty or longer than {@link TEXT_MAX} is refused (bad_params). */
export const SendParams = z.object({
  text: z
    .string()
    .max(10_000)
    .transform(cleanText)
    .pipe(z.string().min(1, "an empty message is not sent").max(TEXT_MAX, `a message has at most ${TEXT_MAX} characters`)),
});

/** `typing`: what the message box holds now (debounced by the browser). */
export const TypingParams = z.object({ value: z.string().max(10_000) });

/** `join`: one of the rooms. */
export const RoomParams = z.object({ room: z.enum(ROOM_IDS) });

/** A line of the log: a message someone sent, or a note this view made itself ("Ada joined"). */
export interface Line {
  id: string;
  kind: "msg" | "note";
  /** The sender's user id (empty for notes). */
  from: string;
  /** The sender's name when sent. */
  name: string;
  text: string;
  /** Epoch ms, by the sending process's clock. */
  at: number;
  /** The room it was said in (a message still on its way from a room the view just left is dropped). */
  room: RoomId;
}

/** A message as it travels on PubSub (in a "message" broadcast and in history answers): checked on arrival. */
export const MessageShape = z.object({
  id: z.string().min(1).max(64),
  kind: z.literal("msg"),
  from: z.string().min(1).max(64),
  name: z.string().min(1).max(NAME_MAX),
  text: z.string().min(1).max(TEXT_MAX),
  at: z.number(),
  room: z.enum(ROOM_IDS),
});

/** A history answer: the messages a view holds, for the view whose `tab` asked. */
export const HistoryShape = z.object({ to: z.string().min(1), room: z.enum(ROOM_IDS), messages: z.array(MessageShape).max(KEEP) });

/** A history request: the view whose `tab` just joined `room` asks the views there for what they hold. */
export const HistoryRequestShape = z.object({ tab: z.string().min(1), room: z.enum(ROOM_IDS) });

/** One presence on a room: one tab of one user. */
export interface Person {
  /** The track's ref (one per tab). */
  ref: string;
  /** The user id (the presence key): the same in every tab of one browser. */
  key: string;
  name: string;
  typing: boolean;
  /** The tab's id (a view's `tab`): how a view recognizes its own presence. */
  tab: string;
  /** The room of the presence (a diff still on its way from a room the view just left is ignored). */
  room: string;
}

/** The presence lists and diffs Rein delivers: `{ [key]: { metas: [{ ...meta, ref }] } }`. */
export type PresenceList = Record<string, { metas: Array<Record<string, unknown> & { readonly ref: string }> }>;

/** The people of a presence list (`listPresence`, or one side of a `presence_diff`). */
export function peopleOf(list: PresenceList): Person[] {
  const out: Person[] = [];
  for (const [key, { metas }] of Object.entries(list ?? {})) {
    for (const m of metas ?? []) {
      if (typeof m?.ref !== "string") continue;
      out.push({
        ref: m.ref,
        key,
        name: typeof m["name"] === "string" && m["name"] !== "" ? m["name"] : "someone",
        typing: m["typing"] === true,
        tab: typeof m["tab"] === "string" ? m["tab"] : "",
        room: typeof m["room"] === "string" ? m["room"] : "",
      });
    }
  }
  return out;
}

/**
 * Applies a presence diff (leaves first, then joins, by ref: an update of a meta is a leave and a join of the same
 * ref) and says which users arrived, left or were renamed, by comparing users (keys) before and after. Joins of
 * another room (a diff still on its way from a room the view just left) are ignored.
 */
export function applyDiff(
  people: readonly Person[],
  diff: { joins: PresenceList; leaves: PresenceList },
  room: string,
): { people: Person[]; arrived: Person[]; left: Person[]; renamed: Array<{ from: string; to: string }> } {
  const byRef = new Map(people.map((p) => [p.ref, p]));
  for (const p of peopleOf(diff.leaves)) byRef.delete(p.ref);
  for (const p of peopleOf(diff.joins).filter((j) => j.room === room)) byRef.set(p.ref, p);
  const next = [...byRef.values()];
  const before = new Set(people.map((p) => p.key));
  const after = new Set(next.map((p) => p.key));
  const arrived = distinctUsers(next.filter((p) => !before.has(p.key)));
  const left = distinctUsers(people.filter((p) => !after.has(p.key)));
  // A user whose shown name changed (their tabs follow one by one: only the first change of the name counts).
  const renamed = distinctUsers(next.filter((p) => before.has(p.key)))
    .map((p) => ({ from: nameOf(people, p.key), to: nameOf(next, p.key) }))
    .filter((r) => r.from !== r.to);
  return { people: next, arrived, left, renamed };
}

/** The name a user is shown under: that of their newest presence (`"someone"` for a user not present). */
export function nameOf(people: readonly Person[], key: string): string {
  for (let i = people.length - 1; i >= 0; i--) if (people[i]!.key === key) return people[i]!.name;
  return "someone";
}

/** One presence per user (the first), in order. */
export function distinctUsers(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.key) && seen.add(p.key));
}

/** Merges lines by id, sorted by time (then id), keeping the last {@link KEEP}. */
export function mergeLines(mine: readonly Line[], more: readonly Line[]): Line[] {
  const byId = new Map(mine.map((l) => [l.id, l]));
  for (const l of more) if (!byId.has(l.id)) byId.set(l.id, l);
  return [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(-KEEP);
}

/** "Ada is typing", "Ada and Bob are typing", "Ada, Bob and 2 others are typing"; `""` for nobody. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing`;
}

/** Up to two initials of a name, for its avatar. */
export function initials(name: string): string {
  const words = name.split(" ").filter((w) => /[\p{L}\p{N}]/u.test(w));
  const first = (w: string | undefined) => (w ? [...w][0]!.toUpperCase() : "");
  return (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : "")) || "?";
}

const HUES = [230, 262, 292, 330, 12, 32, 152, 172, 196, 210];

/** A stable avatar colour for a user id. */
export function hueOf(userId: string): number {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length]!;
}

/** "14:05", by the server's clock. */
export function clock(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
