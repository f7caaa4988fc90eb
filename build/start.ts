// npm start: makes sure Electron's binary and an Electron build of SQLite are there, builds the window (vite),
// the main process and preload (esbuild), then launches Electron. npm install leaves the binary out
// (package.json's allowScripts: headless mode does not need it), so the first npm start downloads it and
// builds SQLite; where it cannot, it says what is missing and points to headless mode instead.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as buildRenderer } from 'vite';
import { sqliteCacheDir } from '../electron/shell/sqliteBinding';
import { bundleShell, ROOT } from './bundle';
import { ensureSqliteAddon, type SqliteBuild, type SqliteBuildOptions } from './sqliteBuild';

export type ElectronBinary = { path: string } | { problem: string };

/** The outcome of the electron package's own download script, with its first error line when it failed. */
export type Download = { ok: true } | { ok: false; reason: string };

/** The binary the electron package recorded in path.txt after downloading it (the lookup of its own index.js). */
function recordedBinary(electronDir: string, env: NodeJS.ProcessEnv): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  return recorded ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist'), recorded) : null;
}

export const SERVE_INSTEAD =
  'The same app runs without Electron: "npm run serve" starts the call receiver and serves the history window to your browser.';

function notInstalled(electronDir: string, env: NodeJS.ProcessEnv, why?: string): { problem: string } {
  const binary = recordedBinary(electronDir, env) ?? path.join(electronDir, 'dist');
  return {
    problem: [
      `The Electron binary is not installed (${binary} is missing), so the desktop app cannot start on this machine.`,
      ...(why ? [why] : []),
      SERVE_INSTEAD,
      'To get Electron itself, run "npm start" again with internet access: it downloads Electron (about 100 MB) from github.com.',
    ].join('\n'),
  };
}

/** Where the electron package put its binary, or what is missing and what to do. */
export function electronBinary(electronDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const binary = recordedBinary(electronDir, env);
  return binary && fs.existsSync(binary) ? { path: binary } : notInstalled(electronDir, env);
}

/** Runs the electron package's install.js: it downloads the binary for this system into its dist/ and writes path.txt. */
export function downloadElectron(electronDir: string, env: NodeJS.ProcessEnv = process.env): Download {
  const childEnv = { ...env };
  delete childEnv.ELECTRON_SKIP_BINARY_DOWNLOAD; // install.js would exit at once, yet npm start needs the binary
  const run = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    env: childEnv,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status === 0) return { ok: true };
  const firstLine = run.stderr?.split('\n').find((line) => line.trim() !== '');
  return { ok: false, reason: run.error?.message ?? firstLine?.trim() ?? `install.js exited with ${run.status ?? run.signal}` };
}

/** Finds the binary, downloading it first when it is missing. */
export function ensureElectron(electronDir: string, env: NodeJS.ProcessEnv = process.env, say: (line: string) => void = console.log): ElectronBinary {
  const found = electronBinary(electronDir, env);
  if ('path' in found) return found;
  say('Electron is not installed yet: downloading it (node node_modules/electron/install.js)…');
  const fetched = downloadElectron(electronDir, env);
  const after = electronBinary(electronDir, env);
  if ('path' in after) return after;
  return notInstalled(
    electronDir,
    env,
    fetched.ok ? 'Its download script finished without installing it.' : `Downloading it failed: ${fetched.reason}`,
  );
}

/**
 * The Electron build of better-sqlite3 that main.ts loads run from source (electron/shell/sqliteBinding.ts):
 * kept in node_modules/.cache, built on the first start and after an upgrade of better-sqlite3 or Electron.
 */
export function ensureElectronSqlite(
  root: string,
  electronVersion: string,
  options: Pick<SqliteBuildOptions, 'headerURL' | 'env' | 'say'> = {},
): Promise<SqliteBuild> {
  const target = { electron: electronVersion, platform: process.platform, arch: process.arch };
  return ensureSqliteAddon({
    ...options,
    packageDir: path.join(root, 'node_modules', 'better-sqlite3'),
    cacheDir: sqliteCacheDir(root, target),
    target: { runtime: 'electron', version: electronVersion, platform: target.platform, arch: target.arch },
  });
}

/** What npm start prints before giving up: each missing piece, and headless mode as the way to run meanwhile. */
export function startProblem(binary: ElectronBinary, sqlite: SqliteBuild): string {
  // The binary's own problem already ends with headless mode.
  const problems = [binary, sqlite].flatMap((found) => ('problem' in found ? [found.problem] : []));
  return [...problems, ...('problem' in binary ? [] : [SERVE_INSTEAD])].join('\n\n');
}

async function main(): Promise<void> {
  const electronDir = path.join(ROOT, 'node_modules', 'electron');
  const binary = ensureElectron(electronDir);
  const { version } = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string };
  // Built even when Electron is missing: both need internet once, and both are said in one go.
  const sqlite = await ensureElectronSqlite(ROOT, version);
  if ('problem' in binary || 'problem' in sqlite) {
    console.error(`\n${startProblem(binary, sqlite)}`);
    process.exit(1);
  }
  if (sqlite.built) console.log(`Built SQLite for Electron ${version} in ${sqlite.seconds?.toFixed(0)} s: ${sqlite.addon}`);
  await buildRenderer({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  await bundleShell();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start a plain Node instead of the app
  const child = spawn(binary.path, [ROOT, ...process.argv.slice(2)], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
