// Import rules for Adjoint, checked by `npm run deps` (part of `npm test`) through
// scripts/check-deps.mjs, which lets dependency-cruiser read .astro files as well.
// Paths are relative to the project root. A rule's `name` is what a violation prints;
// tests/harness/deps.test.ts proves each rule fires on a small tree under tests/fixtures/deps/.

/** Where the code readers download starts: each widget's custom element and the lazy loader. */
const BROWSER_ENTRIES = ['^src/(widgets|cells)/.+/element\\.ts$', '^src/widgets/lazy\\.ts$'];

/** Code that only runs at build time, in Node: it must never end up in a reader's bundle. */
const BUILD_ONLY = [
  '\\.build\\.ts$',
  '^src/(widgets|cells)/build/',
  '^src/(widgets|cells)/.+/build/',
  '^src/integrations/',
  '^src/markdown/',
  '^astro\\.config\\.mjs$',
  // Node's built-ins (node:fs, zlib …), as dependency-cruiser names them.
  '^(node:)?(assert|buffer|child_process|crypto|events|fs|http|https|module|net|os|path|process|stream|url|util|worker_threads|zlib)(/|$)',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-closed',
      comment:
        'The autodiff engine is self-contained (STYLE.md §8): everything in src/autodiff imports only from src/autodiff, ' +
        'so it can be read, tested and bundled on its own. Move shared code into the engine or pass it in as an argument.',
      severity: 'error',
      from: { path: '^src/autodiff/' },
      to: { pathNot: '^src/autodiff/' },
    },
    {
      name: 'engine-through-its-entry',
      comment:
        "Widgets and code cells reach the engine only through its public entry, src/autodiff/index.ts, so the engine's " +
        'files can move without breaking them. Import the name from index.ts (and export it there if it is missing).',
      severity: 'error',
      from: { path: '^src/(widgets|cells)/' },
      to: { path: '^src/autodiff/', pathNot: '^src/autodiff/index\\.ts$' },
    },
    {
      name: 'renderers-take-data',
      comment:
        'A renderer (src/widgets/*/render/) draws data it is given: it never imports the engine, the training run, the ' +
        'seeds, the animation loop, the controls, the URL code or the custom element. Type-only imports (the shape of ' +
        'the data) carry no code and are allowed. Pass the numbers in instead.',
      severity: 'error',
      from: { path: '^src/(widgets|cells)/[^/]+/render/' },
      to: {
        path: ['^src/autodiff/', '^src/(widgets|cells)/[^/]+/(run|train|seeds|loop|controls|url|element)\\.ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'playground-engine-adapters',
      comment:
        'In the playground only train.ts and seeds.ts talk to the engine; the rest of the core is plain arithmetic on ' +
        'arrays, checked against the engine in tests. Route new engine calls through train.ts.',
      severity: 'error',
      from: { path: '^src/widgets/nn-playground/', pathNot: '^src/widgets/nn-playground/(train|seeds)\\.ts$' },
      to: { path: '^src/autodiff/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'browser-never-reaches-build-only',
      comment:
        'Code that ships to readers (a widget element.ts, src/widgets/lazy.ts, and everything they import) never reaches ' +
        'build-only code: *.build.ts, a build/ folder under a widget, src/integrations, src/markdown, astro.config.mjs or ' +
        "Node's built-ins. Move what both sides need into a shared module that imports neither.",
      severity: 'error',
      from: { path: BROWSER_ENTRIES },
      to: { path: BUILD_ONLY, reachable: true },
    },
    {
      name: 'build-never-reaches-browser',
      comment:
        "A widget's spec.ts runs at build time in Node: it never reaches browser-only code (element.ts, lazy.ts), " +
        'which touches the DOM. Share pure modules instead.',
      severity: 'error',
      from: { path: '^src/(widgets|cells)/[^/]+/spec\\.ts$' },
      to: { path: BROWSER_ENTRIES, reachable: true },
    },
    {
      name: 'layouts-no-integrations',
      comment:
        'Layouts (src/layouts) render pages; integrations (src/integrations) are build hooks that run in astro.config.mjs. ' +
        'A layout that needs a value an integration also uses takes it from a shared module (e.g. src/site.config.ts).',
      severity: 'error',
      from: { path: '^src/layouts/' },
      to: { path: '^src/integrations/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles: a cycle makes module initialisation order matter and the two files one unit. ' +
        'Move what both need into a third module that imports neither.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-non-package-json',
      comment:
        'Every package the code imports is declared in package.json; otherwise it only works while another package ' +
        'happens to install it. Add it with npm install (--save-dev for tests and tools). A subpath import (#name) is ' +
        'declared in package.json\'s "imports" instead (src/cells uses one to load sucrase\'s ES or CommonJS build).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        "Every import resolves to a file or a package. astro:* modules are Astro's virtual modules (virtual:adjoint/* our own, src/integrations/); @tensorflow/tfjs is " +
        'installed on demand by npm run bench (bench/package.json), so a plain install does not have it.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: ['^astro:', '^virtual:adjoint/', '^@tensorflow/tfjs$'] },
    },
  ],
  options: {
    // Type-only imports are dependencies too (labelled 'type-only'): a widget must not import even a type from the
    // engine's internals. Rules that are about shipped code say `dependencyTypesNot: ['type-only']`.
    tsPreCompilationDeps: true,
    // Packages are declared in the root package.json and, for the benchmark's own dependency, in bench/package.json.
    combinedDependencies: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^tests/fixtures/deps/', '^tests/\\.out/', '^bench/\\.out/', '^dist/', '^\\.astro/'] },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
