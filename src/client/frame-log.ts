/**
 * The frame log: a ring buffer of the last 200 frames sent and received, whatever the transport, exposed as
 * `window.rein.log` for the debug panel (debug/panel.ts, a separate bundle). It shows what happened before the
 * panel was opened, and sets `log.on` to hear about new entries. Frames are recorded where the view layer
 * (view.ts) hands them to its transport and gets them from it, whatever the transport is. Frames a transport
 * sends on its own (heartbeats) are not recorded; the panel skips heartbeats anyway.
 * @module
 */
import type { ClientFrame, ServerFrame } from "../protocol/frames.ts";

/** A frame in the {@link frameLog}: direction (0 sent, 1 received), `performance.now()`, the frame. */
export type LogEntry = [direction: 0 | 1, at: number, frame: ClientFrame | ServerFrame];

/**
 * The log's type: the entries, oldest first, and `on`, set by the debug panel to be called with each new entry.
 * Both are read by the panel, a separate bundle, so neither name may be mangled.
 */
export type FrameLog = LogEntry[] & { on?: (entry: LogEntry) => void };

/** How many entries the log keeps. */
const CAPACITY = 200;

/** The last {@link CAPACITY} frames (`window.rein.log`). */
export const frameLog = [] as unknown as FrameLog;

/**
 * Appends a frame to the log (dropping the oldest beyond its capacity) and tells the panel. Called by the view
 * layer for every frame it sends (when the transport took it) and receives, so the log works with any transport.
 */
export const record = (direction: 0 | 1, frame: ClientFrame | ServerFrame): void => {
  const entry: LogEntry = [direction, performance.now(), frame];
  frameLog.push(entry) > CAPACITY && frameLog.shift();
  frameLog.on?.(entry);
};
