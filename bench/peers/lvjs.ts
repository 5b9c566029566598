/**
 * LiveViewJS 0.8.1, typed: the runtime modules through their package names (so that `@liveviewjs/express` and
 * the views share one copy of `liveviewjs`: its `html` templates are recognised with `instanceof`), the types
 * from the .d.ts files the packages ship (see bench/peers/liveviewjs.d.ts).
 * @module
 */
import * as lvRuntime from "liveviewjs";
import * as lvExpressRuntime from "@liveviewjs/express";
import type * as LV from "../../node_modules/liveviewjs/dist/liveview.js";
import type * as LVE from "../../node_modules/@liveviewjs/express/dist/liveviewjs-express.js";

export type { LV, LVE };
export const lv = lvRuntime as typeof LV;
export const lvExpress = lvExpressRuntime as typeof LVE;
