// The real electron-builder (its CLI, in a child process) packages a copy of the project for Linux: `--linux dir`
// and `--linux deb`, with a stand-in Electron dist (test/support/electronDistStandIn.ts) and a stand-in fpm that
// builds a real .deb with dpkg-deb (test/support/fpm-stand-in/fpm.mjs). npmRebuild is off: it would rebuild the
// project's node_modules in place and needs Electron's headers from the internet. The checks read what it wrote:
// the app.asar listing, app.asar.unpacked, the fuse wire in the executable, the deb's control fields and files.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadsUnderNode } from '../../build/dist';
import { addonFile } from '../../build/sqliteBuild';
import { ELECTRON_DEFAULT_FUSES, makeElectronDistStandIn } from '../support/electronDistStandIn';
import { ROOT } from '../support/headless';
import { makePackagingProject } from './project';

const require = createRequire(import.meta.url);
const { listPackage } = require('@electron/asar') as { listPackage(archive: string, options: object): string[] };
const { getCurrentFuseWire } = require('@electron/fuses') as typeof import('@electron/fuses');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
  desktopName: string;
  author: { name: string; email: string };
};
const FPM_STAND_IN = path.join(ROOT, 'test', 'support', 'fpm-stand-in', 'fpm.mjs');
const BUILDER = path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
const PRODUCT_DIR = '/opt/Call Alerts';
const nodeSqlite = path.join(ROOT, 'node_modules', 'better-sqlite3');
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
/** What only compiling SQLite needs: its C sources and headers, gyp files, the build tree's objects, the test addon. */
const BUILD_ONLY = /\.(c|cc|cpp|h|hpp|gyp|gypi|a|o|mk|d)$|(^|\/)(deps|src|obj|obj\.target)\/|Makefile$|test_extension\.node$/;

let temp = '';
let dirBuild = '';
let debBuild = '';
let nodeBuildBefore = '';

