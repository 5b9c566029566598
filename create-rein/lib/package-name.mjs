// @ts-check
/**
 * The npm package name of a new application, from its folder's name.
 * @module
 */
import { basename, resolve } from "node:path";

/**
 * The package name for the application in `dir`: the folder's base name, lower-cased, every run of characters
 * npm refuses in a name (anything but `a-z`, `0-9`, `-`, `.`, `_`, `~`) turned into one `-`, leading dots,
 * underscores and dashes dropped, at most 214 characters.
 * @param {string} dir - the target folder, relative to the working directory or absolute.
 * @returns {string} a valid npm package name, e.g. `my-app` for `./My App`.
 * @throws {Error} when nothing of the folder's name is left (`"..."`, `"@@"`).
 */
export function packageNameFor(dir) {
  const folder = basename(resolve(dir));
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9\-._~]+/g, "-")
    .replace(/^[-._]+/, "")
    .replace(/-+$/, "")
    .slice(0, 214);
  if (name === "") {
    throw new Error(`cannot make a package name from the folder name "${folder}": use letters or digits`);
  }
  return name;
}
