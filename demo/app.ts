/**
 * The gallery application: routes, templates, static assets and layout. Exported as a factory so that tests
 * start their own instance on a free port (`serve(createGalleryApp(), { port: 0 })`).
 * @module
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createRein, liveRoutes } from "rein";
import { layout } from "./layout.ts";
import { CounterView } from "./views/counter.tsx";
import { TemplateCounterView } from "./views/counter-template.ts";
import { IndexView } from "./views/index.tsx";
import { RowsView } from "./views/rows.tsx";
import { SearchView } from "./views/search.tsx";
import { StreamView } from "./views/stream.tsx";
import { TodoMvcView } from "./views/todomvc.tsx";
import { BackgroundView } from "./views/background.tsx";
import { CommandsView } from "./views/commands.tsx";
import { DecoratorsView } from "./views/decorators.tsx";
import { LoadingView } from "./views/loading.tsx";
import { ComponentsView } from "./views/components.tsx";
import { TourView } from "./views/tour.tsx";
import { FormView } from "./views/form.tsx";
import { FilterSidebarView, ProductListView } from "./views/dashboard.tsx";
import { ChatView } from "./views/chat.tsx";
import { BoardView } from "./views/board.tsx";
import { KanbanBoard } from "./board/board-object.ts";
import { buildBoardApp } from "./board/build.ts";

const require = createRequire(import.meta.url);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The gallery's routes, in navigation order. */
export const routes = liveRoutes([
  { path: "/", view: IndexView },
  { path: "/counter", view: CounterView },
  { path: "/counter-template", view: TemplateCounterView },
  { path: "/search", view: SearchView },
  { path: "/todomvc", view: TodoMvcView },
  { path: "/rows", view: RowsView },
  { path: "/stream", view: StreamView },
  { path: "/components", view: ComponentsView },
  { path: "/form", view: FormView },
  { path: "/decorators", view: DecoratorsView },
  { path: "/commands", view: CommandsView },
  { path: "/loading", view: LoadingView },
  { path: "/background", view: BackgroundView },
  { path: "/tour", view: TourView },
  // Two LiveViews on one page: the sidebar, then the list (`also`), talking over the client state bus.
  { path: "/dashboard", view: FilterSidebarView, also: [ProductListView], title: "Dashboard" },
  { path: "/chat", view: ChatView },
  { path: "/board", view: BoardView },
]);

/** Builds the gallery app: one instance per server (tests make their own). */
export function createGalleryApp() {
  // The React app of /board, bundled by esbuild now (synchronously): no build command to run first.
  const boardBundle = buildBoardApp();
  return createRein({
    routes,
    objects: [KanbanBoard],
    templateDirs: [here("./templates")],
    assets: {
      "/assets/gallery.css": here("./assets/gallery.css"),
      "/assets/bench.css": here("./assets/bench.css"),
      "/assets/sdui.css": here("./assets/sdui.css"),
      "/assets/form.css": here("./assets/form.css"),
      "/assets/components.css": here("./assets/components.css"),
      "/assets/chat.css": here("./assets/chat.css"),
      "/assets/board.css": here("./assets/board.css"),
      "/assets/board.js": boardBundle,
      "/assets/board.js.map": `${boardBundle}.map`,
      "/assets/todomvc.css": require.resolve("todomvc-app-css/index.css"),
    },
    layout,
  });
}
