/**
 * The gallery's page layout: the full HTML document around a view. The server calls it for the first paint of
 * every route with the page title, the `<head>` tags Rein needs (client script, token), the view container
 * (`body`) and the request path. Everything here is static chrome; only `body` is live.
 * @module
 */
import { DEMOS, demoFor } from "./pages.ts";

/** What the server passes to the layout. */
export interface LayoutProps {
  /** Page title (the route's title or the view's `static title`). */
  title: string;
  /** Tags Rein needs in `<head>`. */
  head: string;
  /** The view container with the first render inside. */
  body: string;
  /** The request path, e.g. "/todomvc". */
  path: string;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Extra stylesheets for the demos that keep their own official look. */
const EXTRA_CSS: Record<string, string[]> = {
  "/todomvc": ["/assets/todomvc.css"],
  "/rows": ["/assets/bench.css"],
  "/form": ["/assets/form.css"],
  "/decorators": ["/assets/sdui.css"],
  "/components": ["/assets/sdui.css", "/assets/components.css"],
  "/commands": ["/assets/sdui.css"],
  "/loading": ["/assets/sdui.css"],
  "/background": ["/assets/sdui.css"],
  "/tour": ["/assets/sdui.css"],
  "/chat": ["/assets/chat.css"],
  "/board": ["/assets/board.css"],
};

/** A CSS-friendly name of a path: "/" -> "index", "/counter-template" -> "counter-template". */
function slug(path: string): string {
  return path.replace(/^\/+|\/+$/g, "") || "index";
}

function nav(path: string): string {
  const items = [{ path: "/", nav: "Gallery" }, ...DEMOS];
  return items
    .map((d) => {
      const current = d.path === "/" ? path === "/" : path === d.path || path.startsWith(d.path + "/");
      return `<a class="g-nav-link${current ? " is-current" : ""}" href="${d.path}"${current ? ' aria-current="page"' : ""}>${escapeHtml(d.nav)}</a>`;
    })
    .join("");
}

/** The "How this works" note under a demo. */
function howItWorks(path: string): string {
  const demo = demoFor(path);
  if (!demo) return "";
  const files = demo.source.map((f) => `<code>${escapeHtml(f)}</code>`).join(" ");
  return `<section class="g-how" aria-labelledby="g-how-title">
  <h2 id="g-how-title" class="g-how-title">How this works</h2>
  <div class="g-how-grid">
    <div class="g-how-item"><h3>On the server</h3><p>${escapeHtml(demo.server)}</p></div>
    <div class="g-how-item"><h3>On the wire</h3><p>${escapeHtml(demo.wire)}</p></div>
    <div class="g-how-item"><h3>Try it</h3><p>${escapeHtml(demo.tryIt)}</p></div>
  </div>
  <p class="g-how-source">Source: ${files}</p>
</section>`;
}

function pageHead(path: string): string {
  const demo = demoFor(path);
  if (!demo) return "";
  return `<div class="g-page-head">
  <h1 class="g-page-title">${escapeHtml(demo.title)}</h1>
  <p class="g-page-lead">${escapeHtml(demo.blurb)}</p>
</div>`;
}

/** Renders the full page of a route. */
export function layout({ title, head, body, path }: LayoutProps): string {
  const name = slug(path);
  const css = [...(EXTRA_CSS[path] ?? []), "/assets/gallery.css"]
    .map((href) => `<link rel="stylesheet" href="${href}">`)
    .join("\n    ");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · Rein gallery</title>
    <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%234f46e5'/%3E%3Cpath d='M10 23V9h7a4.5 4.5 0 0 1 0 9h-7m7 0 5 5' stroke='white' stroke-width='3' fill='none' stroke-linecap='round' stroke-linejoin='round'/%3E%3C/svg%3E">
    ${css}
    ${head}
  </head>
  <body class="g-body g-body-${name}">
    <header class="g-nav">
      <div class="g-nav-inner">
        <a class="g-brand" href="/"><span class="g-brand-mark" aria-hidden="true">R</span>Rein</a>
        <nav class="g-nav-links" aria-label="Demos">${nav(path)}</nav>
      </div>
    </header>
    <main class="g-page g-page-${name}">
      ${pageHead(path)}
      <div class="g-stage g-stage-${name}">
${body}
      </div>
      ${howItWorks(path)}
    </main>
    <footer class="g-foot">
      <p>Rein demo gallery · every page here is a LiveView; the state you see is held by the server.</p>
    </footer>
  </body>
</html>
`;
}
