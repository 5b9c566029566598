/** Debian's Chromium and the flags of a quiet headless run in a container: shared by every browser test. */

/** Debian's chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet headless chromium in a container. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
