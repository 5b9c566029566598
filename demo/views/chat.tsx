/**
 * `/chat`: a chat with rooms, built on PubSub and presence only. Works the same on one process (memory) and across
 * the workers of `npm run start:cluster` (Redis), with no code of its own for either.
 *
 * - **Rooms** are PubSub topics (`chat:general`...). The view subscribes to the room it shows and tracks its user
 *   there; switching room unsubscribes and untracks, then subscribes and tracks anew.
 * - **Messages** are broadcast on the room's topic; every view there (the sender's too) gets `handleInfo("message")`
 *   and keeps the last {@link KEEP} lines. Nothing else stores them: no database, no shared buffer.
 * - **History** is asked of the room: when the view sees its own presence join a room (which also proves its
 *   subscription is live, so no answer can be missed), it lists the presences and broadcasts `"history?"`; every
 *   other view in the room answers with the messages it holds (`"history"`, addressed to the asking tab), and the
 *   asker merges them by id. So you see what the people present have seen (up to 50 lines); an empty room forgets.
 *   It is correct across processes because it only uses the PubSub; its cost is one answer per view present
 *   (fine for a demo room, not for a room of thousands). A reconnect asks again, which also fills what was missed.
 * - **Who is online** is presence on the room's topic: key = the user id (one per browser session, so a user's tabs
 *   count once), meta = `{ name, typing, tab, room }`; `presence_diff` messages keep the list current.
 * - **Typing**: the message box sends `typing` with its text, debounced by the browser (`rein-debounce="250"`; the
 *   debounce is flushed before the send, so the order is always typing then send). The first non-empty text sets
 *   the presence meta `typing: true` (one presence update, not one per keystroke); a server timer clears it
 *   {@link TYPING_PAUSE_MS} after the last keystroke heard, and the send clears it at once.
 * - **The name** is kept in the browser session (`this.session`): every tab of the browser uses it; a rename
 *   reaches the other tabs through the user's own topic.
 * @module
 */
import { randomUUID } from "node:crypto";
import { LiveView, addController, event, rateLimit, type Params, type Session, type ViewController } from "rein";
import {
  KEEP,
  NAME_MAX,
  NameParams,
  ROOMS,
  RoomParams,
  SendParams,
  TEXT_MAX,
  TYPING_PAUSE_MS,
  TypingParams,
  HistoryRequestShape,
  HistoryShape,
  MessageShape,
  applyDiff,
  clock,
  distinctUsers,
  hueOf,
  initials,
  mergeLines,
  nameOf,
  peopleOf,
  roomOf,
  roomTopic,
  typingText,
  userTopic,
  type Line,
  type Person,
  type PresenceList,
  type RoomId,
} from "../data/chat.ts";

/** Who this browser is in the chat. */
interface Me {
  /** The presence key: one per browser session. */
  id: string;
  name: string;
}

/**
 * Clears the typing flag after a pause. Runtime, not state (a view controller): a restored view that was typing
 * starts it again when it connects; it stops when the view disconnects.
 */
class TypingPause implements ViewController {
  readonly #view: ChatView;
  #timer: NodeJS.Timeout | undefined;

  constructor(view: ChatView) {
    this.#view = view;
    addController(view, this);
  }

  /** (Re)starts the pause: typing ends {@link TYPING_PAUSE_MS} from now unless another keystroke comes. */
  arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#view.typingPaused(), TYPING_PAUSE_MS);
  }

  disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  hostConnected(): void {
    if (this.#view.typing) this.arm();
  }

  hostDisconnected(): void {
    this.disarm();
  }
}

const note = (text: string, room: RoomId): Line => ({ id: randomUUID(), kind: "note", from: "", name: "", text, at: Date.now(), room });

/** The chat page. */
export class ChatView extends LiveView {
  static override title = "Chat";

