// @ts-check
/**
 * Architecture rules for src/, from the "Layers" table of docs/architecture.md:
 * imports only go downward (a lower layer never imports a higher one), and the
 * browser client shares only protocol/ with the server.
 *
 * Checked by test/unit/architecture.test.ts (part of `npm test`); by hand:
 *   npx depcruise src --config .dependency-cruiser.cjs
 *
 * Layers, lowest first. `state/` and `live/` are siblings: neither imports the other
 * (state imports "nothing above it", live imports "vdom, template"). Each layer may
 * import itself and the layers listed for it, nothing else in src/ (not src/index.ts,
 * not a folder this table does not know: add new folders here and to the doc).
 */
const layers = {
  protocol: [],
  vdom: ["protocol"],
  template: ["vdom", "protocol"],
  state: ["protocol"],
  live: ["template", "vdom", "protocol"],
  session: ["live", "state", "template", "vdom", "protocol"],
  sync: ["state", "protocol"],
  server: ["session", "sync", "live", "state", "template", "vdom", "protocol"],
  testing: ["server", "session", "sync", "live", "state", "template", "vdom", "protocol"],
  cli: ["server", "state", "protocol"],
  client: ["protocol"],
  react: ["client", "protocol"],
};

/** @type {import("dependency-cruiser").IForbiddenRuleType[]} */
const layerRules = Object.entries(layers).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment:
    `src/${layer}/ may import only ` +
    (allowed.length ? `${allowed.map((l) => `src/${l}/`).join(", ")} and itself` : "itself") +
    " (docs/architecture.md, Layers)",
  severity: "error",
  from: { path: `^src/${layer}/` },
  to: { path: "^src/", pathNot: `^src/(${[layer, ...allowed].join("|")})/` },
}));

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "entry-not-client",
      comment: "src/index.ts (the package entry) runs on the server: it may import any layer but client/",
      severity: "error",
      from: { path: "^src/index\\.ts$" },
      to: { path: "^src/client/" },
    },
    {
      name: "react-only-the-store",
      comment: "src/react/ binds to the store of synced objects (src/client/sync/), never to the page's LiveView runtime",
      severity: "error",
      from: { path: "^src/react/" },
      to: { path: "^src/client/", pathNot: "^src/client/sync/" },
    },
    {
      name: "entry-not-react",
      comment: "src/index.ts (the server entry) never imports React bindings: rein/react is its own entry",
      severity: "error",
      from: { path: "^src/index\\.ts$" },
      to: { path: "^src/react/" },
    },
    {
      name: "no-circular",
      comment: "no import cycles in src/ (type-only imports count)",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "src-not-to-outside",
      comment: "src/ never imports the tests, the demo, the benchmarks or the scripts",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|demo|bench|scripts)/" },
    },
    {
      name: "not-to-unresolvable",
      comment:
        "every import in src/ must resolve; an unresolved import would slip past the layer rules unseen",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    // parse TypeScript before compilation, so `import type` and `export type ... from` count
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // resolve packages the way Node and tsc (moduleResolution NodeNext) do: through "exports"
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["types", "import", "node", "default"],
      mainFields: ["types", "typings", "module", "main"],
    },
    skipAnalysisNotInRules: true,
  },
};
