/**
 * Test helpers for Rein applications (`import { ViewClient, TestSocket } from "rein/testing"`).
 * - {@link ViewClient}: one view in process, through the real session engine; works with fake timers.
 * - {@link TestSocket} and {@link loadPage}: the full stack over HTTP and a real WebSocket.
 * @module
 */
export * from "./socket-client.ts";
export * from "./view-client.ts";
export { unpack } from "../vdom/pack.ts";
