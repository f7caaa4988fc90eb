// Bundles the Electron main process, its worker threads and the preload with esbuild:  tsx build/bundle.ts
//   dist/electron/main.cjs          the core's front + shell with their npm packages inside, but the native ones
//                                   (electron-builder ships those, rebuilt for Electron): one file to read at start
//   dist/electron/storeWorker.cjs   the store's thread (SQLite, ingest, the fold, catch-up): bundled the same way;
//   dist/electron/readerWorker.cjs  the reader thread (searches, checkpoints). Beside main.cjs, where the core's
//                                   workerEntry() looks; inside app.asar, which Electron's worker threads read
//   dist/electron/preload.cjs       self-contained: a sandboxed preload may require nothing but 'electron'

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHELL_OUT_DIR = path.join(ROOT, 'dist', 'electron');
/** Packages with compiled parts: they cannot be bundled and ship in node_modules (package.json dependencies). */
export const NATIVE_PACKAGES = ['better-sqlite3', '@ngrok/ngrok'] as const;

/** Electron 38 runs Node 22 in the main process and Chromium 140 in the window. */
const NODE_TARGET = 'node22';

/**
 * `import.meta` in a CommonJS bundle: its url is the bundle file's; resolve (used only to boot a worker's TypeScript
 * through tsx, from the source tree) says why it is not there, instead of esbuild's empty object.
 */
const IMPORT_META: Pick<BuildOptions, 'banner' | 'define'> = {
  banner: {
    js: [
      "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
      'const __bundleResolve = (specifier) => {',
      '  throw new Error(`import.meta.resolve(${specifier}) is for the source tree: in the bundle each worker is a .cjs file beside main.cjs`);',
      '};',
    ].join('\n'),
  },
  define: { 'import.meta.url': '__bundleUrl', 'import.meta.resolve': '__bundleResolve' },
};

/** The worker threads' entries, each bundled to `<name>.cjs` beside main.cjs (the names workerEntry() looks for). */
export const WORKER_ENTRIES = {
  storeWorker: 'electron/core/thread/storeWorker.ts',
  readerWorker: 'electron/core/thread/readerWorker.ts',
} as const;
export type WorkerBundle = keyof typeof WORKER_ENTRIES;

export interface ShellBundles {
  main: Metafile;
  preload: Metafile;
  workers: Record<WorkerBundle, Metafile>;
}

/**
 * Data every thread would compile at start and never use: zod's error messages in every other language (the core speaks
 * English; `z.locales.en` stays) and iconv-lite's code tables (express decodes UTF-8 request bodies; ./lean/iconvLite.ts
 * answers with Node's own TextDecoder).
 */
export const LEAN_BUNDLE: Plugin = {
  name: 'lean-bundle',
  setup(build) {
    const zodEnglish = path.join(ROOT, 'node_modules', 'zod', 'v4', 'locales', 'en.js');
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: 'zod-locales', namespace: 'lean-bundle' } : undefined,
    );
    build.onLoad({ filter: /^zod-locales$/, namespace: 'lean-bundle' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(zodEnglish)};`,
      resolveDir: ROOT,
      loader: 'js',
    }));
    build.onResolve({ filter: /^iconv-lite$/ }, () => ({ path: path.join(ROOT, 'build', 'lean', 'iconvLite.ts') }));
  },
};

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: NODE_TARGET,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: ROOT,
  plugins: [LEAN_BUNDLE],
};

/** How main.cjs is built, for an entry of the project's (the bench starts its plain-Node stand-in built so). */
export function mainProcessBuild(entryPoint: string, outfile: string): BuildOptions {
  return { ...COMMON, ...IMPORT_META, entryPoints: [entryPoint], outfile, external: ['electron', ...NATIVE_PACKAGES] };
}

export async function bundleShell(outDir: string = SHELL_OUT_DIR): Promise<ShellBundles> {
  // A worker never loads Electron: 'electron' is left external only so that a stray import shows in its requires.
  const names = Object.keys(WORKER_ENTRIES) as WorkerBundle[];
  const [main, preload, ...workers] = await Promise.all([
    build(mainProcessBuild('electron/shell/main.ts', path.join(outDir, 'main.cjs'))),
    build({
      ...COMMON,
      entryPoints: ['electron/shell/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      external: ['electron'],
    }),
    ...names.map((name) =>
      build({
        ...COMMON,
        ...IMPORT_META,
        entryPoints: [WORKER_ENTRIES[name]],
        outfile: path.join(outDir, `${name}.cjs`),
        external: ['electron', ...NATIVE_PACKAGES],
      }),
    ),
  ]);
  return {
    main: main.metafile!,
    preload: preload.metafile!,
    workers: Object.fromEntries(names.map((name, i) => [name, workers[i]!.metafile!])) as Record<WorkerBundle, Metafile>,
  };
}

/** Modules a bundle loads at run time (its `require`s), from esbuild's metafile. */
export function runtimeImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) for (const i of output.imports) if (i.external) found.add(i.path);
  return [...found].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleShell().then(
    () => console.log(`Bundled the Electron main process, its workers and the preload into ${path.relative(ROOT, SHELL_OUT_DIR)}/`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
