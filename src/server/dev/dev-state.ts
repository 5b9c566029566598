/**
 * The development state file (`devStateFile`, docs/hot-reload.md): what a development server keeps across a restart
 * (`node --watch` restarts the process when a view's code changes, since Node cannot swap an ES module in place),
 * so that browsers re-join their views with the state they had. It holds:
 * - the contents of Rein's own `MemoryBackend` (views' state, browser sessions, synced objects), with their expiry
 *   times, when the app did not bring its own backend (a shared one, such as Redis, keeps them by itself);
 * - the secret that signs join tokens and the session cookie, when none was given (`secret`, `REIN_SECRET`), so
 *   that the pages and cookies of the last run stay valid.
 *
 * Read once when the app is created, written when it closes (after every view stored its state). JSON, written to a
 * temporary file renamed over the old one (a crash mid-write leaves the last good file), readable by the user only
 * (mode 0600: it holds a signing secret). A file that cannot be read or does not have the expected shape is logged
 * and ignored: the server starts fresh.
 * @module
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { MemoryBackend, MemoryEntry } from "../../state/memory.ts";
import { MIN_SECRET_LENGTH } from "../options.ts";

/** The version of the file's shape; a file of another version is ignored. */
export const DEV_STATE_VERSION = 1;
/** Random bytes of a secret made for development (base64url-encoded: 43 characters). */
const SECRET_BYTES = 32;
/** Permissions of the file: read and write for its owner only. */
const FILE_MODE = 0o600;

/** The file's contents. */
interface DevStateFile {
  version: typeof DEV_STATE_VERSION;
  /** The signing secret, when the app has none of its own. */
  secret?: string;
  /** The memory backend's entries, when the backend is Rein's own. */
  entries?: MemoryEntry[];
}

/** What the app keeps of its own in development. */
export interface DevStateOptions {
  /** The app's secret (`secret` or `REIN_SECRET`); `undefined`: the secret is kept in the file. */
  secret: string | undefined;
  /** Rein's own memory backend, whose contents are kept; `undefined` when the app brought a backend. */
  backend: MemoryBackend | undefined;
  /** Where a file that cannot be read or written is reported. */
  log: (message: string, err?: unknown) => void;
}

/** The development state of one app: its signing secret, and how to keep it for the next run. */
export interface DevState {
  /** The secret to sign with: the app's own, else the last run's, else a new random one. */
  readonly secret: string;
  /** Writes the file (the secret when it is not the app's own, the backend's entries); logs failures, never throws. */
  save(): void;
}

/**
 * Reads the development state file (when there is one) into the app: loads the backend's entries and takes the
 * secret, and returns how to write it back at shutdown.
 * @param file - the file's absolute path (`devStateFile`).
 */
export function openDevState(file: string, o: DevStateOptions): DevState {
  const kept = read(file, o.log);
  if (kept?.entries && o.backend) o.backend.load(kept.entries);
  const secret = o.secret ?? kept?.secret ?? randomBytes(SECRET_BYTES).toString("base64url");
  return {
    secret,
    save() {
      if (o.secret !== undefined && !o.backend) return; // nothing of Rein's own to keep
      const state: DevStateFile = { version: DEV_STATE_VERSION };
      if (o.secret === undefined) state.secret = secret;
      if (o.backend) state.entries = o.backend.dump();
      try {
        mkdirSync(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(state), { mode: FILE_MODE });
        renameSync(temporary, file);
      } catch (err) {
        o.log(`hot reload: cannot write the development state file ${file}`, err);
      }
    },
  };
}

/** The file's contents, or `undefined` when there is no file or it is not one of ours (logged). */
function read(file: string, log: (message: string, err?: unknown) => void): DevStateFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") log(`hot reload: cannot read the development state file ${file}`, err);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    log(`hot reload: ${file} is not JSON; starting without it`, err);
    return undefined;
  }
  if (!isDevStateFile(parsed)) {
    log(`hot reload: ${file} is not a development state file of this version; starting without it`);
    return undefined;
  }
  return parsed;
}

function isDevStateFile(v: unknown): v is DevStateFile {
  if (v === null || typeof v !== "object") return false;
  const f = v as Record<string, unknown>;
  if (f["version"] !== DEV_STATE_VERSION) return false;
  const secret = f["secret"];
  if (secret !== undefined && (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH)) return false;
  const entries = f["entries"];
  if (entries === undefined) return true;
  return (
    Array.isArray(entries) &&
    entries.every(
      (e) => Array.isArray(e) && e.length === 3 && typeof e[0] === "string" && typeof e[1] === "string" && typeof e[2] === "number",
    )
  );
}
