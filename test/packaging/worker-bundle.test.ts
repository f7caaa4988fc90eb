// The worker threads in the desktop bundle, run without Electron: build/bundle.ts's output in an app folder whose
// node_modules holds only the production packages (no tsx, no TypeScript), and beside it a harness bundled as main.cjs
// is (test/packaging/frontHarness.ts). Under plain Node it starts the core's front, which must find the bundled
// storeWorker.cjs and readerWorker.cjs, open a temp data folder in the store's thread and answer a real webhook, then a
// search from the reader's thread; the call is then in the database on disk.
// What this cannot show: Electron loading the same files from inside app.asar (installers.test.ts checks they are
// there; Electron's own spec starts a worker from an .asar).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleShell, NATIVE_PACKAGES, WORKER_ENTRIES } from '../../build/bundle';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { postWebhook, tempDir } from '../support/core';
import { ROOT } from '../support/headless';
import { callDeliveries } from '../support/payloads';
import type { HarnessReady } from './frontHarness';
import { productionPackages } from './project';

const modules = path.join(ROOT, 'node_modules');
let home = '';
let appDir = '';
let outDir = '';

beforeAll(async () => {
  home = tempDir('worker-bundle-');
  appDir = path.join(home, 'app');
  outDir = path.join(appDir, 'dist', 'electron');
  await bundleShell(outDir);
  await build({
    entryPoints: [path.join(ROOT, 'test', 'packaging', 'frontHarness.ts')],
    outfile: path.join(outDir, 'harness.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'error',
    external: ['electron', ...NATIVE_PACKAGES],
  });
  // Only what electron-builder ships: a worker that fell back to booting TypeScript through tsx would not start.
  for (const pkg of productionPackages()) {
    const at = path.join(appDir, 'node_modules', path.relative(modules, pkg));
    fs.mkdirSync(path.dirname(at), { recursive: true });
    if (!fs.existsSync(at)) fs.symlinkSync(fs.realpathSync(pkg), at, 'dir');
  }
}, 120_000);

afterAll(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('the bundled worker threads', () => {
  it('are files of their own beside main.cjs, with their source maps', () => {
    for (const name of Object.keys(WORKER_ENTRIES)) {
      expect(fs.existsSync(path.join(outDir, `${name}.cjs`)), name).toBe(true);
      expect(fs.existsSync(path.join(outDir, `${name}.cjs.map`)), name).toBe(true);
    }
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'tsx'))).toBe(false);
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'better-sqlite3'))).toBe(true);
  });

  describe('the store worker, started by the front under plain Node', () => {
    let child: ChildProcess;
    let output = '';
    let ready: HarnessReady;
    const dataDir = () => path.join(home, 'data');

    beforeAll(async () => {
      child = spawn(process.execPath, [path.join(outDir, 'harness.cjs'), dataDir()], { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      ready = await new Promise<HarnessReady>((resolve, reject) => {
        let line = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          line += chunk.toString();
          if (line.includes('\n')) resolve(JSON.parse(line.split('\n')[0]!) as HarnessReady);
        });
        child.once('exit', (code) => reject(new Error(`The harness exited with ${code}:\n${line}${output}`)));
      });
    }, 60_000);

    afterAll(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('finds the bundled storeWorker.cjs and readerWorker.cjs (no TypeScript boot) and runs both threads', () => {
      expect(ready.storeEntry).toEqual({ code: path.join(outDir, 'storeWorker.cjs'), eval: false });
      expect(ready.readerEntry).toEqual({ code: path.join(outDir, 'readerWorker.cjs'), eval: false });
      expect(ready.storeThread).toBe('worker running');
      expect(ready.readerState).toBe('running');
      expect(fs.existsSync(path.join(dataDir(), DATABASE_FILE))).toBe(true);
    });

    it('answers a real webhook with 200, and a search through the API finds the call', async () => {
      const call = callDeliveries({
        telmetricsId: '5200000077',
        callerNumber: '4165550177',
        callerName: 'Sam Bundle',
        city: 'Guelph',
        state: 'ON',
        localStart: '2019-11-15T09:09:54',
        ringUtc: '2019-11-15T14:09:46.100',
      });
      expect(await postWebhook(ready.webhookUrl, call.start)).toEqual({ status: 200, text: expect.any(String) });
      // A search: the reader thread's (its pool has no fallback), on its own read-only connection.
      const res = await fetch(new URL('/api/calls?q=Sam', ready.appUrl), { headers: { authorization: `Bearer ${ready.appKey}` } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('Sam Bundle');
      const none = await fetch(new URL('/api/calls?q=Nobody', ready.appUrl), { headers: { authorization: `Bearer ${ready.appKey}` } });
      expect(JSON.stringify(await none.json())).not.toContain('Sam Bundle');
    });

    it('closes on SIGTERM with 0, the call on disk', async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const db = new Database(path.join(dataDir(), DATABASE_FILE), { readonly: true });
      try {
        expect(db.prepare('SELECT caller_number FROM calls').all()).toEqual([{ caller_number: '4165550177' }]);
      } finally {
        db.close();
      }
    });
  });
});
