// The bench's child processes: every server under test and the load generator run in their own processes on
// loopback; this process only starts them, talks to them and stops them. Every wait is bounded.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StoreThread } from '../electron/core/thread/front';
import type { CatchUpSource, HostOptions, HostReady, HostReply, HostRequest } from './coreHost';
import type { LoadOptions, LoadResult } from './load';
import type { PacedLoadOptions, PacedLoadResult } from './pacedLoad';
import type { SearchLoopOptions, SearchLoopResult } from './searchLoop';
import type { ServerKind, ServerReady, ServerReply } from './server';
import type { DelayReading, Stamp } from './summaries';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
const TSX = ['--import', 'tsx'];

export interface RunningServer {
  url: string;
  appUrl: string | null;
  pid: number;
  /** Set for the core: where its store really runs. */
  storeThread?: StoreThread;
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

/** Passes a child's output on, line by line, but for the lines `quiet` matches (expected and many). */
function forwardOutput(child: ChildProcess, quiet: RegExp): void {
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!from) continue;
    readline.createInterface({ input: from }).on('line', (line) => {
      if (!quiet.test(line)) to.write(`${line}\n`);
    });
  }
}

/** Forks a bench script under tsx and waits (bounded by its exit) for its first message. */
function forkReady<T>(script: string, args: unknown, what: string, quiet?: RegExp): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(path.join(BENCH_DIR, script), [JSON.stringify(args)], {
    execArgv: TSX,
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit', 'ipc'],
  });
  if (quiet) forwardOutput(child, quiet);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready`)));
    child.once('message', (ready: T) => {
      child.removeAllListeners('exit');
      resolve({ child, ready });
    });
  });
}

/** Sends one request and waits for the next message, or fails if the child exits first. */
function ask<T>(child: ChildProcess, request: unknown, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const exit = (code: number | null) => reject(new Error(`${what} exited (${code}) before answering`));
    child.once('exit', exit);
    child.once('message', (reply: T) => {
      child.off('exit', exit);
      resolve(reply);
    });
    child.send(request as object);
  });
}

/** The in-process servers of server.ts; `core` is the core's host process with its store on the worker thread. */
export async function startServer(kind: ServerKind | 'core', dataDir: string): Promise<RunningServer> {
  if (kind === 'core') return startCoreHost(dataDir, 'worker');
  const { child, ready } = await forkReady<ServerReady>('server.ts', { kind, dataDir }, `The ${kind} server`);
  return {
    url: ready.url,
    appUrl: ready.appUrl,
    pid: child.pid!,
    alerts: (reset = false) => ask<ServerReply>(child, { type: 'alerts', reset }, `The ${kind} server`),
    stop: () => stopChild(child),
  };
}

export interface RunningCore extends RunningServer {
  appUrl: string;
  storeThread: StoreThread;
  /** Its start, with the quick check of a history, ms. */
  startMs: number;
  /** Starts watching its main thread's event loop and collecting alert times afresh. */
  measure(): Promise<void>;
  /** What was seen since `measure()`. */
  report(): Promise<{ delay: DelayReading; emitted: Stamp[] }>;
  /** Saves these catch-up settings (a run starts) and resolves once that run has settled. */
  catchUp(settings: CatchUpSource, timeoutMs: number): Promise<Extract<HostReply, { type: 'caught-up' }>>;
}

export async function startCoreHost(dataDir: string, storeThread: StoreThread, history = false): Promise<RunningCore> {
  const what = `The core's host (store on ${storeThread})`;
  const options: HostOptions = { dataDir, storeThread, history };
  // The histories' and the stand-in's recording addresses do not resolve: each failed download says so, thousands of times.
  const { child, ready } = await forkReady<HostReady>('coreHost.ts', options, what, /^The recording of call \d+ .* could not be downloaded/);
  const request = <R extends HostReply>(message: HostRequest) => ask<R>(child, message, what);
  return {
    url: ready.url,
    appUrl: ready.appUrl,
    pid: child.pid!,
    storeThread: ready.storeThread,
    startMs: ready.startMs,
    alerts: async (reset = false) => {
      const reply = await request<Extract<HostReply, { type: 'alerts' }>>({ type: 'alerts', reset });
      return { type: 'alerts', latenciesMs: reply.latenciesMs, deliveries: reply.deliveries, batches: reply.batches ?? Number.NaN };
    },
    measure: async () => void (await request({ type: 'measure' })),
    report: () => request<Extract<HostReply, { type: 'report' }>>({ type: 'report' }),
    catchUp: (settings, timeoutMs) => request({ type: 'catch-up', settings, timeoutMs }),
    stop: () => stopChild(child),
  };
}

/** A load or loop process: `ready` once it has started, `stop()` (or its own end) resolves with its result. */
export interface Running<R> {
  ready: Promise<void>;
  result: Promise<R>;
  stop(): Promise<R>;
}

function startUntilStopped<R>(script: string, options: unknown, what: string, announcesReady: boolean): Running<R> {
  const child = fork(path.join(BENCH_DIR, script), [JSON.stringify(options)], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  if (!announcesReady) markReady();
  const result = new Promise<R>((resolve, reject) => {
    let got: R | null = null;
    child.on('message', (message: R & { type: string }) => {
      if (message.type === 'ready') markReady();
      else got = message;
    });
    child.once('exit', (code) => {
      markReady();
      if (got) resolve(got);
      else reject(new Error(`${what} exited (${code}) without a result`));
    });
  });
  // Kept from being an unhandled rejection before it is awaited; whoever awaits it still sees it.
  result.catch(() => {});
  return {
    ready,
    result,
    stop: () => {
      if (child.connected) child.send({ type: 'stop' });
      return result;
    },
  };
}

export const startPacedLoad = (options: PacedLoadOptions) => startUntilStopped<PacedLoadResult>('pacedLoad.ts', options, 'The paced load', true);
export const startSearchLoop = (options: SearchLoopOptions) => startUntilStopped<SearchLoopResult>('searchLoop.ts', options, 'The search loop', true);

/** The vendor API stand-in in its own process; its (made-up) credentials go over IPC, never on a command line. */
export async function startVendorApi(calls: number, token: string, key: string): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const child = fork(path.join(BENCH_DIR, 'vendorApi.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<{ baseUrl: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The vendor API stand-in exited (${code}) before it was ready`)));
    child.once('message', (message: { baseUrl: string }) => resolve(message));
  });
  child.send({ calls, token, key });
  const { baseUrl } = await ready;
  child.removeAllListeners('exit');
  return { baseUrl, stop: () => stopChild(child) };
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const child = fork(path.join(BENCH_DIR, 'load.ts'), [JSON.stringify(options)], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: LoadResult | null = null;
    child.once('message', (message: LoadResult) => (result = message));
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`The load generator exited (${code}) without a result`))));
  });
}
