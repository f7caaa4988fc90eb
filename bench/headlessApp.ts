// The headless app as it ships: bundled like the desktop app's main process, spawned on a data folder and
// timed until it answers, for the cold-start and memory figures.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NATIVE_PACKAGES } from '../build/bundle';
import { ROOT, stopChild } from './processes';
import { timeGet } from './timing';

/**
 * The headless entry bundled with esbuild as the packaged app bundles its main process (so start-up is the
 * app's, not the TypeScript loader's): every npm package inside but the native ones. It lives under
 * node_modules so those resolve from the project.
 */
export async function bundleHeadless(): Promise<string> {
  const { build } = await import('esbuild');
  // node_modules may be shared by several checkouts (a symlink): each bundles into a folder of its own.
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  const outfile = path.join(ROOT, 'node_modules', '.cache', 'call-alerts-bench', checkout, 'headless.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'electron', 'headless.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    external: [...NATIVE_PACKAGES],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  });
  // The store's and readers' worker threads load their own bundles beside the entry, as the desktop app's
  // dist/electron/storeWorker.cjs lies beside main.cjs (workerEntry looks there first).
  const workers = ['storeWorker', 'readerWorker']
    .map((name) => ({ name, source: path.join(ROOT, 'electron', 'core', 'thread', `${name}.ts`) }))
    .filter((w) => fs.existsSync(w.source));
  for (const w of workers)
    await build({
      entryPoints: [w.source],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: path.join(path.dirname(outfile), `${w.name}.cjs`),
      logLevel: 'error',
      external: [...NATIVE_PACKAGES],
    });
  // The entry runs only when started as itself (argv[1] is its own path), and Node names a module by its real path.
  return fs.realpathSync(outfile);
}

export interface StartedApp {
  /** Milliseconds from spawn to the first 200 from /api/health. */
  startMs: number;
  appUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns the headless app on a data folder and waits (bounded) until /api/health answers 200. */
export async function startApp(entry: string, dataDir: string, timeoutMs = 60_000): Promise<StartedApp> {
  const started = performance.now();
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    const appUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The app did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const url = /App URL: (\S+)/.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The app exited (${code}) before it was ready:\n${output}`));
      });
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await timeGet(new URL('/api/health', appUrl).href);
        break;
      } catch (error) {
        if (performance.now() - started > timeoutMs || attempt > 10_000) throw error;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    return { startMs: performance.now() - started, appUrl, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
