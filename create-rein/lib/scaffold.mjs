// @ts-check
/**
 * Writes a new application: the template's files, then its `package.json`.
 * @module
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { starterManifest } from "./manifest.mjs";
import { packageNameFor } from "./package-name.mjs";

/** The starter's files, shipped in create-rein's package. */
export const TEMPLATE_DIR = fileURLToPath(new URL("../template/", import.meta.url));

/**
 * Files stored under another name in the template, because `npm pack` would leave them out (or read them) under
 * their own: template name to the name in the application.
 * @type {Readonly<Record<string, string>>}
 */
const RENAMED = { gitignore: ".gitignore" };

/** Refusal to write into a folder that holds something: a user's error, printed without a stack. */
export class TargetNotEmptyError extends Error {}

/**
 * What {@link scaffold} made.
 * @typedef {object} Scaffolded
 * @property {string} dir - the application's folder, absolute.
 * @property {string} name - its package name.
 */

/**
 * Creates the application in `dir`: copies the template, names the package after the folder.
 * @param {string} dir - the target folder (created with its parents when missing; an empty one is used).
 * @returns {Scaffolded} where it was written and under which name.
 * @throws {TargetNotEmptyError} when `dir` is a file, or a folder with anything in it; nothing is written.
 * @throws {Error} when the folder's name gives no package name, or on a file system error.
 */
export function scaffold(dir) {
  const target = resolve(dir);
  const name = packageNameFor(target);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) {
      throw new TargetNotEmptyError(`${target} is a file: choose a new folder name`);
    }
    if (readdirSync(target).length > 0) {
      throw new TargetNotEmptyError(`${target} is not empty: choose a new folder name, or empty it first`);
    }
  }
  mkdirSync(target, { recursive: true });
  cpSync(TEMPLATE_DIR, target, { recursive: true });
  for (const [from, to] of Object.entries(RENAMED)) {
    if (existsSync(join(target, from))) renameSync(join(target, from), join(target, to));
  }
  writeFileSync(join(target, "package.json"), JSON.stringify(starterManifest(name), null, 2) + "\n");
  return { dir: target, name };
}
