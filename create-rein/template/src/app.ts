import { createRein, liveRoutes } from "rein";
import { CounterView } from "./counter.js";

/** The application: its routes, each a LiveView. Add pages here. */
export const app = createRein({
  routes: liveRoutes([{ path: "/", view: CounterView }]),
});
