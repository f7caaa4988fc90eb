// Packaging: electron-builder's own loader and schema accept the config; the appId is the one the app registers for
// Windows toasts; the icons are sources it can convert; native modules are unpacked from the asar, their sources left
// out; fuses are flipped; the Mac build is signed ad hoc; scripts, metadata, entry point and pinned versions are in
// place. test/packaging/installers.test.ts runs electron-builder itself.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../../electron/shell/identity';
import { ROOT } from '../support/headless';

const require = createRequire(import.meta.url);
// electron-builder's configuration code (the package electron-builder runs on `npm run dist`).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<BuilderConfig>;
  validateConfiguration(config: object, debugLogger: object): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => object };
const { minimatch } = require('minimatch') as { minimatch(file: string, pattern: string, options?: object): boolean };

interface BuilderConfig {
  appId: string;
  productName: string;
  /** Normalised by the loader into file sets. */
  files: { filter: string[] }[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  toolsets: { appimage: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; identity: string | null; hardenedRuntime: boolean };
  linux: { target: string[]; icon: string; syncDesktopName: boolean };
  directories: { output: string; buildResources: string };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  homepage?: string;
  author?: { name: string; email: string };
  desktopName?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('electron-builder configuration', async () => {
  const config = await getConfig(ROOT, null, null);

  it('passes electron-builder’s own schema validation (and the validation can fail)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpacked: true }, new DebugLogger(false))).rejects.toThrow(/asarUnpacked/);
  });

  it('uses the appId the app registers with app.setAppUserModelId', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
  });

  it('builds NSIS for Windows, a dmg for macOS, AppImage and deb for Linux, with the drawn icons', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    for (const icon of [config.win.icon, config.mac.icon, path.join(config.linux.icon, '512x512.png')]) {
      expect(fs.existsSync(path.join(ROOT, icon)), icon).toBe(true);
    }
  });

  it('gives electron-builder PNGs large enough to make the .ico (256 px) and .icns (512 px) from', async () => {
    // Its icon converter reads the size with this function and refuses a PNG below those sizes.
    const { getPngSize } = require('app-builder-lib/out/util/iconConverter.js') as {
      getPngSize(file: string): Promise<{ width: number; height: number }>;
    };
    for (const [icon, least] of [
      [config.win.icon, 256],
      [config.mac.icon, 512],
    ] as const) {
      expect(icon, icon).toMatch(/\.png$/);
      const { width, height } = await getPngSize(path.join(ROOT, icon));
      expect(width, icon).toBe(height);
      expect(width, icon).toBeGreaterThanOrEqual(least);
    }
    expect(await getPngSize(path.join(ROOT, 'build', 'icons', '128x128.png'))).toEqual({ width: 128, height: 128 }); // the reader reads
  });

