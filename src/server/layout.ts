/**
 * The HTML page around a view: what a layout receives, and the default one.
 * @module
 */

/** The parts of a page that a layout assembles. */
export interface PageParts {
  /** Page title (route title, else the view's `static title`, else the path), HTML-escaped. */
  title: string;
  /** Extra tags for `<head>` (none by default). */
  head: string;
  /**
   * The view container with its server-rendered children (one container per view when the route has `also`
   * views, in page order), followed by the client's `<script>` tag (after the HTTP fallback's, with
   * `transport: "http"`).
   */
  body: string;
  /** The request path, e.g. for highlighting the current link of a navigation bar. */
  path: string;
}

/** The default layout: a minimal HTML5 page. */
export function defaultLayout(page: PageParts): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${page.title}</title>${page.head}` +
    `</head><body>${page.body}</body></html>`
  );
}
