/**
 * `/board`: the page shell of the React kanban board (`demo/board/app.tsx`, on the synced object
 * `demo/board/board-object.ts`). The LiveView renders a container the LiveView client leaves alone once hydrated
 * (`rein-update="ignore"`), with the client hook `KanbanBoard` that mounts React into it, and the React bundle
 * (built by esbuild when the gallery starts: `demo/board/build.ts`). The view has no state and no handlers: the
 * board's state is the synced object's, on its own channel of a second socket opened by `rein/react`.
 * @module
 */
import { LiveView } from "rein";

/** The board page's shell. */
export class BoardView extends LiveView {
  static override title = "Kanban board";

  override render() {
    return (
      <div class="kb-shell">
        <div id="kb-root" class="kb-root" rein-update="ignore" rein-hook="KanbanBoard">
          <div class="kb-loading" role="status">
            <span class="kb-spinner" aria-hidden="true" />
            Loading the board…
          </div>
        </div>
        <script type="module" src="/assets/board.js" />
      </div>
    );
  }
}