function electronBuilder(project: string, output: string, target: string): void {
  const run = spawnSync(
    process.execPath,
    [
      BUILDER,
      '--projectDir',
      project,
      '--linux',
      target,
      '--x64',
      '--publish',
      'never',
      ...[`-c.electronDist=${path.join(temp, 'electron-dist')}`, '-c.npmRebuild=false', `-c.directories.output=${output}`],
    ],
    {
      cwd: project,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, CUSTOM_FPM_PATH: FPM_STAND_IN, ELECTRON_BUILDER_CACHE: path.join(temp, 'cache'), CI: 'true' },
    },
  );
  if (run.status !== 0) throw new Error(`electron-builder --linux ${target} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
}

describe.skipIf(process.platform !== 'linux')('electron-builder packages the app for Linux', () => {
  beforeAll(async () => {
    nodeBuildBefore = sha256(addonFile(nodeSqlite));
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'call-alerts-packaging-'));
    makeElectronDistStandIn(path.join(temp, 'electron-dist'));
    const project = path.join(temp, 'project');
    fs.mkdirSync(project);
    await makePackagingProject(project);
    dirBuild = path.join(temp, 'dir');
    debBuild = path.join(temp, 'deb');
    electronBuilder(project, dirBuild, 'dir');
    electronBuilder(project, debBuild, 'deb');
  }, 300_000);
  afterAll(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  const unpacked = () => path.join(dirBuild, 'linux-unpacked');
  const resources = () => path.join(unpacked(), 'resources');

  it('puts the bundled app, the window and the runtime parts of both native packages in app.asar', () => {
    const listing = listPackage(path.join(resources(), 'app.asar'), { isPack: false }).map((f) => f.split(path.sep).join('/'));
    for (const file of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/storeWorker.cjs',
      '/dist/electron/readerWorker.cjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/better-sqlite3/package.json',
      '/node_modules/bindings/bindings.js',
      '/node_modules/@ngrok/ngrok/index.js',
    ]) {
      expect(listing, file).toContain(file);
    }
    expect(listing.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(listing.filter((f) => /\/(electron|shell)\/.*\.ts$|^\/test\//.test(f))).toEqual([]);
    expect(listing.filter((f) => f.startsWith('/node_modules/better-sqlite3/') && BUILD_ONLY.test(f))).toEqual([]);
    expect(listing.filter((f) => /^\/node_modules\/@ngrok\/.*\.(md|d\.ts)$/.test(f))).toEqual([]);
  });

  it('unpacks both native modules beside the asar, and no SQLite sources anywhere', () => {
    const natives = filesUnder(path.join(resources(), 'app.asar.unpacked')).filter((f) => f.endsWith('.node'));
    const ngrokPlatform = fs.readdirSync(path.join(ROOT, 'node_modules', '@ngrok')).find((d) => d !== 'ngrok')!;
    expect(natives.sort()).toEqual(
      [
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
        ...fs
          .readdirSync(path.join(ROOT, 'node_modules', '@ngrok', ngrokPlatform))
          .filter((f) => f.endsWith('.node'))
          .map((f) => `node_modules/@ngrok/${ngrokPlatform}/${f}`),
      ].sort(),
    );
    expect(filesUnder(unpacked()).filter((f) => BUILD_ONLY.test(f.split(path.sep).join('/')))).toEqual([]);
    // The worker threads' bundles stay inside app.asar, under its integrity check: Electron's workers read from it.
    expect(fs.existsSync(path.join(resources(), 'app.asar.unpacked', 'dist'))).toBe(false);
    const sqliteBytes = filesUnder(path.join(resources(), 'app.asar.unpacked', 'node_modules', 'better-sqlite3')).reduce(
      (sum, f) => sum + fs.statSync(path.join(resources(), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', f)).size,
      0,
    );
    expect(sqliteBytes).toBeLessThan(4 * 1024 * 1024);
    expect(fs.existsSync(path.join(resources(), 'tray', 'tray-normal.png'))).toBe(true);
    expect(fs.existsSync(path.join(resources(), 'icon.png'))).toBe(true);
  });

  it('flips the fuses in the packaged Electron binary, not in the dist it copied', async () => {
    // One character per fuse, in @electron/fuses' order ('0' off, '1' on): RunAsNode, EnableCookieEncryption,
    // EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation,
    // OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot (left as Electron has it), GrantFileProtocolExtraPrivileges.
    const wire = async (executable: string) => {
      const fuses = (await getCurrentFuseWire(executable)) as unknown as Record<string, number>;
      return Object.keys(fuses)
        .filter((key) => key !== 'version')
        .map((key) => String.fromCharCode(fuses[key]!))
        .join('');
    };
    expect(await wire(path.join(unpacked(), pkg.name))).toBe('01001100');
    expect(await wire(path.join(temp, 'electron-dist', 'electron'))).toBe(ELECTRON_DEFAULT_FUSES);
  });

  const deb = () => path.join(debBuild, `${pkg.name}_${pkg.version}_amd64.deb`);
  const dpkgDeb = (...args: string[]) => {
    const run = spawnSync('dpkg-deb', args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`dpkg-deb ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };

  it('writes the deb’s control fields from package.json', () => {
    const field = (name: string) => dpkgDeb('-f', deb(), name).trim();
    expect(field('Package')).toBe(pkg.name);
    expect(field('Version')).toBe(pkg.version);
    expect(field('Architecture')).toBe('amd64');
    expect(field('Maintainer')).toBe(`${pkg.author.name} <${pkg.author.email}>`);
    expect(field('Maintainer')).toMatch(/<[^@\s]+@[^@\s]+\.[a-z]+>$/);
    expect(field('Homepage')).toBe(pkg.homepage);
    // GTK for the window, libnotify for notifications, NSS, libsecret for safeStorage's key on Linux.
    expect(field('Depends').split(/,\s*/)).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnotify4', 'libnss3', 'libsecret-1-0']));
  });

  it('installs the app under /opt and a launcher named after desktopName, whose window class matches it', () => {
    const files = dpkgDeb('-c', deb())
      .split('\n')
      .map((line) => line.replace(/^.*? \d\d:\d\d \.(?=\/)/, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        `${PRODUCT_DIR}/${pkg.name}`,
        `${PRODUCT_DIR}/resources/app.asar`,
        `${PRODUCT_DIR}/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node`,
        `/usr/share/applications/${pkg.desktopName}`,
        `/usr/share/icons/hicolor/256x256/apps/${pkg.name}.png`,
      ]),
    );
    expect(files.filter((f) => f.startsWith('/usr/share/applications/') && f.endsWith('.desktop'))).toEqual([
      `/usr/share/applications/${pkg.desktopName}`,
    ]);
    const extracted = path.join(temp, 'deb-root');
    dpkgDeb('-x', deb(), extracted);
    const entry = fs.readFileSync(path.join(extracted, 'usr', 'share', 'applications', pkg.desktopName), 'utf8');
    expect(entry).toContain(`StartupWMClass=${pkg.desktopName.replace(/\.desktop$/, '')}\n`);
    expect(entry).toContain(`Exec="${PRODUCT_DIR}/${pkg.name}" %U\n`);
  });

  it('leaves the project’s better-sqlite3 the Node build, loading under Node', () => {
    expect(sha256(addonFile(nodeSqlite))).toBe(nodeBuildBefore);
    expect(loadsUnderNode(nodeSqlite)).toEqual({ ok: true });
  });
});
