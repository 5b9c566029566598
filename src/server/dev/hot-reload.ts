/**
 * Hot reload in development (`hotReload`, docs/hot-reload.md; djust's `hot_reload`):
 * - a file under a template directory changes: every connected view renders again at once, with its state, and
 *   its browser gets the update frame (`ViewChannel.update()`, queued behind the view's frames like any change);
 * - an asset of the `assets` option changes: browsers listening on the reload socket swap the stylesheet (`.css`)
 *   without a page reload, or reload the page (any other file);
 * - pages load the reload script (`DEV_CLIENT_PATH`) after the client's ({@link devLayout}).
 * View code is the restart's business (`node --watch`, with the development state file: dev-state.ts). Nothing of
 * this exists while `hotReload` is off.
 * @module
 */
import type { IncomingMessage } from "node:http";
import { dirname, extname, resolve } from "node:path";
import type { Duplex } from "node:stream";
import { DEV_CLIENT_PATH } from "../../protocol/paths.ts";
import { ViewChannel } from "../../session/view-channel.ts";
import type { Connection } from "../connection.ts";
import type { PageParts } from "../layout.ts";
import { ReloadSocket } from "./reload-socket.ts";
import { FileWatcher } from "./watch.ts";

/** The extension of the assets swapped in place; a change to any other asset reloads the page. */
const STYLESHEET_EXTENSION = ".css";

/** The tag that loads the reload script, after the client's. */
export const DEV_SCRIPT_TAG = `<script src="${DEV_CLIENT_PATH}" type="module"></script>`;

/** What {@link HotReload} watches and whom it tells. */
export interface HotReloadOptions {
  /** Directories of Nunjucks templates, watched with their subdirectories; `[]`: none. */
  templateDirs: readonly string[];
  /** The application's assets, URL path to file path (`ReinOptions.assets`); each file's directory is watched. */
  assets: Readonly<Record<string, string>>;
  /** Origins allowed to open the reload socket (`ReinOptions.allowedOrigins`). */
  allowedOrigins: readonly string[] | undefined;
  /** The open connections, whose views render again when a template changes. */
  connections: () => Iterable<Connection>;
  /** Where a directory that cannot be watched is reported. */
  log: (message: string, err?: unknown) => void;
}

/** The watchers and the reload socket of one app in development. */
export class HotReload {
  readonly #socket: ReloadSocket;
  readonly #watcher: FileWatcher;

  /** Starts watching at once (watchers never keep the process alive; {@link close} stops them). */
  constructor(o: HotReloadOptions) {
    this.#socket = new ReloadSocket(o.allowedOrigins);
    const templateDirs = o.templateDirs.map((d) => resolve(d));
    /** Absolute file path to the URL paths that serve it. */
    const assets = new Map<string, string[]>();
    for (const [url, file] of Object.entries(o.assets)) {
      const path = resolve(file);
      assets.set(path, [...(assets.get(path) ?? []), url]);
    }
    this.#watcher = new FileWatcher((file) => {
      if (templateDirs.some((d) => file === d || file.startsWith(d + "/") || file.startsWith(d + "\\"))) {
        rerenderViews(o.connections());
      }
      for (const [path, urls] of assets) {
        // The file itself, or its directory when the platform did not name the file.
        if (path !== file && dirname(path) !== file) continue;
        for (const url of urls) this.#socket.send(extname(path) === STYLESHEET_EXTENSION ? ["css", url] : ["reload", url]);
      }
    }, o.log);
    for (const dir of templateDirs) this.#watcher.watch(dir, true);
    for (const dir of new Set([...assets.keys()].map((f) => dirname(f)))) {
      if (!templateDirs.includes(dir)) this.#watcher.watch(dir, false);
    }
  }

  /** Number of pages listening on the reload socket. */
  get listeners(): number {
    return this.#socket.size;
  }

  /** Takes an upgrade to `DEV_SOCKET_PATH`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#socket.upgrade(req, socket, head);
  }

  /** Stops the watchers and closes the reload sockets (browsers reconnect to the next server). */
  close(): void {
    this.#watcher.close();
    this.#socket.close();
  }
}

/**
 * Renders every joined view of `connections` again, state kept, each in its own queue (its browser gets an update
 * frame when the markup changed). Stateful components that did not change keep what they rendered last.
 * @returns the number of views asked to render.
 */
export function rerenderViews(connections: Iterable<Connection>): number {
  let n = 0;
  for (const c of connections) {
    for (const ch of c.channels.values()) {
      if (ch instanceof ViewChannel && !ch.closed) {
        ch.update();
        n++;
      }
    }
  }
  return n;
}

/** `layout` with the reload script's tag appended to the page's body (after the client's script). */
export function devLayout(layout: (page: PageParts) => string): (page: PageParts) => string {
  return (page) => layout({ ...page, body: page.body + DEV_SCRIPT_TAG });
}
