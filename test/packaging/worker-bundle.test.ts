// The worker threads in the desktop bundle, run without Electron: build/bundle.ts's output in an app folder whose
// node_modules holds only the production packages (no tsx, no TypeScript), and beside it a harness bundled as main.cjs
// is (test/packaging/frontHarness.ts). Under plain Node it starts the core's front, which must find the bundled
// storeWorker.cjs and readerWorker.cjs, open a temp data folder in the store's thread and answer a real webhook, then a
// search from the reader's thread; the call is then in the database on disk.
// The bundles are the lean ones (build/bundle.ts's LEAN_BUNDLE): JSON bodies are decoded by ./lean/iconvLite.ts.
// What this cannot show: Electron loading the same files from inside app.asar (installers.test.ts checks they are
// there; Electron's own spec starts a worker from an .asar).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleShell, mainProcessBuild, WORKER_ENTRIES, type ShellBundles } from '../../build/bundle';
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
let bundles: ShellBundles;

beforeAll(async () => {
  home = tempDir('worker-bundle-');
  appDir = path.join(home, 'app');
  outDir = path.join(appDir, 'dist', 'electron');
  bundles = await bundleShell(outDir);
  await build({ ...mainProcessBuild(path.join('test', 'packaging', 'frontHarness.ts'), path.join(outDir, 'harness.cjs')), logLevel: 'error' });
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

  it('leave out what no thread uses: other languages, code tables, and the HTTP framework in the store and reader', () => {
    const filesIn = (metafile: Metafile) => Object.keys(metafile.inputs).map((file) => file.replace(/\\/g, '/'));
    const all = [bundles.main, bundles.preload, ...Object.values(bundles.workers)].flatMap(filesIn);
    expect(all.filter((file) => file.includes('node_modules/zod/v4/locales/'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/locales\/en\.js$/)]),
    );
    expect(all.filter((file) => /node_modules\/zod\/v4\/locales\/(?!en\.js$)/.test(file))).toEqual([]);
    expect(all.filter((file) => file.includes('node_modules/iconv-lite/'))).toEqual([]);
    expect(filesIn(bundles.main).some((file) => file.includes('node_modules/express/'))).toBe(true);
    for (const worker of Object.values(bundles.workers))
      expect(filesIn(worker).filter((file) => /node_modules\/(express|body-parser|iconv-lite|mime-db)\//.test(file))).toEqual([]);
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
      expect(ready.sqliteOnFront).toBe(false);
    });

    it('reads JSON bodies in UTF-8 and UTF-16, and refuses a charset it cannot decode with 415', async () => {
      const contact = (name: string) => ({ name, note: 'Prefers mornings — ask for Zoë' });
      const put = (bytes: Buffer, charset: string) =>
        fetch(new URL('/api/contacts/4165550188', ready.appUrl), {
          method: 'PUT',
          headers: { authorization: `Bearer ${ready.appKey}`, 'content-type': `application/json; charset=${charset}` },
          body: new Blob([new Uint8Array(bytes)]),
        });
      const utf8 = await put(Buffer.from(JSON.stringify(contact('Zoë Gagné'))), 'utf-8');
      expect(utf8.status).toBe(200);
      expect(await utf8.json()).toMatchObject(contact('Zoë Gagné'));
      // A byte-order mark first, as a Windows tool writes UTF-16.
      const utf16 = await put(Buffer.from(`\ufeff${JSON.stringify(contact('Zoë Tremblay'))}`, 'utf16le'), 'utf-16le');
      expect(utf16.status).toBe(200);
      expect(await utf16.json()).toMatchObject(contact('Zoë Tremblay'));
      const unknown = await put(Buffer.from(JSON.stringify(contact('Nobody'))), 'utf-99');
      expect(unknown.status).toBe(415);
      const saved = await fetch(new URL('/api/contacts/4165550188', ready.appUrl), { headers: { authorization: `Bearer ${ready.appKey}` } });
      expect(await saved.json()).toMatchObject({ name: 'Zoë Tremblay' });
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
