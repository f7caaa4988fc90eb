// The measurements. Every server under test and the load generator run in their own processes on loopback;
// this process only starts them, times them and collects the numbers. Every loop is bounded.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { NATIVE_PACKAGES } from '../build/bundle';
import { encodeCursor } from '../electron/core/store/callSearch';
import { DATABASE_FILE } from '../electron/core/store/db';
import { MATTERS, TOPICS } from './corpus';
import type { LoadOptions, LoadResult } from './load';
import { Random } from './random';
import type { ServerKind, ServerReady, ServerReply } from './server';
import { summarize, type Summary } from './stats';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
const TSX = ['--import', 'tsx'];

// ---- child processes ----------------------------------------------------------------------------------

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

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited(child);
  clearTimeout(timer);
}

export function startServer(kind: ServerKind, dataDir: string): Promise<RunningServer> {
  const child = fork(path.join(BENCH_DIR, 'server.ts'), [JSON.stringify({ kind, dataDir })], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`No VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

// ---- ingest -------------------------------------------------------------------------------------------

export interface IngestOptions {
  workDir: string;
  seed: number;
  /** Seconds of each as-fast-as-possible run. */
  seconds: number;
  /** Connections of the as-fast-as-possible runs. */
  connections: number;
  /** Offered rate (requests/s) and connections of the fixed-rate run; `lowRate` is a light one on one connection. */
  rate: number;
  lowRate: number;
  rateConnections: number;
  rateSeconds: number;
  warmupSeconds: number;
}

export interface IngestSide {
  max: LoadResult;
  fixed: LoadResult;
  low: LoadResult;
}

export interface IngestFigures {
  ceiling: IngestSide;
  /** The core's webhook listener answering without storing: the HTTP side's own cost. */
  receiver: IngestSide;
  naive: IngestSide;
  core: IngestSide;
  /** Alert latency in the core during the fixed-rate runs and during the as-fast-as-possible run. */
  alertFixed: Summary;
  alertLow: Summary;
  alertMax: Summary;
  /** Deliveries per transaction in the core's as-fast-as-possible run. */
  groupCommit: number;
}

type Phase = 'warm-up' | 'max' | 'fixed' | 'low';

/** Warm-up, then as fast as possible, then at the fixed rates; `after` runs after each phase (the core's alert hook). */
async function measureServer(kind: ServerKind, options: IngestOptions, after?: (phase: Phase, server: RunningServer) => Promise<void>): Promise<IngestSide> {
  const dataDir = fs.mkdtempSync(path.join(options.workDir, `${kind}-`));
  const server = await startServer(kind, dataDir);
  try {
    const load = (extra: Partial<LoadOptions>) =>
      runLoad({ url: server.url, connections: options.connections, durationSeconds: options.seconds, seed: options.seed, ...extra });
    // Each run starts at its own place in the delivery stream: no run repeats another's webhooks.
    await load({ durationSeconds: options.warmupSeconds, firstPass: 0 });
    await after?.('warm-up', server);
    const max = await load({ firstPass: 2000 });
    await after?.('max', server);
    const fixed = await load({ connections: options.rateConnections, durationSeconds: options.rateSeconds, overallRate: options.rate, firstPass: 4000 });
    await after?.('fixed', server);
    const low = await load({ connections: 1, durationSeconds: options.rateSeconds, overallRate: options.lowRate, firstPass: 6000 });
    await after?.('low', server);
    return { max, fixed, low };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measureIngest(options: IngestOptions): Promise<IngestFigures> {
  const ceiling = await measureServer('bare', options);
  const receiver = await measureServer('receiver', options);
  const naive = await measureServer('naive-ingest', options);
  let alertMax: Summary | null = null;
  let alertFixed: Summary | null = null;
  let alertLow: Summary | null = null;
  let groupCommit = Number.NaN;
  let before = { deliveries: 0, batches: 0 };
  const core = await measureServer('core', options, async (phase, server) => {
    const reply = await server.alerts(true);
    if (phase === 'warm-up') {
      before = { deliveries: reply.deliveries, batches: reply.batches };
      return;
    }
    if (phase === 'max') {
      alertMax = summarize(reply.latenciesMs);
      groupCommit = (reply.deliveries - before.deliveries) / Math.max(1, reply.batches - before.batches);
    } else if (phase === 'fixed') alertFixed = summarize(reply.latenciesMs);
    else alertLow = summarize(reply.latenciesMs);
    before = { deliveries: reply.deliveries, batches: reply.batches };
  });
  return { ceiling, receiver, naive, core, alertFixed: alertFixed!, alertLow: alertLow!, alertMax: alertMax!, groupCommit };
}

// ---- search and paging --------------------------------------------------------------------------------

export const QUERY_KINDS = ['name prefix', 'number fragment', 'transcript word', 'filtered date range'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** One request as the app's API takes it, and the same request as the baseline server takes it. */
export interface SearchQuery {
  kind: QueryKind | 'first page' | 'deep page';
  api: string;
  baseline: string;
}

const DAY_MS = 86_400_000;

/** Searches a person would type, drawn (seeded) from what the generated calls really contain. */
export function pickQueries(dataDir: string, perKind: number, seed: number): SearchQuery[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const r = new Random(seed);
    const { maxId, minMs, maxMs } = db.prepare(`SELECT max(id) AS maxId, min(started_ms) AS minMs, max(started_ms) AS maxMs FROM calls`).get() as {
      maxId: number;
      minMs: number;
      maxMs: number;
    };
    const callAt = db.prepare(`SELECT data FROM calls WHERE id >= ? ORDER BY id LIMIT 1`);
    const randomCall = () => JSON.parse((callAt.get(r.int(1, maxId)) as { data: string }).data) as { callerName: string | null; callerNumber: string | null; callerCity: string | null };
    const queries: SearchQuery[] = [];
    const add = (kind: QueryKind, params: Record<string, string>, like: string) => {
      const rest = Object.entries(params).filter(([k]) => k !== 'q');
      const api = new URLSearchParams([...Object.entries(params), ['limit', '50']]);
      const baseline = new URLSearchParams([['like', like], ...rest, ['limit', '50']]);
      queries.push({ kind, api: `/api/calls?${api}`, baseline: `/api/calls?${baseline}` });
    };
    for (let i = 0; i < perKind; ) {
      const name = randomCall().callerName;
      if (!name) continue;
      const last = name.split(' ').pop()!;
      const prefix = last.length <= 4 ? last : last.slice(0, 4);
      add('name prefix', { q: prefix }, prefix);
      i++;
    }
    for (let i = 0; i < perKind; ) {
      const number = randomCall().callerNumber;
      if (!number || number.length !== 10) continue;
      // What people type: the last four digits, or "area-exchange".
      const typed = i % 2 === 0 ? number.slice(6) : `${number.slice(0, 3)}-${number.slice(3, 6)}`;
      add('number fragment', { q: typed }, typed.replace(/\D/g, ''));
      i++;
    }
    const words = [...TOPICS, ...MATTERS].filter((w) => /^[a-z]+$/.test(w));
    for (let i = 0; i < perKind; i++) {
      const word = r.pick(words);
      add('transcript word', { q: word }, word);
    }
    for (let i = 0; i < perKind; ) {
      const city = randomCall().callerCity;
      if (!city) continue;
      const from = minMs + Math.floor(r.float() * Math.max(1, maxMs - minMs - 30 * DAY_MS));
      const window = {
        q: city,
        from: new Date(from).toISOString(),
        to: new Date(from + 30 * DAY_MS).toISOString(),
        status: r.pick(['answered', 'missed', 'voicemail']),
      };
      add('filtered date range', window, city);
      i++;
    }
    return queries;
  } finally {
    db.close();
  }
}

/** Page requests: the newest page, and deep pages (keyset cursor for the app, OFFSET for the baseline). */
export function pickPages(dataDir: string, deepPages: number, seed: number): { first: SearchQuery; deep: SearchQuery[] } {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const r = new Random(seed);
    const total = (db.prepare(`SELECT count(*) AS n FROM calls`).get() as { n: number }).n;
    const at = db.prepare(`SELECT started_ms, id FROM calls ORDER BY started_ms DESC, id DESC LIMIT 1 OFFSET ?`);
    const deep: SearchQuery[] = [];
    for (let i = 0; i < deepPages; i++) {
      // Somewhere in the older half of the history: the page after `offset` rows.
      const offset = Math.floor(total * (0.5 + 0.45 * r.float()));
      const row = at.get(offset - 1) as { started_ms: number; id: number } | undefined;
      if (!row) continue;
      deep.push({
        kind: 'deep page',
        api: `/api/calls?limit=50&cursor=${encodeCursor(row.started_ms, row.id)}`,
        baseline: `/api/calls?limit=50&offset=${offset}`,
      });
    }
    return { first: { kind: 'first page', api: '/api/calls?limit=50', baseline: '/api/calls?limit=50&offset=0' }, deep };
  } finally {
    db.close();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds from sending a GET to having its whole body; throws on anything but 200. */
export function timeGet(url: string): Promise<{ ms: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`GET ${url} → ${res.statusCode} ${body.slice(0, 200)}`));
          else resolve({ ms, body });
        });
      })
      .on('error', reject);
  });
}

export interface TimedQueries {
  app: number[];
  baseline: number[];
  /** Calls found by the app, summed over the queries of one round (shows the searches find something). */
  found: number;
}

/**
 * Times each query against the app and the baseline, interleaved so both see the same machine. Each side
 * does at least one round and stops early once it has spent `budgetMs` (a full-table LIKE scan at a million
 * calls takes seconds), so every loop is bounded.
 */
export async function timeQueries(
  appUrl: string,
  baselineUrl: string | null,
  queries: readonly SearchQuery[],
  rounds: number,
  budgetMs: number,
): Promise<TimedQueries> {
  const app: number[] = [];
  const baseline: number[] = [];
  let found = 0;
  let appSpent = 0;
  let baselineSpent = 0;
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      if (round === 0 || appSpent < budgetMs) {
        const a = await timeGet(new URL(q.api, appUrl).href);
        app.push(a.ms);
        appSpent += a.ms;
        if (round === 0) found += (JSON.parse(a.body) as { calls: unknown[] }).calls.length;
      }
      if (baselineUrl && (round === 0 || baselineSpent < budgetMs)) {
        const b = await timeGet(new URL(q.baseline, baselineUrl).href);
        baseline.push(b.ms);
        baselineSpent += b.ms;
      }
    }
  }
  return { app, baseline, found };
}

// ---- the headless app: cold start and memory ----------------------------------------------------------

/**
 * The headless entry bundled with esbuild as the packaged app bundles its main process (so start-up is the
 * app's, not the TypeScript loader's): every npm package inside but the native ones. It lives under
 * node_modules so those resolve from the project.
 */
export async function bundleHeadless(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(ROOT, 'node_modules', '.cache', 'call-alerts-bench', 'headless.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'electron', 'headless.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    external: [...NATIVE_PACKAGES],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  });
  // The entry runs only when started as itself (argv[1] is its own path), and Node names a module by its real path.
  return fs.realpathSync(outfile);
}

export interface StartedApp {
  /** Milliseconds from spawn to the first 200 from /api/health. */
  startMs: number;
  appUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns the headless app on a data folder and waits (bounded) until /api/health answers 200. */
export async function startApp(entry: string, dataDir: string, timeoutMs = 60_000): Promise<StartedApp> {
  const started = performance.now();
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    const appUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The app did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const url = /App URL: (\S+)/.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The app exited (${code}) before it was ready:\n${output}`));
      });
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await timeGet(new URL('/api/health', appUrl).href);
        break;
      } catch (error) {
        if (performance.now() - started > timeoutMs || attempt > 10_000) throw error;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    return { startMs: performance.now() - started, appUrl, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** Database bytes on disk (main file and write-ahead log). */
export function databaseBytes(dataDir: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    const file = path.join(dataDir, `${DATABASE_FILE}${suffix}`);
    if (fs.existsSync(file)) total += fs.statSync(file).size;
  }
  return total;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}