  /** `null` until a name is chosen (this tab then shows the name form). */
  me: Me | null = null;
  room: RoomId = "general";
  /** This tab's id: history answers are addressed to it, and it finds the view's own presence in diffs. */
  tab = "";
  /** The ref of this tab's presence in the room, once seen in a diff (a new ref means: joined anew, sync). */
  myRef = "";
  /** Whether the presence list of the room has been loaded since joining it. */
  synced = false;
  /** The presences in the room (one per tab). */
  people: Person[] = [];
  /** The last {@link KEEP} lines of the room: messages, and notes this view made ("Ada joined"). */
  lines: Line[] = [];
  /** What the message box holds, as last sent by the browser (the server empties it after a send). */
  draft = "";
  /** Whether this tab shows "typing" to the others. */
  typing = false;
  /** The name form is open in the sidebar. */
  editingName = false;

  readonly #pause = new TypingPause(this);

  override mount(_params: Params, session: Session): void {
    this.tab = randomUUID();
    const id = session["chatId"];
    const name = session["chatName"];
    if (typeof id === "string" && id !== "" && typeof name === "string" && name !== "") this.#enter({ id, name });
  }

  // ---- handlers ---------------------------------------------------------------------------------------------

  @event({ params: NameParams, description: "Chooses (or changes) the name the others see; kept in the browser session." })
  async setName({ name }: { name: string }): Promise<void> {
    const session = this.session;
    const id = this.me?.id ?? (typeof session["chatId"] === "string" && session["chatId"] !== "" ? session["chatId"] : randomUUID());
    session["chatId"] = id;
    session["chatName"] = name;
    this.editingName = false;
    if (!this.me) return this.#enter({ id, name });
    if (this.me.name === name) return;
    this.me = { id, name };
    this.track(roomTopic(this.room), id, this.#meta());
    // The browser's other tabs (on this process or another) track under the new name too.
    await this.broadcast(userTopic(id), "renamed", { name });
  }

  @event({ description: "Opens the name form." })
  editName(): void {
    this.editingName = true;
  }

  @event({ description: "Closes the name form." })
  cancelName(): void {
    this.editingName = false;
  }

  @event({ params: RoomParams, description: "Switches to another room." })
  join({ room }: { room: RoomId }): void {
    if (room === this.room) return;
    if (!this.me) {
      this.room = room;
      return;
    }
    this.#pause.disarm();
    this.typing = false;
    this.untrack(roomTopic(this.room), this.me.id);
    this.unsubscribe(roomTopic(this.room));
    this.#joinRoom(room);
  }

  /** The message box changed (debounced by the browser): keeps the draft, sets or clears "typing". */
  @event({ params: TypingParams, description: "The message box changed." })
  typingChanged({ value }: { value: string }): void {
    this.draft = value;
    const typing = value.trim() !== "";
    if (typing) this.#pause.arm();
    else this.#pause.disarm();
    if (typing !== this.typing) this.#setTyping(typing);
  }

  /** The timer of {@link TypingPause}: nobody typed for a while. Not an event: the browser cannot call it. */
  typingPaused(): void {
    if (!this.typing) return;
    this.#setTyping(false);
    this.update();
  }

  /**
   * Sends a message to the room. Refused (bad_params) when empty or too long, (rate_limited) past 5 per second;
   * a refusal changes nothing, and the browser keeps the text in the box.
   */
  @rateLimit({ rate: 5, burst: 10 })
  @event({ params: SendParams, description: "Sends a message to the room." })
  async send({ text }: { text: string }): Promise<void> {
    const me = this.me;
    if (!me) throw new Error("choose a name first");
    const line: Line = { id: randomUUID(), kind: "msg", from: me.id, name: me.name, text, at: Date.now(), room: this.room };
    // Shown at once; the copy that comes back from the PubSub is recognized by its id.
    this.lines = mergeLines(this.lines, [line]);
    this.draft = "";
    this.#pause.disarm();
    if (this.typing) this.#setTyping(false);
    // If the PubSub refuses (Redis down), this throws: the view rolls back and the text stays in the box.
    await this.broadcast(roomTopic(this.room), "message", line);
  }

  // ---- messages from the room ---------------------------------------------------------------------------------

  override async handleInfo(event: string, payload: unknown): Promise<void> {
    switch (event) {
      case "message": {
        const m = MessageShape.safeParse(payload);
        if (m.success && m.data.room === this.room) this.lines = mergeLines(this.lines, [m.data]);
        return;
      }
      case "presence_diff":
        return this.#presenceDiff(payload as { joins: PresenceList; leaves: PresenceList });
      case "history?": {
        const ask = HistoryRequestShape.safeParse(payload);
        if (!ask.success || ask.data.tab === this.tab || ask.data.room !== this.room || !this.synced) return;
        const messages = this.lines.filter((l) => l.kind === "msg");
        if (messages.length === 0) return;
        // Best effort: a failed answer (Redis down) must not show an error to this user, who did nothing.
        await this.broadcast(roomTopic(this.room), "history", { to: ask.data.tab, room: this.room, messages }).catch(() => {});
        return;
      }
      case "history": {
        const h = HistoryShape.safeParse(payload);
        if (h.success && h.data.to === this.tab && h.data.room === this.room) this.lines = mergeLines(this.lines, h.data.messages);
        return;
      }
      case "renamed": {
        const name = (payload as { name?: unknown })?.name;
        if (!this.me || typeof name !== "string" || name === "" || name.length > NAME_MAX || name === this.me.name) return;
        this.me = { ...this.me, name };
        this.track(roomTopic(this.room), this.me.id, this.#meta());
        return;
      }
    }
  }

  async #presenceDiff(diff: { joins: PresenceList; leaves: PresenceList }): Promise<void> {
    if (!diff || typeof diff !== "object") return;
    const { people, arrived, left, renamed } = applyDiff(this.people, diff, this.room);
    this.people = people;
    const mine = peopleOf(diff.joins).find((p) => p.tab === this.tab && p.room === this.room);
    // This tab's own join: its subscription is live (the diff came through it), so ask the room now.
    if (mine && mine.ref !== this.myRef) return this.#sync(mine.ref);
    if (!this.synced) return;
    const notes: Line[] = [];
    for (const p of arrived) if (p.key !== this.me?.id) notes.push(note(`${p.name} joined`, this.room));
    for (const p of left) if (p.key !== this.me?.id) notes.push(note(`${p.name} left`, this.room));
    for (const r of renamed) notes.push(note(`${r.from} is now ${r.to}`, this.room));
    if (notes.length) this.lines = mergeLines(this.lines, notes);
  }

  /** Loads who is in the room and asks the room for its recent messages. */
  async #sync(ref: string): Promise<void> {
    const room = this.room;
    this.myRef = ref;
    const first = !this.synced;
    this.people = peopleOf(await this.listPresence(roomTopic(room))).filter((p) => p.room === room);
    this.synced = true;
    if (first) {
      const others = distinctUsers(this.people).filter((p) => p.key !== this.me?.id).length;
      const here = others === 0 ? "nobody else is here yet" : others === 1 ? "1 other person is here" : `${others} other people are here`;
      this.lines = mergeLines(this.lines, [note(`You joined #${room}: ${here}`, room)]);
    }
    // Best effort too: without answers the log starts empty, as it would in an empty room.
    await this.broadcast(roomTopic(room), "history?", { tab: this.tab, room }).catch(() => {});
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  #enter(me: Me): void {
    this.me = me;
    this.subscribe(userTopic(me.id));
    this.#joinRoom(this.room);
  }

