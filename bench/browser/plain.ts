/**
 * The reference page of the browser benchmark: the `/rows` table of the gallery (same markup, same stylesheets,
 * same chrome around it) implemented with plain DOM calls, no framework. Rows are keyed by id: each row object
 * keeps its `<tr>` and its label's text node, and every operation touches only the rows it changes, the way
 * js-framework-benchmark's `vanillajs-keyed` does. New rows are built with `document.createElement` (vanillajs
 * clones a template row instead, which is a little faster still).
 *
 * Served by bench/browser/rows.ts from its own tiny node:http server on 127.0.0.1.
 * @module
 */
import { readFileSync } from "node:fs";
import { ADJECTIVES, COLOURS, NOUNS } from "../../demo/data/words.ts";

const asset = (name: string) => readFileSync(new URL(`../../demo/assets/${name}`, import.meta.url), "utf8");

/** The benchmark's buttons, as in demo/views/rows.tsx (id, label). */
const BUTTONS = [
  ["run", "Create 1,000 rows"],
  ["runlots", "Create 10,000 rows"],
  ["add", "Append 1,000 rows"],
  ["update", "Update every 10th row"],
  ["clear", "Clear"],
  ["swaprows", "Swap Rows"],
];

/** The page's script: plain DOM, keyed rows. Kept as source text so that nothing transforms it. */
const SCRIPT = `
"use strict";
const A = ${JSON.stringify(ADJECTIVES)}, C = ${JSON.stringify(COLOURS)}, N = ${JSON.stringify(NOUNS)};
const pick = (max) => Math.round(Math.random() * 1000) % max;
const label = () => A[pick(A.length)] + " " + C[pick(C.length)] + " " + N[pick(N.length)];
const tbody = document.getElementById("tbody");
/** Rows in display order: { id, label, tr, text } (text: the label's Text node). */
let rows = [];
/** The selected row, or null. */
let selected = null;
let nextId = 1;
/** Row by <tr>, for the delegated clicks. */
const rowOf = new WeakMap();

function el(tag, className, parent) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (parent) parent.appendChild(e);
  return e;
}

function createRow() {
  const row = { id: nextId++, label: label(), tr: el("tr"), text: null };
  const tr = row.tr;
  el("td", "col-md-1", tr).textContent = String(row.id);
  const a = el("a", "lbl", el("td", "col-md-4", tr));
  a.appendChild((row.text = document.createTextNode(row.label)));
  const remove = el("a", "remove", el("td", "col-md-1", tr));
  el("span", "remove glyphicon glyphicon-remove", remove).setAttribute("aria-hidden", "true");
  el("td", "col-md-6", tr);
  rowOf.set(tr, row);
  return row;
}

function append(count) {
  const fresh = new Array(count);
  for (let i = 0; i < count; i++) tbody.appendChild((fresh[i] = createRow()).tr);
  rows = rows.concat(fresh);
}

function clear() {
  tbody.textContent = "";
  rows = [];
  selected = null;
}

const actions = {
  run() { clear(); append(1000); },
  runlots() { clear(); append(10000); },
  add() { append(1000); },
  update() {
    for (let i = 0; i < rows.length; i += 10) {
      const row = rows[i];
      row.label += " !!!";
      row.text.data = row.label;
    }
  },
  clear,
  swaprows() {
    if (rows.length <= 998) return;
    const a = rows[1], b = rows[998];
    const afterB = b.tr.nextSibling;
    tbody.insertBefore(b.tr, a.tr);
    tbody.insertBefore(a.tr, afterB);
    rows[1] = b;
    rows[998] = a;
  },
};

for (const id in actions) document.getElementById(id).addEventListener("click", actions[id]);

tbody.addEventListener("click", (event) => {
  const link = event.target.closest("a");
  const row = link && rowOf.get(link.closest("tr"));
  if (!row) return;
  event.preventDefault();
  if (link.classList.contains("lbl")) {
    if (selected) selected.tr.className = "";
    (selected = row).tr.className = "danger";
  } else if (link.classList.contains("remove")) {
    row.tr.remove();
    rows.splice(rows.indexOf(row), 1);
    if (selected == row) selected = null;
  }
});
`;

/** The whole reference page. */
export function plainPage(): string {
  const buttons = BUTTONS.map(
    ([id, text]) =>
      `<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="${id}">${text}</button></div>`,
  ).join("");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Rows · plain DOM reference</title>
    <link rel="icon" href="data:,">
    <style>${asset("bench.css")}</style>
    <style>${asset("gallery.css")}</style>
  </head>
  <body class="g-body g-body-rows">
    <main class="g-page g-page-rows">
      <div class="g-stage g-stage-rows">
        <div class="container" id="main">
          <div class="jumbotron"><div class="row">
            <div class="col-md-6"><h1>Plain DOM "keyed"</h1></div>
            <div class="col-md-6"><div class="row">${buttons}</div></div>
          </div></div>
          <table class="table table-hover table-striped test-data"><tbody id="tbody"></tbody></table>
          <span class="preloadicon glyphicon glyphicon-remove" aria-hidden="true"></span>
        </div>
      </div>
    </main>
    <script>${SCRIPT}</script>
  </body>
</html>
`;
}
