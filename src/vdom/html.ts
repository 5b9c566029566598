/**
 * HTML text to VNodes, for templates that produce markup (Nunjucks files, `html```) rather than a tree.
 * @module
 */
import { Parser } from "htmlparser2";
import { element, NO_ATTRS, NO_CHILDREN, text, type VNode } from "./vnode.ts";

/**
 * SVG attributes whose camelCase the browser's HTML parser restores (HTML spec, "adjust SVG attributes").
 * The parser lower-cases attribute names; `setAttribute` on an SVG element does not, so the client needs the
 * adjusted spelling (`viewBox`, not `viewbox`).
 */
const SVG_ATTRS = new Map(
  (
    "attributeName attributeType baseFrequency baseProfile calcMode clipPathUnits diffuseConstant edgeMode " +
    "filterUnits glyphRef gradientTransform gradientUnits kernelMatrix kernelUnitLength keyPoints keySplines " +
    "keyTimes lengthAdjust limitingConeAngle markerHeight markerUnits markerWidth maskContentUnits maskUnits " +
    "numOctaves pathLength patternContentUnits patternTransform patternUnits pointsAtX pointsAtY pointsAtZ " +
    "preserveAlpha preserveAspectRatio primitiveUnits refX refY repeatCount repeatDur requiredExtensions " +
    "requiredFeatures specularConstant specularExponent spreadMethod startOffset stdDeviation stitchTiles " +
    "surfaceScale systemLanguage tableValues targetX targetY textLength viewBox viewTarget xChannelSelector " +
    "yChannelSelector zoomAndPan"
  )
    .split(" ")
    .map((n) => [n.toLowerCase(), n]),
);

/** Elements whose first newline right after the start tag the HTML parser drops. */
const LEADING_LF = new Set(["pre", "textarea", "listing"]);

/** Children of these SVG elements are HTML again (HTML integration points). */
const SVG_HTML_POINTS = new Set(["foreignObject", "desc", "title"]);

const enum NS {
  html,
  svg,
  math,
}

interface Frame {
  tag: string;
  attrs: Record<string, string>;
  kids: VNode[];
  /** Namespace of this element's children. */
  ns: NS;
}

/**
 * Parses an HTML fragment into VNodes, with htmlparser2's streaming callbacks (no intermediate DOM).
 *
 * What it does, so that the server's tree is what the browser's parser would tokenize:
 * - tag and attribute names are lower-cased; inside `<svg>`, tag names (htmlparser2) and attribute names
 *   (here, e.g. `viewBox`) get the HTML spec's SVG camelCase back; `definitionURL` likewise inside `<math>`;
 * - entities are decoded in text and attribute values; `<script>` and `<style>` content stays raw;
 * - text is kept exactly, whitespace included (adjacent text is merged, empty text dropped, as in the DOM),
 *   except the single newline right after `<pre>`, `<textarea>` and `<listing>`, which browsers drop too;
 *   CR LF and lone CR become LF (the browser's input preprocessing);
 * - comments, doctypes and processing instructions are dropped;
 * - `rein-key` attributes become the element's key (via {@link element}).
 *
 * What it deliberately does not do: emulate the browser's tree construction fixups (implicit `<tbody>`,
 * foster parenting, `<p><div>` splitting). htmlparser2 still applies its own implied end tags (`<li>`, `<p>`
 * before a block, `</p>` without an opener becomes `<p></p>`). The client's `hydrate()` reconciles whatever the
 * browser built with this tree.
 *
 * @param html - an HTML fragment (a document works too; `<html>`/`<head>`/`<body>` become plain elements).
 * @returns the top-level nodes, in order. Never throws on malformed input.
 */
export function parseHtml(html: string): VNode[] {
  if (html.indexOf("\r") !== -1) html = html.replace(/\r\n?/g, "\n");
  const root: Frame = { tag: "", attrs: {}, kids: [], ns: NS.html };
  const stack: Frame[] = [root];
  let top = root;
  let pending = "";
  /** Set right after a `<pre>`-like start tag: strip one leading newline from the next text. */
  let lf = false;

  const flush = (): void => {
    if (pending !== "") {
      top.kids.push(text(pending));
      pending = "";
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        flush();
        const parentNs = top.ns;
        let ns = parentNs;
        if (name === "svg") ns = NS.svg;
        else if (name === "math") ns = NS.math;
        let attrs = attribs;
        if (ns !== NS.html) {
          attrs = {};
          for (const a in attribs) {
            attrs[ns === NS.svg ? (SVG_ATTRS.get(a) ?? a) : a === "definitionurl" ? "definitionURL" : a] = attribs[a]!;
          }
        }
        const childNs = ns === NS.svg && SVG_HTML_POINTS.has(name) ? NS.html : ns;
        top = { tag: name, attrs, kids: [], ns: childNs };
        stack.push(top);
        lf = LEADING_LF.has(name) && ns === NS.html;
      },
      ontext(data) {
        if (lf) {
          lf = false;
          if (pending === "" && data.charCodeAt(0) === 10) data = data.slice(1);
        }
        pending += data;
      },
      onclosetag() {
        lf = false;
        flush();
        const f = stack.pop()!;
        top = stack[stack.length - 1]!;
        // Exact-size children (an array grown by push keeps spare slots) and no empty attribute objects: kept trees.
        const attrs = f.attrs;
        let empty = true;
        for (const _ in attrs) {
          empty = false;
          break;
        }
        top.kids.push(element(f.tag, empty ? NO_ATTRS : attrs, f.kids.length === 0 ? NO_CHILDREN : f.kids.slice()));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  flush();
  // Unclosed elements are closed by htmlparser2's end(); nothing else stays on the stack.
  return root.kids;
}
