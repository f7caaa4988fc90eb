// Bundles the Electron main process and the preload with esbuild:  tsx build/bundle.ts
//   dist/electron/main.cjs     the core + shell with their npm packages inside, but the native ones (electron-builder
//                              ships those, rebuilt for Electron): one file to read at start instead of hundreds
//   dist/electron/preload.cjs  self-contained: a sandboxed preload may require nothing but 'electron'

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHELL_OUT_DIR = path.join(ROOT, 'dist', 'electron');
/** Packages with compiled parts: they cannot be bundled and ship in node_modules (package.json dependencies). */
export const NATIVE_PACKAGES = ['better-sqlite3', '@ngrok/ngrok'] as const;

/** Electron 38 runs Node 22 in the main process and Chromium 140 in the window. */
const NODE_TARGET = 'node22';

export interface ShellBundles {
  main: Metafile;
  preload: Metafile;
}

export async function bundleShell(outDir: string = SHELL_OUT_DIR): Promise<ShellBundles> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: ROOT,
  };
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/shell/main.ts'],
      outfile: path.join(outDir, 'main.cjs'),
      external: ['electron', ...NATIVE_PACKAGES],
    }),
    build({
      ...common,
      entryPoints: ['electron/shell/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      external: ['electron'],
    }),
  ]);
  return { main: main.metafile!, preload: preload.metafile! };
}

/** Modules a bundle loads at run time (its `require`s), from esbuild's metafile. */
export function runtimeImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) for (const i of output.imports) if (i.external) found.add(i.path);
  return [...found].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleShell().then(
    () => console.log(`Bundled the Electron main process and preload into ${path.relative(ROOT, SHELL_OUT_DIR)}/`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
