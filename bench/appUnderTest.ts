// The app as its users run it, spawned on a data folder and timed until it answers, for the start and memory
// figures: the desktop app's bundled front under plain Node (what the tray app runs, minus Electron), and headless
// mode as `npm run serve` runs it, under tsx.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleShell, mainProcessBuild, NATIVE_PACKAGES } from '../build/bundle';
import { cpuMs } from './host';
import { ROOT, stopChild } from './processes';
import { timeGet } from './timing';

/** How to start one app under test: what this Node runs before the data folder and port flags, and where. */
export interface AppCommand {
  name: string;
  args: string[];
  cwd: string;
}

/**
 * The desktop bundle in an app folder of its own under `workDir`, as electron-builder lays it out: build/bundle.ts's
 * main.cjs, storeWorker.cjs and readerWorker.cjs in dist/electron, and beside them desktopFront.cjs, built as main.cjs
 * is, which starts the front without Electron. Its node_modules holds the native packages only (everything else is
 * inside the bundles), so no worker can fall back to booting TypeScript through tsx.
 */
export async function bundleDesktopFront(workDir: string): Promise<AppCommand> {
  const appDir = path.join(workDir, 'desktop-app');
  const outDir = path.join(appDir, 'dist', 'electron');
  await bundleShell(outDir);
  const entry = path.join(outDir, 'desktopFront.cjs');
  await build({ ...mainProcessBuild(path.join('bench', 'desktopFront.ts'), entry), logLevel: 'error' });
  for (const name of NATIVE_PACKAGES) {
    const at = path.join(appDir, 'node_modules', name);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), at, 'dir');
  }
  return { name: 'desktop bundle, plain Node', args: [entry], cwd: appDir };
}

/** Headless mode as `npm run serve` starts it: tsx's loader in the one process (without tsx's relaying parent). */
export const headlessUnderTsx: AppCommand = {
  name: 'headless under tsx',
  args: ['--import', 'tsx', path.join(ROOT, 'electron', 'headless.ts')],
  cwd: ROOT,
};

export interface StartedApp {
  /** Milliseconds from spawn to the first 200 from /api/health. */
  startMs: number;
  /** CPU time it used by then, every thread (on a loaded machine the wall time stretches, this hardly). */
  cpuMs: number;
  appUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns an app on a data folder and waits (bounded) until /api/health answers 200. */
export async function startApp(app: AppCommand, dataDir: string, timeoutMs = 60_000): Promise<StartedApp> {
  const started = performance.now();
  const child = spawn(process.execPath, [...app.args, '--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0'], {
    cwd: app.cwd,
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
    const startMs = performance.now() - started;
    return { startMs, cpuMs: cpuMs(child.pid!), appUrl, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