  #joinRoom(room: RoomId): void {
    this.room = room;
    this.people = [];
    this.lines = [];
    this.myRef = "";
    this.synced = false;
    this.subscribe(roomTopic(room));
    this.track(roomTopic(room), this.me!.id, this.#meta());
  }

  #setTyping(typing: boolean): void {
    this.typing = typing;
    if (this.me) this.track(roomTopic(this.room), this.me.id, this.#meta());
  }

  #meta(): Record<string, unknown> {
    return { name: this.me!.name, typing: this.typing, tab: this.tab, room: this.room };
  }

  // ---- render ---------------------------------------------------------------------------------------------

  override render() {
    return <div class="chat">{this.me ? this.#chat(this.me) : this.#welcome()}</div>;
  }

  #welcome() {
    const suggested = typeof this.session["chatName"] === "string" ? this.session["chatName"] : "";
    return (
      <section class="chat-welcome" aria-labelledby="chat-welcome-title">
        <div class="chat-welcome-card">
          <span class="chat-welcome-mark" aria-hidden="true">
            #
          </span>
          <h2 id="chat-welcome-title">Join the chat</h2>
          <p>
            Pick a name: the others see it next to your messages and in the list of who is online. It is kept in this
            browser's session, so your other tabs use it too.
          </p>
          <form class="chat-name-form" id="chat-name-form" rein-submit="setName">
            <label class="chat-label" for="chat-name">
              Your name
            </label>
            <div class="chat-name-row">
              <input
                class="chat-input"
                id="chat-name"
                name="name"
                value={suggested}
                maxlength={NAME_MAX}
                required
                autocomplete="off"
                autofocus
                placeholder="e.g. Ada Lovelace"
              />
              <button type="submit" class="g-btn g-btn-primary" rein-loading:disable>
                Join #{roomOf(this.room).title}
              </button>
            </div>
          </form>
          <p class="chat-fine">
            2 to {NAME_MAX} characters, with a letter or a digit. To chat with yourself, open this page in a second
            browser or a private window.
          </p>
        </div>
      </section>
    );
  }

  #chat(me: Me) {
    const room = roomOf(this.room);
    // You first, then the others by name.
    const users = distinctUsers(this.people).sort(
      (a, b) => Number(b.key === me.id) - Number(a.key === me.id) || this.#nameOf(a.key).localeCompare(this.#nameOf(b.key)),
    );
    const typers = users.filter((u) => u.key !== me.id && this.people.some((p) => p.key === u.key && p.typing)).map((u) => this.#nameOf(u.key));
    const hasMessages = this.lines.some((l) => l.kind === "msg");
    return (
      <div class="chat-app">
        <aside class="chat-side" aria-label="You and the rooms">
          {this.editingName ? (
            <form class="chat-me chat-me-edit" id="chat-rename" rein-submit="setName">
              <label class="chat-label" for="chat-rename-input">
                Your name
              </label>
              <input class="chat-input" id="chat-rename-input" name="name" value={me.name} maxlength={NAME_MAX} required autocomplete="off" autofocus />
              <div class="chat-me-buttons">
                <button type="submit" class="chat-small-btn is-primary">
                  Save
                </button>
                <button type="button" class="chat-small-btn" rein-click="cancelName">
                  Cancel
                </button>
              </div>
            </form>
          ) : (
            <div class="chat-me">
              {avatar(me.id, me.name)}
              <div class="chat-me-text">
                <strong id="chat-me-name">{me.name}</strong>
                <span class="chat-me-status">online</span>
              </div>
              <button type="button" class="chat-icon-btn" id="chat-edit-name" rein-click="editName" aria-label="Change your name" title="Change your name">
                <svg viewBox="0 0 24 24" aria-hidden="true">
                  <path d="M4 20h4L19 9l-4-4L4 16v4z" />
                  <path d="M13.5 6.5l4 4" />
                </svg>
              </button>
            </div>
          )}
          <h3 class="chat-side-title">Rooms</h3>
          <ul class="chat-rooms">
            {ROOMS.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  class={{ "chat-room": true, "is-current": r.id === this.room }}
                  id={`chat-room-${r.id}`}
                  rein-click="join"
                  rein-value-room={r.id}
                  aria-current={r.id === this.room ? "true" : undefined}
                >
                  <span class="chat-hash" aria-hidden="true">
                    #
                  </span>
                  {r.title}
                </button>
              </li>
            ))}
          </ul>
          <p class="chat-side-note">
            Each room is a PubSub topic: this one is <code>{roomTopic(this.room)}</code>.
          </p>
        </aside>

        <section class="chat-main" aria-label={`#${room.title}`}>
          <header class="chat-head">
            <div>
              <h2 class="chat-room-title" id="chat-room-title">
                <span aria-hidden="true">#</span>
                {room.title}
              </h2>
              <p class="chat-room-about">{room.about}</p>
            </div>
            <span class="chat-online-pill" id="chat-online-count">
              <i aria-hidden="true" />
              {users.length} online
            </span>
          </header>
          <div class="chat-scroll">
            <ol class="chat-log" id="chat-log" aria-live="polite" aria-label="Messages">
              <li class="chat-start" key="start">
                <strong>{hasMessages ? `This is #${room.title}.` : `No messages in #${room.title} yet.`}</strong> Messages
                live only in the pages of the people here: when you join, theirs send you the last {KEEP} lines they
                hold. A room nobody is in forgets everything.
              </li>
              {this.lines.map((l, i) => this.#line(l, this.lines[i - 1], me))}
            </ol>
          </div>
          <p class={{ "chat-typing": true, "is-on": typers.length > 0 }} id="chat-typing" aria-live="polite">
            {typers.length > 0 ? (
              <>
                <span class="chat-dots" aria-hidden="true">
                  <i />
                  <i />
                  <i />
                </span>
                {typingText(typers)}…
              </>
            ) : null}
          </p>
          <form class="chat-compose" id="chat-compose" rein-submit="send">
            <input
              class="chat-input chat-compose-input"
              id="chat-text"
              name="text"
              value={this.draft}
              rein-input="typingChanged"
              rein-debounce="250"
              maxlength={TEXT_MAX}
              required
              autocomplete="off"
              placeholder={`Message #${room.title}`}
              aria-label={`Message #${room.title}`}
            />
            <button type="submit" class="g-btn g-btn-primary chat-send">
              Send
            </button>
          </form>
          <p class="chat-compose-hint">
            <span>Enter sends · empty or over {TEXT_MAX} characters is refused by the server</span>
            <span class={{ "chat-count": true, "is-near": this.draft.length > TEXT_MAX - 50 }} id="chat-count">
              {this.draft.length}/{TEXT_MAX}
            </span>
          </p>
        </section>

        <aside class="chat-people" aria-labelledby="chat-people-title">
          <h3 class="chat-side-title" id="chat-people-title">
            Online in #{room.title}
          </h3>
          {users.length === 0 ? (
            <p class="chat-people-empty">Joining…</p>
          ) : (
            <ul class="chat-people-list" id="chat-people">
              {users.map((u) => {
                const tabs = this.people.filter((p) => p.key === u.key);
                const typing = tabs.some((p) => p.typing);
                return (
                  <li key={u.key} class={{ "chat-person": true, "is-me": u.key === me.id, "is-typing": typing }} data-user={u.key}>
                    {avatar(u.key, this.#nameOf(u.key), true)}
                    <span class="chat-person-name">{this.#nameOf(u.key)}</span>
                    {u.key === me.id ? <span class="chat-you">you</span> : null}
                    {typing ? (
                      <span class="chat-person-typing" aria-label="typing">
                        typing…
                      </span>
                    ) : tabs.length > 1 ? (
                      <span class="chat-person-tabs">{tabs.length} tabs</span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          <p class="chat-side-note">
            Presence: each open tab is tracked on the room's topic, with its name and a <code>typing</code> flag. A
            closed tab leaves at once.
          </p>
        </aside>
      </div>
    );
  }

  /** A user's current name (that of their newest presence), for people who are here. */
  #nameOf(key: string): string {
    return nameOf(this.people, key);
  }

  #line(l: Line, prev: Line | undefined, me: Me) {
    if (l.kind === "note") {
      return (
        <li key={l.id} class="chat-note">
          <span>{l.text}</span>
          <time>{clock(l.at)}</time>
        </li>
      );
    }
    // Consecutive messages of one sender within 5 minutes share one header.
    const cont = prev?.kind === "msg" && prev.from === l.from && l.at - prev.at < 5 * 60_000;
    const mine = l.from === me.id;
    return (
      <li key={l.id} class={{ "chat-msg": true, "is-cont": cont, "is-mine": mine }} data-from={l.from}>
        {cont ? <time class="chat-msg-gutter">{clock(l.at)}</time> : avatar(l.from, l.name)}
        <div class="chat-msg-body">
          {cont ? null : (
            <div class="chat-msg-head">
              <strong class="chat-msg-name">{l.name}</strong>
              {mine ? <span class="chat-you">you</span> : null}
              <time>{clock(l.at)}</time>
            </div>
          )}
          <p class="chat-msg-text">{l.text}</p>
        </div>
      </li>
    );
  }
}

/** A round avatar with initials, coloured by user id. */
function avatar(userId: string, name: string, small = false) {
  return (
    <span class={{ "chat-avatar": true, "is-small": small }} style={`--hue:${hueOf(userId)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
