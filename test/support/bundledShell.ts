// The real bundle (dist/electron/main.cjs, made by build/bundle.ts) in an app folder laid out as `npm start` runs it,
// started in a child process on the stand-in Electron binary (electronStandInProcess.ts) and driven over fork()'s IPC.

import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleShell } from '../../build/bundle';
import { ROOT } from './headless';
import type { StandInCommand, StandInReply, StandInSnapshot } from './electronStandInProcess';

export interface BuiltApp {
  /** The app folder: package.json, dist/electron/main.cjs, dist/renderer, build/tray, build/icons, node_modules. */
  appDir: string;
  /** The stand-in Electron binary, compiled to one CommonJS file. */
  standIn: string;
  remove(): void;
}

/** What the main process reads from its app folder in development: the built window (a stub), the drawn icons. */
export function layOutAppFiles(appDir: string): void {
  fs.mkdirSync(path.join(appDir, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(appDir, 'dist', 'renderer', 'index.html'), '<!doctype html><div id="root"></div>');
  for (const folder of ['tray', 'icons']) fs.cpSync(path.join(ROOT, 'build', folder), path.join(appDir, 'build', folder), { recursive: true });
}

/** Bundles the shell and the stand-in into a fresh temp folder. */
export async function buildApp(): Promise<BuiltApp> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-bundle-'));
  const appDir = path.join(home, 'app');
  await bundleShell(path.join(appDir, 'dist', 'electron'));
  const standIn = path.join(home, 'electron-stand-in.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'test', 'support', 'electronStandInProcess.ts')],
    outfile: standIn,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'call-alerts', version: '1.2.3', main: 'dist/electron/main.cjs' }));
  layOutAppFiles(appDir);
  // The bundle leaves the native packages (better-sqlite3, the ngrok SDK) to node_modules: the project's, read-only.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
  return { appDir, standIn, remove: () => fs.rmSync(home, { recursive: true, force: true }) };
}

export interface RunningApp {
  child: ChildProcess;
  /** XDG_CONFIG_HOME of the run: the data folder is `Call Alerts` inside it. */
  configDir: string;
  dataDir: string;
  send(command: StandInCommand): Promise<unknown>;
  snapshot(): Promise<StandInSnapshot>;
  /** Polls the snapshot until `probe` returns something truthy. */
  until<T>(probe: (s: StandInSnapshot) => T | undefined | null | false, what: string, ms?: number): Promise<T>;
  exited: Promise<number | null>;
  output(): string;
}

/** Starts the bundle as Electron would from its app folder; its data folder and config in `home`. */
export function startApp(app: BuiltApp, home: string): RunningApp {
  const configDir = path.join(home, 'config');
  const child = fork(app.standIn, [app.appDir], {
    cwd: home,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: configDir, CALL_ALERTS_WEBHOOK_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let next = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (reply: StandInReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(reply.error));
  });
  let ended = false;
  const gone = () => new Error(`The app exited with ${child.exitCode}:\n${output}`);
  void exited.then(() => {
    ended = true;
    for (const waiter of pending.values()) waiter.reject(gone());
  });
  const send = (command: StandInCommand) =>
    new Promise<unknown>((resolve, reject) => {
      if (ended) return reject(gone());
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ id, command });
    });
  const snapshot = () => send({ do: 'snapshot' }) as Promise<StandInSnapshot>;
  return {
    child,
    configDir,
    dataDir: path.join(configDir, 'Call Alerts'),
    send,
    snapshot,
    async until(probe, what, ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const value = probe(await snapshot());
        if (value) return value;
        if (Date.now() > end) throw new Error(`Timed out waiting for ${what}:\n${output}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    output: () => output,
  };
}
