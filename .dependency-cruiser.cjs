// The architecture's walls, checked by `npm run deps`. Paths are relative to the folder depcruise runs in; a package's
// path may be ../node_modules/... when the tree checked is nested (test/unit/dependency-rules.test.ts).

const ELECTRON = '(^|/)node_modules/electron/|^electron$';
const SHELL = '^electron/shell/';
const CORE = '^(electron/core/|electron/headless\\.ts$)';
// The shell's adapters: the only modules that load Electron at run time; its decision modules take Electron's types at most.
const SHELL_ADAPTERS = '^electron/shell/(appWindow|main|preload|tray)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be understood, tested or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-stays-pure',
      comment: 'shared/ runs in both the core and the window: nothing from Node, Electron, React or the rest of the tree (zod only).',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'core-without-shell',
      comment: 'The core runs under plain Node (headless mode): it never imports the desktop shell.',
      severity: 'error',
      from: { path: CORE },
      to: { path: SHELL },
    },
    {
      name: 'electron-only-in-shell',
      comment: 'Only the thin desktop shell imports electron, not even its types: everything else runs without it.',
      severity: 'error',
      from: { pathNot: SHELL },
      to: { path: ELECTRON },
    },
    {
      name: 'shell-decisions-take-types-only',
      comment: "The shell's decision modules are unit-tested under Node: they import Electron's types, never Electron.",
      severity: 'error',
      from: { path: SHELL, pathNot: SHELL_ADAPTERS },
      to: { path: ELECTRON, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-through-bridge',
      comment: 'The window reaches the core only through its bridge (HTTP or the preload), never by importing it.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/' },
    },
    {
      name: 'renderer-without-node',
      comment: 'The window runs in a sandboxed page: Node built-ins are not there.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'store-threads-without-http-framework',
      comment: "The store's and reader's threads never load express: each thread compiles all it loads, at every start.",
      severity: 'error',
      from: { path: '^electron/core/thread/(storeWorker|readerWorker)\\.ts$' },
      to: { path: '(^|/)node_modules/(express|body-parser)/', reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve hides its target from every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output, local data and the fixture trees (one breaks every rule on purpose) are not the app's sources.
    exclude: { path: '^(dist|release|\\.data|test-results|test/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
