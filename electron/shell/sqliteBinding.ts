// Which build of better-sqlite3's addon the main process loads. node_modules keeps the Node build (headless
// mode and the tests need it); run from source, Electron loads its own build, which npm start keeps in a
// cache folder; a packaged app has electron-builder's Electron build in node_modules and needs no option.

import fs from 'node:fs';
import path from 'node:path';

export const SQLITE_ADDON = 'better_sqlite3.node';
/** Beside the addon: the better-sqlite3 version it was built from, written last, so its presence means complete. */
export const BUILT_FROM = 'built-from.json';

export interface ElectronTarget {
  electron: string;
  platform: string;
  arch: string;
}

export type CacheState = 'fresh' | 'missing' | 'stale';

/** The folder holding the Electron build of better-sqlite3 for one Electron version, OS and CPU. */
export function sqliteCacheDir(root: string, target: ElectronTarget): string {
  return path.join(root, 'node_modules', '.cache', 'call-alerts', `better-sqlite3-electron-${target.electron}-${target.platform}-${target.arch}`);
}

export function builtFrom(sqliteVersion: string): string {
  return `${JSON.stringify({ 'better-sqlite3': sqliteVersion })}\n`;
}

/** Fresh when the addon is there and was built from the better-sqlite3 now installed (its JavaScript must match). */
export function cacheState(addonPresent: boolean, stamp: string | null, sqliteVersion: string): CacheState {
  if (!addonPresent || stamp === null) return 'missing';
  return stamp === builtFrom(sqliteVersion) ? 'fresh' : 'stale';
}

/** The version of the better-sqlite3 package in `packageDir`, from its package.json. */
export function sqlitePackageVersion(packageDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function readCacheState(dir: string, sqliteVersion: string): CacheState {
  const stampFile = path.join(dir, BUILT_FROM);
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : null;
  return cacheState(fs.existsSync(path.join(dir, SQLITE_ADDON)), stamp, sqliteVersion);
}

export interface Runtime extends Omit<ElectronTarget, 'electron'> {
  /** process.versions.electron: undefined under plain Node (the start-up test runs main.cjs there). */
  electron: string | undefined;
  packaged: boolean;
}

export type SqliteBinding = { nativeBinding: string | undefined } | { problem: string };

/** The addon to give better-sqlite3's nativeBinding option, none for its own lookup, or why it cannot start. */
export function chooseSqliteBinding(runtime: Runtime, root: string, state: (dir: string) => CacheState): SqliteBinding {
  if (runtime.electron === undefined || runtime.packaged) return { nativeBinding: undefined };
  const dir = sqliteCacheDir(root, { ...runtime, electron: runtime.electron });
  const found = state(dir);
  if (found === 'fresh') return { nativeBinding: path.join(dir, SQLITE_ADDON) };
  return {
    problem:
      `The Electron build of SQLite (better-sqlite3) is ${found === 'missing' ? 'missing' : 'out of date'} in ${dir}. ` +
      'Start the app from source with "npm start": it builds SQLite for Electron first.',
  };
}

/** The adapter main.ts calls: the addon's path, undefined for better-sqlite3's own lookup; throws what to do. */
export function electronSqliteBinding(runtime: Runtime, root: string): string | undefined {
  const binding = chooseSqliteBinding(runtime, root, (dir) =>
    readCacheState(dir, sqlitePackageVersion(path.join(root, 'node_modules', 'better-sqlite3'))),
  );
  if ('problem' in binding) throw new Error(binding.problem);
  return binding.nativeBinding;
}
