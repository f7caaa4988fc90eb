// Starting the desktop app: finding the Electron binary and downloading it when missing, building SQLite for
// Electron (both impossible on this machine: the message must say so and point to headless mode), start at login
// on Linux, the log file, where files live.

import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { addonFile, ensureSqliteAddon } from '../../build/sqliteBuild';
import { electronBinary, ensureElectron, SERVE_INSTEAD, startProblem } from '../../build/start';
import { logsDir } from '../../electron/shell/locations';
import { LOG_FILE, openLog, redactSecrets, teeConsole, teeWorkerOutput } from '../../electron/shell/log';
import { autostartEntry, autostartFile, desktopExecArg, linuxLoginItem, loginCommand } from '../../electron/shell/loginItem';
import { tempDir } from '../support/core';
import { ROOT } from '../support/headless';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir('shell-start-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('finding Electron', () => {
  it('says plainly when the binary is missing and points to npm run serve', () => {
    const electronDir = dir();
    const found = electronBinary(electronDir, {});
    expect('problem' in found && found.problem).toMatch(/The Electron binary is not installed/);
    expect('problem' in found && found.problem).toContain('npm run serve');
  });

  it('agrees with the electron package installed here', () => {
    const electronDir = path.join(ROOT, 'node_modules', 'electron');
    const recorded = fs.existsSync(path.join(electronDir, 'path.txt')) ? fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8') : null;
    const present = recorded !== null && fs.existsSync(path.join(electronDir, 'dist', recorded));
    expect('path' in electronBinary(electronDir, {})).toBe(present);
  });

  it('finds the binary the package recorded in path.txt, also under ELECTRON_OVERRIDE_DIST_PATH', () => {
    const electronDir = dir();
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    fs.mkdirSync(path.join(electronDir, 'dist'));
    fs.writeFileSync(path.join(electronDir, 'dist', 'electron'), '');
    expect(electronBinary(electronDir, {})).toEqual({ path: path.join(electronDir, 'dist', 'electron') });
    const override = dir();
    expect('problem' in electronBinary(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(true);
    fs.writeFileSync(path.join(override, 'electron'), '');
    expect(electronBinary(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toEqual({ path: path.join(override, 'electron') });
  });
});

describe('getting Electron on npm start (npm install leaves the binary out)', () => {
  /** An electron package whose install.js does what the real one does on success: the binary, then path.txt. */
  function electronPackage(installJs: string): string {
    const electronDir = dir();
    fs.writeFileSync(path.join(electronDir, 'install.js'), installJs);
    return electronDir;
  }
  const installs = `const fs = require('fs'), path = require('path');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
fs.mkdirSync(path.join(__dirname, 'dist'));
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`;

  it("downloads the binary with the package's install.js when it is missing, even if npm install was told to skip it", () => {
    const electronDir = electronPackage(installs);
    const said: string[] = [];
    expect(ensureElectron(electronDir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, (line) => said.push(line))).toEqual({
      path: path.join(electronDir, 'dist', 'electron'),
    });
    expect(said).toEqual([expect.stringContaining('downloading it')]);
  });

  it('runs no download when the binary is there', () => {
    const electronDir = electronPackage(`require('fs').writeFileSync(require('path').join(__dirname, 'ran'), '')`);
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    fs.mkdirSync(path.join(electronDir, 'dist'));
    fs.writeFileSync(path.join(electronDir, 'dist', 'electron'), '');
    expect('path' in ensureElectron(electronDir, {}, () => undefined)).toBe(true);
    expect(fs.existsSync(path.join(electronDir, 'ran'))).toBe(false);
  });

  it('says so when the download script succeeds without installing anything', () => {
    const found = ensureElectron(electronPackage('process.exit(0)'), {}, () => undefined);
    expect('problem' in found && found.problem).toMatch(/not installed[^\n]*\nIts download script finished without installing it\.\n/);
  });

  it('says what is missing, why the download failed and what to do (the real install.js, with no server to download from)', async () => {
    const electronDir = path.join(ROOT, 'node_modules', 'electron');
    const installed = 'path' in electronBinary(electronDir, {});
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    // An empty download cache and a mirror on a closed loopback port: the real script fails the way it does offline.
    const env = { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${closed}/`, electron_config_cache: dir() };
    const started = Date.now();
    const found = ensureElectron(electronDir, env, () => undefined);
    if (installed) return expect('path' in found).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
    if (!('problem' in found)) throw new Error('expected a problem');
    const lines = found.problem.split('\n');
    expect(lines[0]).toMatch(/^The Electron binary is not installed \(.+ is missing\), so the desktop app cannot start/);
    expect(lines[1]).toMatch(/^Downloading it failed: .*ECONNREFUSED/);
    expect(found.problem).toContain('"npm run serve"');
    expect(found.problem).toContain('internet access');
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });
});

/** A loopback port nothing listens on: a download from it fails as one does offline, but at once. */
function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const SQLITE_PACKAGE = path.join(ROOT, 'node_modules', 'better-sqlite3');

/** Every file of the installed better-sqlite3 with its size and time, and the hash of its addon. */
function installedSqlite(): { files: string; addon: string } {
  const files = (fs.readdirSync(SQLITE_PACKAGE, { recursive: true }) as string[]).sort().map((file) => {
    const stat = fs.statSync(path.join(SQLITE_PACKAGE, file));
    return `${file} ${stat.size} ${stat.mtimeMs}`;
  });
  const addon = crypto.createHash('sha256').update(fs.readFileSync(addonFile(SQLITE_PACKAGE)));
  return { files: files.join('\n'), addon: addon.digest('hex') };
}

const buildFolders = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('call-alerts-sqlite-') && !name.endsWith('.log'));

describe('building SQLite for Electron on npm start (node_modules keeps the Node build)', () => {
  const electron = { runtime: 'electron', version: '38.8.6', platform: process.platform, arch: process.arch } as const;

  it('says which download failed, that it needs internet once, and leaves no cache and node_modules as it was', async () => {
    const port = await closedPort();
    const before = installedSqlite();
    const foldersBefore = buildFolders();
    const cacheDir = path.join(dir(), 'better-sqlite3-electron-38.8.6');
    const said: string[] = [];
    const started = Date.now();
    // Both downloads @electron/rebuild tries, pointed at the closed port: the prebuilt binary, then Electron's headers.
    // And this machine's ~/.npmrc nodedir, which npm passes to node-gyp: it must not build against Node's headers.
    const env = {
      ...process.env,
      npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${port}`,
      npm_config_nodedir: path.resolve(process.execPath, '..', '..'),
    };
    const result = await ensureSqliteAddon({
      packageDir: SQLITE_PACKAGE,
      cacheDir,
      target: electron,
      headerURL: `http://127.0.0.1:${port}`,
      env,
      say: (line) => said.push(line),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    if (!('problem' in result)) throw new Error('expected a problem');
    const lines = result.problem.split('\n');
    expect(said).toEqual([expect.stringMatching(/^No build of SQLite \(better-sqlite3 12\.11\.1\) for Electron 38\.8\.6 .* yet: building it once/)]);
    expect(lines[0]).toMatch(
      /^SQLite \(better-sqlite3 12\.11\.1\) could not be built for Electron 38\.8\.6 \(\w+-\w+\), so the desktop app cannot start/,
    );
    expect(lines[1]).toBe(`No prebuilt binary could be downloaded (prebuild-install: connect ECONNREFUSED 127.0.0.1:${port}).`);
    expect(lines[2]).toBe(
      `Compiling it needs Electron's headers, and their download failed: http://127.0.0.1:${port}/v38.8.6/node-v38.8.6-headers.tar.gz (ECONNREFUSED).`,
    );
    expect(lines[3]).toBe(
      `It needs internet access once (127.0.0.1:${port}): run "npm start" again where they can be reached; the build is then kept in ${cacheDir}.`,
    );
    expect(lines[4]).toMatch(/^The full build log: .*call-alerts-sqlite-electron-38\.8\.6\.log$/);
    expect(fs.readFileSync(lines[4]!.replace('The full build log: ', ''), 'utf8')).toContain(`gyp http GET http://127.0.0.1:${port}/v38.8.6/`);
    expect(fs.existsSync(cacheDir)).toBe(false);
    expect(fs.readdirSync(path.dirname(cacheDir))).toEqual([]);
    expect(buildFolders()).toEqual(foldersBefore);
    expect(installedSqlite()).toEqual(before);
  });

  it('names the missing compiler and how to get one (a PATH with everything but the C and C++ compilers)', async () => {
    const bin = dir();
    const compilers = /^(cc|c\+\+|gcc|g\+\+|cpp|clang|clang\+\+)(-[\d.]+)?$|-linux-gnu-/;
    for (const folder of (process.env.PATH ?? '').split(path.delimiter).filter((d) => fs.existsSync(d))) {
      for (const name of fs.readdirSync(folder)) {
        if (!compilers.test(name) && !fs.existsSync(path.join(bin, name))) fs.symlinkSync(path.join(folder, name), path.join(bin, name));
      }
    }
    const cacheDir = path.join(dir(), 'cache');
    // This machine's Node: its headers are installed with it, so the build reaches the compiler without a download.
    const result = await ensureSqliteAddon({
      packageDir: SQLITE_PACKAGE,
      cacheDir,
      target: { ...electron, runtime: 'node', version: process.versions.node },
      env: { ...process.env, PATH: bin },
      say: () => undefined,
    });
    if (!('problem' in result)) throw new Error('expected a problem');
    expect(result.problem).toMatch(/\nCompiling it needs a C\+\+ toolchain, and the compiler (cc|c\+\+|g\+\+) was not found\. /);
    expect(result.problem).toContain('sudo apt-get install build-essential python3');
    expect(result.problem).toContain('Then run "npm start" again.');
    expect(result.problem).not.toContain('internet');
    expect(fs.existsSync(cacheDir)).toBe(false);
  });

  it('adds headless mode to what npm start prints, once', () => {
    const missing = { problem: 'Electron is missing.\n' + SERVE_INSTEAD };
    expect(startProblem({ path: '/e' }, { problem: 'SQLite failed.' })).toBe(`SQLite failed.\n\n${SERVE_INSTEAD}`);
    expect(startProblem(missing, { problem: 'SQLite failed.' })).toBe(`${missing.problem}\n\nSQLite failed.`);
    expect(startProblem(missing, { addon: '/a', built: false })).toBe(missing.problem);
  });
});

describe('start at login on Linux (XDG autostart)', () => {
  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(desktopExecArg('/opt/Call Alerts/call-alerts')).toBe('"/opt/Call Alerts/call-alerts"');
    expect(desktopExecArg('/usr/bin/call-alerts')).toBe('/usr/bin/call-alerts');
    expect(desktopExecArg('/home/a$b/"x"')).toBe('"/home/a\\\\$b/\\\\"x\\\\""');
    expect(desktopExecArg('/tmp/100%')).toBe('/tmp/100%%');
  });

  it('writes an entry that starts the app hidden, and removes it', () => {
    const file = path.join(dir(), 'autostart', 'call-alerts.desktop');
    expect(linuxLoginItem.enabled(file)).toBe(false);
    linuxLoginItem.set(true, ['/opt/Call Alerts/call-alerts'], file);
    expect(linuxLoginItem.enabled(file)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(autostartEntry(['/opt/Call Alerts/call-alerts']));
    expect(autostartEntry(['/opt/Call Alerts/call-alerts'])).toContain('\nExec="/opt/Call Alerts/call-alerts" --hidden\n');
    expect(autostartEntry(['x'])).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Call Alerts\n/);
    linuxLoginItem.set(false, [], file);
    expect(linuxLoginItem.enabled(file)).toBe(false);
  });

  it('lives in the XDG config folder and runs the AppImage itself, not its temporary mount', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/a')).toBe(path.join('/x/cfg', 'autostart', 'call-alerts.desktop'));
    expect(autostartFile({}, '/home/a')).toBe(path.join('/home/a', '.config', 'autostart', 'call-alerts.desktop'));
    expect(loginCommand({ APPIMAGE: '/home/a/Call-Alerts.AppImage' }, '/tmp/.mount_X/call-alerts', true, '/tmp/.mount_X/resources/app.asar')).toEqual(
      ['/home/a/Call-Alerts.AppImage'],
    );
    expect(loginCommand({}, '/opt/Call Alerts/call-alerts', true, '/opt/Call Alerts/resources/app.asar')).toEqual(['/opt/Call Alerts/call-alerts']);
    expect(loginCommand({}, '/dev/node_modules/electron/dist/electron', false, '/dev/call-alerts')).toEqual([
      '/dev/node_modules/electron/dist/electron',
      '/dev/call-alerts',
    ]);
  });
});

describe('the log file', () => {
  it('gets every console line with its time and level, and the console still prints', () => {
    const logs = dir();
    const printed: unknown[][] = [];
    const target = {
      log: (...a: unknown[]) => printed.push(a),
      info: () => undefined,
      warn: () => undefined,
      error: (...a: unknown[]) => printed.push(a),
    } as unknown as Console;
    teeConsole(openLog(logs), target);
    target.log('Call Alerts is running (data: %s)', '/data');
    target.error(new Error('boom'));
    const lines = fs.readFileSync(path.join(logs, LOG_FILE), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO Call Alerts is running \(data: \/data\)$/);
    expect(lines[1]).toMatch(/ ERROR Error: boom$/);
    expect(lines.some((l) => l.includes('at '))).toBe(true); // the stack follows
    expect(printed).toHaveLength(2);
  });

  it('moves the file to main.old.log once it has passed its limit, losing no line', () => {
    const logs = dir();
    const log = openLog(logs, 200);
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    for (const line of lines) log.write('info', [line]);
    const read = (name: string) => fs.readFileSync(path.join(logs, name), 'utf8').trim().split('\n');
    const current = read(LOG_FILE);
    const previous = read('main.old.log');
    expect([...previous, ...current].map((l) => l.replace(/^\S+ INFO /, ''))).toEqual(lines.slice(-(previous.length + current.length)));
    expect(previous.length).toBeGreaterThan(1);
    // Checked before each line: a file passes its limit by at most the line that took it over.
    const longest = Math.max(...[...previous, ...current].map((l) => Buffer.byteLength(l) + 1));
    for (const name of [LOG_FILE, 'main.old.log']) expect(fs.statSync(path.join(logs, name)).size).toBeLessThanOrEqual(200 + longest);
  });

  it('never writes a webhook URL token, in a message or in an error', () => {
    const logs = dir();
    const target = { log: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Console;
    teeConsole(openLog(logs), target);
    target.log('Listening at http://127.0.0.1:8080/hooks/Tok3n-abc_123 and https://x.trycloudflare.com/hooks/Tok3n-abc_123?echo=1');
    target.error('Webhook listener error:', new Error('POST /hooks/Tok3n-abc_123 failed'));
    const text = fs.readFileSync(path.join(logs, LOG_FILE), 'utf8');
    expect(text).not.toContain('Tok3n');
    expect(text).toContain('http://127.0.0.1:8080/hooks/… and https://x.trycloudflare.com/hooks/…?echo=1');
    expect(text).toMatch(/ERROR Webhook listener error: Error: POST \/hooks\/… failed\n\s+at /);
    expect(redactSecrets('/hooks/')).toBe('/hooks/');
  });

  it('gets what a worker thread prints, with its level, once; a line of this thread’s console is not doubled', async () => {
    const logs = dir();
    const log = openLog(logs);
    // A console printing to the real stdout, as the main process's does.
    const target = {
      log: (...a: unknown[]) => process.stdout.write(`${a.join(' ')}\n`),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    teeConsole(log, target as unknown as Console);
    const stop = teeWorkerOutput(log);
    try {
      target.log('main thread: started');
      const worker = new Worker(
        "console.log('store: opened calls.sqlite'); console.warn('store: the tunnel failed at https://x.example/hooks/Tok3n-abc_123');",
        { eval: true },
      );
      await new Promise((resolve) => worker.once('exit', resolve));
      const read = () => fs.readFileSync(path.join(logs, LOG_FILE), 'utf8');
      await expect.poll(() => read()).toContain('the tunnel failed');
      const lines = read()
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\S+ /, ''));
      expect(lines.sort()).toEqual(
        ['INFO main thread: started', 'INFO store: opened calls.sqlite', 'WARN store: the tunnel failed at https://x.example/hooks/…'].sort(),
      );
    } finally {
      stop();
    }
  });

  it('keeps the app running when the file cannot be written', () => {
    const blocked = path.join(dir(), 'a-file');
    fs.writeFileSync(blocked, '');
    const printed: unknown[][] = [];
    const target = {
      log: (...a: unknown[]) => printed.push(a),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    } as unknown as Console;
    teeConsole(openLog(path.join(blocked, 'logs')), target);
    expect(() => target.log('still here')).not.toThrow();
    expect(printed).toEqual([['still here']]);
  });

  it('prints, and does not copy back in a loop, the complaint of a log that cannot write a worker’s line', () => {
    const written: string[] = [];
    const stream = () => ({ write: (chunk: unknown) => written.push(String(chunk)) > 0 }) as unknown as NodeJS.WriteStream;
    const streams = { stdout: stream(), stderr: stream() };
    // As electron-log does: a file it cannot write is said on the console, which prints to stderr.
    const complaining = { file: 'main.log', write: () => void streams.stderr.write('Can’t write to main.log\n') };
    teeWorkerOutput(complaining, streams);
    streams.stderr.write('store: a worker’s line\n');
    expect(written).toEqual(['Can’t write to main.log\n', 'store: a worker’s line\n']);
  });

  it('lives in ~/Library/Logs on macOS and beside the data elsewhere', () => {
    expect(logsDir('darwin', '/Users/a/Library/Application Support/Call Alerts', '/Users/a')).toBe('/Users/a/Library/Logs/Call Alerts');
    expect(logsDir('linux', '/home/a/.config/Call Alerts', '/home/a')).toBe(path.join('/home/a/.config/Call Alerts', 'logs'));
  });
});
