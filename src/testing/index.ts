/**
 * Test helpers for Rein applications (`import { TestSocket } from "rein/testing"`).
 * @module
 */
export * from "./socket-client.ts";