  it('unpacks the native modules (SQLite, the ngrok SDK) from the asar', () => {
    expect(config.asar).toBe(true);
    const natives = [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ...fs.readdirSync(path.join(ROOT, 'node_modules', '@ngrok')).flatMap((d) =>
        fs
          .readdirSync(path.join(ROOT, 'node_modules', '@ngrok', d))
          .filter((f) => f.endsWith('.node'))
          .map((f) => `node_modules/@ngrok/${d}/${f}`),
      ),
    ];
    expect(natives.length).toBeGreaterThanOrEqual(2);
    for (const file of natives) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(
        config.asarUnpack.some((pattern) => minimatch(file, pattern, { dot: true })),
        file,
      ).toBe(true);
    }
    expect(config.asarUnpack.some((pattern) => minimatch('node_modules/express/index.js', pattern, { dot: true }))).toBe(false);
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no inspect flags, asar integrity enforced', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('signs the Mac app ad hoc and re-signs Electron Framework after flipping its fuses (Apple Silicon kills it otherwise)', () => {
    expect(config.mac.identity).toBe('-');
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true);
    // An ad-hoc signed app with the hardened runtime loads its framework only with this entitlement, which
    // electron-builder's default entitlements file carries (no build/entitlements.mac.plist replaces it).
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'build', 'entitlements.mac.plist'))).toBe(false);
    const entitlements = fs.readFileSync(require.resolve('app-builder-lib/templates/entitlements.mac.plist'), 'utf8');
    expect(entitlements).toMatch(/<key>com\.apple\.security\.cs\.disable-library-validation<\/key>\s*<true\/>/);
  });

  it('builds the AppImage with the static runtime, which needs no libfuse2', () => {
    const { appimageChecksums } = require('app-builder-lib/out/toolsets/linux.js') as { appimageChecksums: Record<string, object> };
    expect(config.toolsets.appimage).toBe('1.0.3');
    expect(Object.keys(appimageChecksums)).toContain(config.toolsets.appimage);
  });

  it('names the Linux launcher after package.json’s desktopName, as Electron reports it to the desktop', () => {
    expect(config.linux.syncDesktopName).toBe(true);
    expect(pkg.desktopName).toBe('call-alerts.desktop');
  });

  it('leaves out of the package what only compiling the native modules needs', () => {
    const excludes = config.files.flatMap((set) => set.filter).filter((p) => p.startsWith('!'));
    const excluded = (file: string) => excludes.some((p) => minimatch(file, p.slice(1), { dot: true }));
    for (const file of [
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/better-sqlite3/binding.gyp',
      'node_modules/better-sqlite3/build/Makefile',
      'node_modules/better-sqlite3/build/Release/obj/gen/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3.node',
      'node_modules/better-sqlite3/build/Release/test_extension.node',
      'node_modules/@ngrok/ngrok/README.md',
      'node_modules/@ngrok/ngrok/index.d.ts',
    ]) {
      expect(excluded(file), file).toBe(true);
    }
    for (const file of [
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/LICENSE',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/@ngrok/ngrok/index.js',
      'node_modules/@ngrok/ngrok/LICENSE-MIT',
      'node_modules/@ngrok/ngrok-linux-x64-gnu/ngrok.linux-x64-gnu.node',
    ]) {
      expect(excluded(file), file).toBe(false);
    }
  });

  it('ships the built app and the tray icons the main process looks for', () => {
    const patterns = config.files.flatMap((set) => set.filter);
    const included = (file: string) =>
      patterns.some((p) => !p.startsWith('!') && minimatch(file, p)) && !patterns.some((p) => p.startsWith('!') && minimatch(file, p.slice(1)));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    for (const file of [pkg.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-1a2b.js', 'package.json']) {
      expect(included(file), file).toBe(true);
    }
    for (const file of ['dist/electron/main.cjs.map', 'electron/shell/main.ts', 'test/unit/shell-ipc.test.ts', 'build/icons/make.ts']) {
      expect(included(file), file).toBe(false);
    }
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: 'build/tray', to: 'tray' },
        { from: 'build/icons/256x256.png', to: 'icon.png' },
      ]),
    );
    for (const { from } of config.extraResources) expect(fs.existsSync(path.join(ROOT, from)), from).toBe(true);
  });
});

describe('package.json', () => {
  it('has start, build:electron and dist scripts; dist is the driver that puts the Node build of SQLite back', () => {
    expect(pkg.scripts.start).toBe('tsx build/start.ts');
    expect(pkg.scripts['build:electron']).toContain('tsx build/bundle.ts');
    expect(pkg.scripts.dist).toBe('tsx build/dist.ts');
    // npm skips a post-hook when the script fails: build/dist.ts restores the addon itself, however it ends.
    expect(pkg.scripts.postdist).toBeUndefined();
    expect(pkg.scripts['test:packaging']).toBe('vitest run --project packaging');
  });

  it('gives the deb its Homepage and Maintainer (electron-builder refuses a deb without them)', () => {
    expect(pkg.homepage).toMatch(/^https:\/\/\S+$/);
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  it('lets electron-builder know the Electron to package without its binary (npm install leaves that out)', async () => {
    // electron-builder reads node_modules/electron/package.json, which npm installs even when it skips the download.
    const { getElectronVersion } = require('app-builder-lib/out/electron/electronVersion.js') as {
      getElectronVersion(projectDir: string): Promise<string>;
    };
    expect(await getElectronVersion(ROOT)).toBe(pkg.devDependencies.electron);
    expect((pkg as { allowScripts?: Record<string, boolean> }).allowScripts?.electron).toBe(false);
  });

  it('pins exact versions of electron and electron-builder', () => {
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(pkg.devDependencies.electron);
  });
});
