// The whole build npm start runs for Electron, here for this machine's Node (the only runtime whose headers are
// here: Electron's need a download): @electron/rebuild on a copy of better-sqlite3, compiled by node-gyp, moved
// into its cache folder, then loaded through better-sqlite3's nativeBinding option. Compiling SQLite takes
// 1.5 to 2 minutes on two shared cores.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addonAbi, addonFile, ensureSqliteAddon } from '../../build/sqliteBuild';
import { quickCheckInBackground } from '../../electron/core/store/databaseHealth';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { BUILT_FROM, builtFrom, SQLITE_ADDON } from '../../electron/shell/sqliteBinding';
import { startTestCore, tempDir } from '../support/core';
import { ROOT } from '../support/headless';

const SQLITE_PACKAGE = path.join(ROOT, 'node_modules', 'better-sqlite3');
const INSTALLED_ADDON = addonFile(SQLITE_PACKAGE);
const work = tempDir('sqlite-build-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('building better-sqlite3 into the cache with @electron/rebuild', () => {
  const cacheDir = path.join(work, 'cache', 'better-sqlite3-node');
  const options = {
    packageDir: SQLITE_PACKAGE,
    cacheDir,
    target: { runtime: 'node', version: process.versions.node, platform: process.platform, arch: process.arch } as const,
    say: () => undefined,
  };

  it('compiles it on a copy, keeps it with its stamp, and better-sqlite3 opens the database through it', { timeout: 600_000 }, async () => {
    const installed = sha256(INSTALLED_ADDON);
    const started = Date.now();
    const result = await ensureSqliteAddon(options);
    if (!('addon' in result)) throw new Error(result.problem);
    console.log(`better-sqlite3 compiled for Node.js ${process.versions.node} in ${result.seconds?.toFixed(1)} s`);
    expect(result).toMatchObject({ addon: path.join(cacheDir, SQLITE_ADDON), built: true });
    expect(fs.readdirSync(cacheDir).sort()).toEqual([SQLITE_ADDON, BUILT_FROM].sort());
    expect(fs.readFileSync(path.join(cacheDir, BUILT_FROM), 'utf8')).toBe(builtFrom('12.11.1'));
    expect(addonAbi(result.addon)).toBe(Number(process.versions.modules));
    // Compiled from source here (the bytes may equal npm install's own build: the compile is reproducible).
    const log = path.join(os.tmpdir(), `call-alerts-sqlite-node-${process.versions.node}.log`);
    expect(fs.statSync(log).mtimeMs).toBeGreaterThanOrEqual(started);
    expect(fs.readFileSync(log, 'utf8')).toContain('electron-rebuild built via node-gyp: better-sqlite3');
    expect(sha256(INSTALLED_ADDON)).toBe(installed);

    const db = openDatabase(path.join(work, 'data'), result.addon);
    try {
      expect(db.prepare<[], { version: string }>('SELECT sqlite_version() AS version').get()?.version).toMatch(/^3\.\d+\.\d+$/);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('does not build again while the cache is fresh', async () => {
    const started = Date.now();
    expect(await ensureSqliteAddon(options)).toEqual({ addon: path.join(cacheDir, SQLITE_ADDON), built: false });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('starts the core on that addon, its background check too, and names one that is not there', async () => {
    const addon = path.join(cacheDir, SQLITE_ADDON);
    const core = await startTestCore({ dataDir: path.join(work, 'core'), sqliteBinding: addon });
    try {
      core.store.setSetting('probe', 'on the cached addon');
      expect(core.store.getSetting('probe')).toBe('on the cached addon');
      const file = path.join(core.dataDir, DATABASE_FILE);
      expect((await quickCheckInBackground(file, undefined, addon)).finding).toBeNull();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      expect((await quickCheckInBackground(file, undefined, '/nowhere/better_sqlite3.node')).finding).toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("Cannot find module '/nowhere/better_sqlite3.node'"));
      warn.mockRestore();
    } finally {
      await core.stop();
    }
    await expect(startTestCore({ dataDir: path.join(work, 'other'), sqliteBinding: '/nowhere/better_sqlite3.node' })).rejects.toThrow(
      /^Cannot open the call database .*: Cannot find module '\/nowhere\/better_sqlite3\.node'/,
    );
  });

  it('finds the ABI of a real addon in its entry point, the installed Node build too', () => {
    expect(addonAbi(INSTALLED_ADDON)).toBe(Number(process.versions.modules));
    expect(addonAbi(path.join(SQLITE_PACKAGE, 'package.json'))).toBeNull();
  });
});
