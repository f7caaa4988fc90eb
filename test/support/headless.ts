// Runs `electron/headless.ts` as its own process, the way `npm run serve` does, and reads the URLs it prints.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HeadlessServer {
  process: ChildProcess;
  webhookUrl: string;
  appUrl: string;
  output: () => string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash the tests simulate. */
  kill(): Promise<void>;
}

export function spawnHeadless(args: string[], timeoutMs = 20_000): Promise<HeadlessServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'headless.ts'), ...args], {
    cwd: ROOT,
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
      resolve({
        process: child,
        webhookUrl: webhook,
        appUrl: app,
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
