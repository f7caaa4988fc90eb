// The figures of the thread that hosts the front: alert latency while the worst search runs in a loop, and
// that thread's longest event-loop stall under ingest + the search loop + a catch-up. Each runs the core in its
// host process on a fresh copy of the history, once with the store on its worker thread and once on the
// front's thread (the baseline), with the load and the searches from processes of their own.

import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../electron/core/store/db';
import type { StoreThread } from '../electron/core/thread/front';
import type { PacedLoadResult } from './pacedLoad';
import { startCoreHost, startPacedLoad, startSearchLoop, startVendorApi } from './processes';
import type { SearchLoopResult } from './searchLoop';
import { markBackupMade } from './host';
import { formatNumber } from './stats';
import { alertTimes, stallOf, type AlertTimes, type Stall } from './summaries';

export interface WorstSearch {
  /** The class's name, as the search figures call it. */
  name: string;
  /** Its API paths, taken in turn by the loop. */
  paths: string[];
  /** Why this class: measured the worst in this run, or the issue's worst when search was not run. */
  why: string;
}

export interface ThreadContext {
  historyDir: string;
  workDir: string;
  seed: number;
  worst: WorstSearch;
}

export interface WorkloadResult {
  /** Where the store really ran, as the front said. */
  storeThread: StoreThread;
  /** Start to ready with the quick check, ms (nothing is timed before). */
  startMs: number;
  stall: Stall;
  alerts: AlertTimes;
  load: PacedLoadResult;
  search: SearchLoopResult;
  catchUp: { seconds: number; added: number | null; fetched: number | null; state: string } | null;
}

/**
 * Kept-alive connections the paced load may open, as the sender opens more when answers are slow: with few, a
 * slow answer would hold the next webhook in the load's own queue and the wait would be the load's, not the core's.
 */
export const LOAD_CONNECTIONS = 64;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A copy of the history's top-level files (the database and its keys) for one run, removed afterwards: every run
 * starts from the same database, and the history the other figures read is never written. Today's backup is
 * marked as made, so the daily copy of the whole database does not run inside the measurement.
 */
async function onCopy<T>(context: ThreadContext, name: string, run: (dataDir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(context.workDir, `${name}-`));
  try {
    for (const entry of fs.readdirSync(context.historyDir, { withFileTypes: true }))
      if (entry.isFile() && entry.name !== `${DATABASE_FILE}-shm`)
        fs.copyFileSync(path.join(context.historyDir, entry.name), path.join(dir, entry.name));
    markBackupMade(dir);
    return await run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Workload {
  rate: number;
  firstPass: number;
  /** How long the load runs, when no catch-up ends the run. */
  seconds: number;
  /** A catch-up from the stand-in during the load: the run ends when it has settled. */
  catchUp?: { baseUrl: string; token: string; key: string };
}

async function runWorkload(context: ThreadContext, storeThread: StoreThread, workload: Workload): Promise<WorkloadResult> {
  return onCopy(context, `${storeThread}-${workload.rate}`, async (dataDir) => {
    const host = await startCoreHost(dataDir, storeThread, true);
    try {
      await host.measure();
      const search = startSearchLoop({ appUrl: host.appUrl, paths: context.worst.paths });
      await search.ready;
      const load = startPacedLoad({
        url: host.url,
        rate: workload.rate,
        connections: LOAD_CONNECTIONS,
        maxSeconds: workload.catchUp ? 900 : workload.seconds,
        seed: context.seed,
        firstPass: workload.firstPass,
      });
      await load.ready;
      let catchUp: WorkloadResult['catchUp'] = null;
      if (workload.catchUp) {
        await sleep(1000);
        const { token, key, baseUrl } = workload.catchUp;
        const done = await host.catchUp({ provider: 'marketing-edge', baseUrl, token, key }, 600_000);
        catchUp = {
          seconds: done.seconds,
          added: done.status.lastResult?.added ?? null,
          fetched: done.status.lastResult?.fetched ?? null,
          state: done.status.state,
        };
      }
      // Without a catch-up the load ends by itself after its seconds; with one, it stops once the catch-up has settled.
      const loadResult = await (workload.catchUp ? load.stop() : load.result);
      const searchResult = await search.stop();
      const report = await host.report();
      return {
        storeThread: host.storeThread,
        startMs: host.startMs,
        stall: stallOf(report.delay),
        alerts: alertTimes(loadResult.sent, report.emitted),
        load: loadResult,
        search: searchResult,
        catchUp,
      };
    } finally {
      await host.stop();
    }
  });
}

/** The alert figure's two runs: the store on its worker (as shipped), then on the front's thread. */
export async function measureAlerts(context: ThreadContext, seconds: number): Promise<Record<StoreThread, WorkloadResult>> {
  const worker = await runWorkload(context, 'worker', { rate: 50, seconds, firstPass: 100 });
  const main = await runWorkload(context, 'main', { rate: 50, seconds, firstPass: 110 });
  return { worker, main };
}

const CATCH_UP_TOKEN = 'bench-organization-token';
const CATCH_UP_KEY = 'bench-subscription-key';

/** The stall figure's two runs, each with ingest at 200/s, the search loop and a catch-up of `calls` calls. */
export async function measureStalls(context: ThreadContext, calls: number): Promise<Record<StoreThread, WorkloadResult>> {
  const api = await startVendorApi(calls, CATCH_UP_TOKEN, CATCH_UP_KEY);
  try {
    const catchUp = { baseUrl: api.baseUrl, token: CATCH_UP_TOKEN, key: CATCH_UP_KEY };
    const worker = await runWorkload(context, 'worker', { rate: 200, seconds: 0, firstPass: 200, catchUp });
    const main = await runWorkload(context, 'main', { rate: 200, seconds: 0, firstPass: 400, catchUp });
    return { worker, main };
  } finally {
    await api.stop();
  }
}

const ms = (x: number) => `${formatNumber(x)} ms`;

/** One run in words, for a row's detail. */
export function describeRun(label: string, r: WorkloadResult): string {
  const thread = r.storeThread === 'worker' ? 'store on its worker thread' : 'store on the front’s thread';
  const parts = [
    `${label} (${thread}; started and checked in ${formatNumber(r.startMs / 1000)} s before timing)`,
    `alert p50 ${ms(r.alerts.latency.p50)}, p99 ${ms(r.alerts.latency.p99)}, max ${ms(r.alerts.latency.max)} (n=${r.alerts.latency.n}, ${r.alerts.missing} without an alert)`,
    `front-thread stall max ${ms(r.stall.maxMs)}, p99 ${ms(r.stall.p99Ms)}, mean ${ms(r.stall.meanMs)} (${r.stall.samples} samples)`,
    `webhooks ${r.load.ok}/${r.load.issued} answered 2xx in ${formatNumber(r.load.seconds)} s (${r.load.non2xx} non-2xx, ${r.load.errors} errors), ack p99 ${ms(r.load.latencyMs.p99)}`,
    `searches ${r.search.latencyMs.n}, p95 ${ms(r.search.latencyMs.p95)}${r.search.errors ? `, ${r.search.errors} failed (${r.search.firstError})` : ''}`,
  ];
  if (r.catchUp)
    parts.push(
      `catch-up ${r.catchUp.state} in ${formatNumber(r.catchUp.seconds)} s, ${r.catchUp.fetched ?? '?'} fetched, ${r.catchUp.added ?? '?'} added`,
    );
  return parts.join('; ');
}
