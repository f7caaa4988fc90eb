// Runs `electron/headless.ts` as its own process, the way `npm run serve` does, and reads the URLs it prints.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchWithKey } from './core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HeadlessServer {
  process: ChildProcess;
  webhookUrl: string;
  /** The App URL as printed: `http://127.0.0.1:M/?key=K`. */
  appUrl: string;
  appKey: string;
  /** A request to the app listener with its key (`Authorization: Bearer`). */
  appFetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  output: () => string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash the tests simulate. */
  kill(): Promise<void>;
}

export function spawnHeadless(args: string[], timeoutMs = 20_000, env: NodeJS.ProcessEnv = process.env): Promise<HeadlessServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'headless.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The headless server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const webhook = /Webhook URL: (\S+)/.exec(out)?.[1];
      const app = /App URL: (\S+)/.exec(out)?.[1];
      if (!webhook || !app) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      const appKey = new URL(app).searchParams.get('key') ?? '';
      resolve({
        process: child,
        webhookUrl: webhook,
        appUrl: app,
        appKey,
        appFetch: (pathAndQuery, init) => fetchWithKey(app, appKey, pathAndQuery, init),
        output: () => out,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The headless server exited (${code}) before it was ready:\n${out}`));
    });
  });
}
