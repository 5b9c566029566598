/**
 * Watching files for hot reload (docs/hot-reload.md): `fs.watch` on directories (a watched directory survives
 * editors that save by writing a temporary file and renaming it over the original, which a watch on the file itself
 * would lose), with a short settle time per file so that the several events of one save make one change.
 * Watchers never keep the process alive (`persistent: false`) and {@link FileWatcher.close} stops them all.
 * @module
 */
import { type FSWatcher, watch } from "node:fs";
import { join, resolve } from "node:path";

/** How long a file must stay quiet after an event before its change is reported, in ms. */
export const SETTLE_MS = 50;

/** Reports changes of the files under some directories. */
export class FileWatcher {
  readonly #changed: (file: string) => void;
  readonly #log: (message: string, err?: unknown) => void;
  readonly #watchers = new Set<FSWatcher>();
  readonly #pending = new Map<string, NodeJS.Timeout>();

  /**
   * @param changed - called with the absolute path of a file that changed (created, written, renamed, deleted),
   *   once per file and settle time; with the directory itself when the platform does not name the file.
   * @param log - where a directory that cannot be watched is reported.
   */
  constructor(changed: (file: string) => void, log: (message: string, err?: unknown) => void) {
    this.#changed = changed;
    this.#log = log;
  }

  /**
   * Watches `dir` (resolved against `process.cwd()`); with `recursive`, its subdirectories too, including those
   * created later. A directory that does not exist or cannot be watched is logged and skipped (never throws).
   */
  watch(dir: string, recursive: boolean): void {
    const root = resolve(dir);
    let w: FSWatcher;
    try {
      w = watch(root, { recursive, persistent: false }, (_event, name) => this.#event(name ? join(root, name) : root));
    } catch (err) {
      this.#log(`hot reload: cannot watch ${root}`, err);
      return;
    }
    w.on("error", (err) => {
      this.#log(`hot reload: stopped watching ${root}`, err);
      w.close();
      this.#watchers.delete(w);
    });
    this.#watchers.add(w);
  }

  /** Stops every watcher and drops changes not yet reported. */
  close(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers.clear();
    for (const t of this.#pending.values()) clearTimeout(t);
    this.#pending.clear();
  }

  #event(file: string): void {
    clearTimeout(this.#pending.get(file));
    const timer = setTimeout(() => {
      this.#pending.delete(file);
      this.#changed(file);
    }, SETTLE_MS);
    timer.unref();
    this.#pending.set(file, timer);
  }
}
