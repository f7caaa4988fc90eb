// Builds better-sqlite3's addon for another runtime with @electron/rebuild, on a copy of the package in a
// temporary folder (node_modules keeps the Node build that headless mode and the tests load), then moves the
// addon into its cache folder, whole or not at all.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_FROM, builtFrom, readCacheState, SQLITE_ADDON, sqlitePackageVersion } from '../electron/shell/sqliteBinding';
import { explainBuildFailure } from './sqliteBuildFailure';

const REBUILD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sqliteRebuild.mjs');

/** What the rebuild process is given (build/sqliteRebuild.mjs). */
export interface RebuildRequest {
  buildPath: string;
  version: string;
  abi: number;
  headerURL?: string;
  platform: NodeJS.Platform;
  arch: string;
  buildFromSource: boolean;
}

export interface AddonTarget {
  /** Electron, or this machine's Node built from its own headers (how the tests prove a build end to end). */
  runtime: 'electron' | 'node';
  version: string;
  platform: NodeJS.Platform;
  arch: string;
}

export interface SqliteBuildOptions {
  /** The better-sqlite3 package to build (copied, never built in place). */
  packageDir: string;
  cacheDir: string;
  target: AddonTarget;
  /** Where Electron's headers are downloaded from (@electron/rebuild's default when omitted). */
  headerURL?: string;
  env?: NodeJS.ProcessEnv;
  say?: (line: string) => void;
}

export type SqliteBuild = { addon: string; built: boolean; seconds?: number } | { problem: string };

/** node-gyp settings npm passes down from .npmrc (npm_config_nodedir=/usr…): they outrank @electron/rebuild's own. */
const HEADER_SETTINGS = /^npm_(?:package_)?config_(?:node_gyp_)?(?:nodedir|target|runtime|arch|dist_?url|disturl)$/i;

/** The compiled addon better-sqlite3 loads through `bindings` (node-gyp's output). */
export const addonFile = (packageDir: string) => path.join(packageDir, 'build', 'Release', SQLITE_ADDON);

/** NODE_MODULE_VERSION an addon was compiled for: node.h names its entry point node_register_module_v<ABI>. */
export function addonAbi(file: string): number | null {
  const found = /node_register_module_v(\d+)/.exec(fs.readFileSync(file).toString('latin1'));
  return found ? Number(found[1]) : null;
}

/** The ABI of a target, from the node-abi that @electron/rebuild itself uses. */
function targetAbi(target: AddonTarget): number {
  if (target.runtime === 'node') return Number(process.versions.modules);
  const fromRebuild = createRequire(createRequire(import.meta.url).resolve('@electron/rebuild'));
  const { getAbi } = fromRebuild('node-abi') as { getAbi(target: string, runtime: string): string };
  return Number(getAbi(target.version, 'electron'));
}

function targetName(target: AddonTarget): string {
  return `${target.runtime === 'electron' ? 'Electron' : 'Node.js'} ${target.version} (${target.platform}-${target.arch})`;
}

/** A build folder with the package copied under node_modules, as @electron/rebuild finds modules: by package.json. */
function prepareBuildFolder(packageDir: string, version: string): string {
  const buildPath = fs.mkdtempSync(path.join(os.tmpdir(), 'call-alerts-sqlite-'));
  const copy = path.join(buildPath, 'node_modules', 'better-sqlite3');
  // The Node build's objects stay behind: node-gyp would reuse nothing of them.
  fs.cpSync(packageDir, copy, { recursive: true, filter: (source) => source !== path.join(packageDir, 'build') });
  fs.writeFileSync(
    path.join(buildPath, 'package.json'),
    JSON.stringify({ name: 'sqlite-build', private: true, dependencies: { 'better-sqlite3': version } }),
  );
  // @electron/rebuild runs the prebuild-install it finds above the module; the installed one, read only.
  const prebuildInstall = path.dirname(createRequire(path.join(packageDir, 'package.json')).resolve('prebuild-install/package.json'));
  fs.symlinkSync(prebuildInstall, path.join(buildPath, 'node_modules', 'prebuild-install'), 'junction');
  return buildPath;
}

function runRebuild(request: RebuildRequest, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [REBUILD_SCRIPT, JSON.stringify(request)], {
      cwd: path.dirname(path.dirname(REBUILD_SCRIPT)),
      env: { ...env, DEBUG: 'electron-rebuild' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolve({ ok: false, output: `${Buffer.concat(chunks).toString()}\n${error.message}` }));
    child.on('close', (code) => resolve({ ok: code === 0, output: Buffer.concat(chunks).toString() }));
  });
}

/** Moves the addon and its stamp into the cache folder in one rename, so the folder is complete or absent. */
function installInCache(addon: string, cacheDir: string, version: string): void {
  const staging = `${cacheDir}.partial-${process.pid}`;
  try {
    fs.mkdirSync(staging, { recursive: true });
    fs.copyFileSync(addon, path.join(staging, SQLITE_ADDON));
    fs.writeFileSync(path.join(staging, BUILT_FROM), builtFrom(version));
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.renameSync(staging, cacheDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The cached addon, built first when it is missing or was built from another better-sqlite3. */
export async function ensureSqliteAddon(options: SqliteBuildOptions): Promise<SqliteBuild> {
  const { packageDir, cacheDir, target } = options;
  const version = sqlitePackageVersion(packageDir);
  const cached = path.join(cacheDir, SQLITE_ADDON);
  const state = readCacheState(cacheDir, version);
  if (state === 'fresh') return { addon: cached, built: false };
  const say = options.say ?? console.log;
  say(
    `${state === 'stale' ? 'The cached' : 'No'} build of SQLite (better-sqlite3 ${version}) for ${targetName(target)}${state === 'stale' ? ' is from another version' : ' yet'}: ` +
      'building it once (a prebuilt binary if one downloads, else compiled here: a few minutes)…',
  );
  const started = Date.now();
  const abi = targetAbi(target);
  const buildPath = prepareBuildFolder(packageDir, version);
  const what = `SQLite (better-sqlite3 ${version})`;
  const logFile = path.join(os.tmpdir(), `call-alerts-sqlite-${target.runtime}-${target.version}.log`);
  try {
    const env = Object.fromEntries(Object.entries(options.env ?? process.env).filter(([key]) => !HEADER_SETTINGS.test(key)));
    // A Node build compiles against the headers installed with this Node, so node-gyp downloads nothing.
    if (target.runtime === 'node') env.npm_config_nodedir = path.resolve(process.execPath, '..', '..');
    const run = await runRebuild(
      {
        buildPath,
        version: target.version,
        abi,
        ...(options.headerURL ? { headerURL: options.headerURL } : {}),
        platform: target.platform,
        arch: target.arch,
        buildFromSource: target.runtime === 'node',
      },
      env,
    );
    fs.writeFileSync(logFile, run.output);
    const addon = addonFile(path.join(buildPath, 'node_modules', 'better-sqlite3'));
    if (!run.ok || !fs.existsSync(addon)) {
      return { problem: explainBuildFailure(run.output, { what, target: targetName(target), platform: target.platform, cacheDir, logFile }) };
    }
    const built = addonAbi(addon);
    if (built !== null && built !== abi) {
      return {
        problem: `${what} was built for NODE_MODULE_VERSION ${built} instead of ${abi} (${targetName(target)}): node-gyp was given other headers. The build log: ${logFile}`,
      };
    }
    installInCache(addon, cacheDir, version);
    return { addon: cached, built: true, seconds: (Date.now() - started) / 1000 };
  } finally {
    fs.rmSync(buildPath, { recursive: true, force: true });
  }
}
