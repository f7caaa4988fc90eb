// The bench's child processes: every server under test and the load generator run in their own processes on
// loopback; this process only starts them, talks to them and stops them. Every wait is bounded.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadOptions, LoadResult } from './load';
import type { ServerKind, ServerReady, ServerReply } from './server';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
const TSX = ['--import', 'tsx'];

export interface RunningServer {
  url: string;
  appUrl: string | null;
  pid: number;
  alerts(reset?: boolean): Promise<ServerReply>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited(child);
  clearTimeout(timer);
}

export function startServer(kind: ServerKind, dataDir: string): Promise<RunningServer> {
  const child = fork(path.join(BENCH_DIR, 'server.ts'), [JSON.stringify({ kind, dataDir })], {
    execArgv: TSX,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The ${kind} server exited (${code}) before it was ready`)));
    child.once('message', (ready: ServerReady) => {
      child.removeAllListeners('exit');
      resolve({
        url: ready.url,
        appUrl: ready.appUrl,
        pid: child.pid!,
        alerts: (reset = false) =>
          new Promise((done) => {
            child.once('message', (reply: ServerReply) => done(reply));
            child.send({ type: 'alerts', reset });
          }),
        stop: () => stopChild(child),
      });
    });
  });
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const child = fork(path.join(BENCH_DIR, 'load.ts'), [JSON.stringify(options)], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: LoadResult | null = null;
    child.once('message', (message: LoadResult) => (result = message));
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`The load generator exited (${code}) without a result`))));
  });
}
