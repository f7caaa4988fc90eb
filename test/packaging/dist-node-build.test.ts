// `npm run dist` (build/dist.ts) puts back the Node build of better-sqlite3 however the run ends: a step that
// rebuilds it for Electron and then fails, one that wipes the build folder, Ctrl-C in the middle. Each test runs on a
// copy of the package (with bindings, which loads the addon) in a temp folder, never on the shared node_modules.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addonAction, keepingNodeBuild, loadsUnderNode, runDist, type Step } from '../../build/dist';
import { addonFile } from '../../build/sqliteBuild';
import { ROOT } from '../support/headless';

let temp = '';
let sqlite = '';
let nodeBuild: Buffer;
const ELECTRON_BUILD = Buffer.from('\x7fELF stand-in for an addon built for Electron’s ABI');
const node = (script: string): Step => ({ command: process.execPath, args: ['-e', script] });
const overwrite = () => `require('fs').writeFileSync(${JSON.stringify(addonFile(sqlite))}, ${JSON.stringify(ELECTRON_BUILD.toString())})`;

beforeEach(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'call-alerts-dist-test-'));
  for (const name of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
    fs.cpSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), path.join(temp, 'node_modules', name), { recursive: true });
  }
  sqlite = path.join(temp, 'node_modules', 'better-sqlite3');
  nodeBuild = fs.readFileSync(addonFile(sqlite));
});
afterEach(() => fs.rmSync(temp, { recursive: true, force: true }));

const expectNodeBuildBack = () => {
  expect(fs.readFileSync(addonFile(sqlite)).equals(nodeBuild)).toBe(true);
  expect(loadsUnderNode(sqlite)).toEqual({ ok: true });
};

describe('what to do with the addon afterwards', () => {
  it('keeps identical bytes, restores changed or missing ones, and has nothing to restore if nothing was kept', () => {
    const a = Buffer.from('node build');
    expect(addonAction(a, Buffer.from('node build'))).toBe('keep');
    expect(addonAction(a, Buffer.from('electron build'))).toBe('restore');
    expect(addonAction(a, null)).toBe('restore');
    expect(addonAction(null, Buffer.from('electron build'))).toBe('nothing-kept');
  });
});

describe('keepingNodeBuild', () => {
  it('puts the Node build back when a step overwrote it and then threw', async () => {
    const actions: string[] = [];
    const failing = keepingNodeBuild(
      sqlite,
      async () => {
        fs.writeFileSync(addonFile(sqlite), ELECTRON_BUILD);
        expect(loadsUnderNode(sqlite).ok).toBe(false);
        throw new Error('electron-builder failed');
      },
      (action) => actions.push(action),
    );
    await expect(failing).rejects.toThrow('electron-builder failed');
    expect(actions).toEqual(['restore']);
    expectNodeBuildBack();
  });

  it('recreates the build folder a rebuild cleaned away', async () => {
    await keepingNodeBuild(sqlite, async () => fs.rmSync(path.join(sqlite, 'build'), { recursive: true }));
    expectNodeBuildBack();
  });

  it('touches nothing when the addon is unchanged', async () => {
    const before = fs.statSync(addonFile(sqlite)).mtimeMs;
    const actions: string[] = [];
    await keepingNodeBuild(
      sqlite,
      async () => {},
      (action) => actions.push(action),
    );
    expect(actions).toEqual(['keep']);
    expect(fs.statSync(addonFile(sqlite)).mtimeMs).toBe(before);
  });
});

describe('runDist', () => {
  it('stops at a failing step, says which, puts the Node build back and exits 1', async () => {
    const said: string[] = [];
    const ran = path.join(temp, 'ran');
    const code = await runDist(
      [node(overwrite()), node('process.exit(3)'), node(`require('fs').writeFileSync(${JSON.stringify(ran)}, '')`)],
      sqlite,
      (l) => said.push(l),
    );
    expect(code).toBe(1);
    expect(fs.existsSync(ran)).toBe(false);
    expect(said).toEqual([expect.stringContaining('Put back the Node build'), expect.stringMatching(/failed \(exit 3\)$/)]);
    expectNodeBuildBack();
  });

  it('says plainly to run npm rebuild when the addon does not load under Node afterwards', async () => {
    fs.writeFileSync(addonFile(sqlite), ELECTRON_BUILD);
    const said: string[] = [];
    expect(await runDist([node('')], sqlite, (l) => said.push(l))).toBe(1);
    expect(said).toEqual([expect.stringMatching(/^better-sqlite3 in node_modules does not load under Node \(.+\): run npm rebuild better-sqlite3$/)]);
  });

  // Windows has no SIGINT to send: kill() there ends the process outright.
  it.skipIf(process.platform === 'win32')('on Ctrl-C stops the running step, puts the Node build back, and exits 130', async () => {
    const driver = path.join(temp, 'driver.mts');
    const step = node(`${overwrite()}; console.log('rebuilt'); setInterval(() => {}, 1000)`);
    fs.writeFileSync(
      driver,
      `import { runDist } from ${JSON.stringify(path.join(ROOT, 'build', 'dist.ts'))};\n` +
        `process.exitCode = await runDist([${JSON.stringify(step)}], ${JSON.stringify(sqlite)});\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', driver], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('rebuilt')) resolve();
      });
      child.on('exit', () => reject(new Error(`the driver exited early: ${output}`)));
    });
    expect(fs.readFileSync(addonFile(sqlite)).equals(ELECTRON_BUILD)).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(output).toContain('Stopped (SIGINT).');
    expect(output).toContain('Put back the Node build');
    expectNodeBuildBack();
  });
});
