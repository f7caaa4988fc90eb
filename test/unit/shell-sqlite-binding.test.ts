// Which better-sqlite3 addon the main process loads: its own lookup (node_modules' Node build, or the packaged
// app's Electron build), or the Electron build npm start keeps in node_modules/.cache when run from source.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILT_FROM,
  builtFrom,
  cacheState,
  chooseSqliteBinding,
  electronSqliteBinding,
  readCacheState,
  sqliteCacheDir,
  SQLITE_ADDON,
  type Runtime,
} from '../../electron/shell/sqliteBinding';
import { tempDir } from '../support/core';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir('sqlite-binding-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const fromSource: Runtime = { electron: '38.8.6', packaged: false, platform: 'linux', arch: 'x64' };

/** A project folder with better-sqlite3's package.json, as npm installs it. */
function project(sqliteVersion = '12.11.1'): string {
  const root = dir();
  fs.mkdirSync(path.join(root, 'node_modules', 'better-sqlite3'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ version: sqliteVersion }));
  return root;
}

function cache(root: string, stamp: string | null, addon = true): string {
  const cacheDir = sqliteCacheDir(root, fromSource as Runtime & { electron: string });
  fs.mkdirSync(cacheDir, { recursive: true });
  if (addon) fs.writeFileSync(path.join(cacheDir, SQLITE_ADDON), '');
  if (stamp !== null) fs.writeFileSync(path.join(cacheDir, BUILT_FROM), stamp);
  return cacheDir;
}

describe('the cache of the Electron build', () => {
  it('lives in node_modules/.cache, one folder per Electron version, OS and CPU', () => {
    expect(sqliteCacheDir('/p', { electron: '38.8.6', platform: 'darwin', arch: 'arm64' })).toBe(
      path.join('/p', 'node_modules', '.cache', 'call-alerts', 'better-sqlite3-electron-38.8.6-darwin-arm64'),
    );
  });

  it('is fresh only with the addon and a stamp of the better-sqlite3 installed now', () => {
    expect(cacheState(true, builtFrom('12.11.1'), '12.11.1')).toBe('fresh');
    expect(cacheState(true, builtFrom('12.10.0'), '12.11.1')).toBe('stale');
    expect(cacheState(true, 'garbage', '12.11.1')).toBe('stale');
    expect(cacheState(false, builtFrom('12.11.1'), '12.11.1')).toBe('missing');
    expect(cacheState(true, null, '12.11.1')).toBe('missing');
  });

  it('reads that from the folder: missing, an addon without its stamp (an interrupted copy), stale, fresh', () => {
    const root = project();
    const cacheDir = sqliteCacheDir(root, { electron: '38.8.6', platform: 'linux', arch: 'x64' });
    expect(readCacheState(cacheDir, '12.11.1')).toBe('missing');
    cache(root, null);
    expect(readCacheState(cacheDir, '12.11.1')).toBe('missing');
    cache(root, builtFrom('12.10.0'));
    expect(readCacheState(cacheDir, '12.11.1')).toBe('stale');
    cache(root, builtFrom('12.11.1'));
    expect(readCacheState(cacheDir, '12.11.1')).toBe('fresh');
  });
});

describe('choosing the addon by the runtime', () => {
  const never = () => {
    throw new Error('the cache must not be looked at');
  };

  it("leaves better-sqlite3's own lookup under plain Node (headless, the tests, main.cjs on the stand-in)", () => {
    expect(chooseSqliteBinding({ ...fromSource, electron: undefined }, '/p', never)).toEqual({ nativeBinding: undefined });
  });

  it("leaves it in a packaged app too: electron-builder's Electron build is in app.asar.unpacked", () => {
    expect(chooseSqliteBinding({ ...fromSource, packaged: true }, '/p', never)).toEqual({ nativeBinding: undefined });
  });

  it('loads the cached Electron build under Electron from source', () => {
    const cacheDir = sqliteCacheDir('/p', { electron: '38.8.6', platform: 'linux', arch: 'x64' });
    expect(chooseSqliteBinding(fromSource, '/p', () => 'fresh')).toEqual({ nativeBinding: path.join(cacheDir, SQLITE_ADDON) });
  });

  it('says to run npm start when that build is missing or out of date', () => {
    for (const state of ['missing', 'stale'] as const) {
      const binding = chooseSqliteBinding(fromSource, '/p', () => state);
      expect('problem' in binding && binding.problem).toMatch(/^The Electron build of SQLite \(better-sqlite3\) is (missing|out of date) in \//);
      expect('problem' in binding && binding.problem).toContain('"npm start"');
    }
  });

  it('reads the real folders: an Error whose message is what to do, then the path once npm start has built it', () => {
    const root = project();
    expect(() => electronSqliteBinding(fromSource, root)).toThrow(
      /is missing in .*better-sqlite3-electron-38\.8\.6-linux-x64\. Start the app from source with "npm start"/,
    );
    const cacheDir = cache(root, builtFrom('12.10.0'));
    expect(() => electronSqliteBinding(fromSource, root)).toThrow(/is out of date/);
    cache(root, builtFrom('12.11.1'));
    expect(electronSqliteBinding(fromSource, root)).toBe(path.join(cacheDir, SQLITE_ADDON));
    expect(electronSqliteBinding({ ...fromSource, electron: undefined }, root)).toBeUndefined();
  });
});
