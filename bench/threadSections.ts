// The rows of the thread that hosts the front: alert.p99 and mainThread.delay.max, each with the store on its
// worker thread against the same workload with the store on the front's thread, in this same run.

import { callCount, log, type Context } from './context';
import { defaultWorst } from './searchSection';
import { resultRow, type ResultRow } from './stats';
import { deliveryFaults, faultless, faultsText } from './summaries';
import type { StoreThread } from '../electron/core/thread/front';
import {
  describeRun,
  LOAD_CONNECTIONS,
  measureAlerts,
  measureStalls,
  type ThreadContext,
  type WorkloadResult,
  type WorstSearch,
} from './threadFigures';

const CATCH_UP_CALLS = 10_000;

function threadContext(context: Context): ThreadContext {
  return { historyDir: context.plan.dataDir, workDir: context.workDir, seed: context.plan.seed, worst: context.worst ?? defaultWorst(context) };
}

/** Said when the "worker" run could not have one: the threaded front is not merged yet. */
const threadNote = (worker: WorkloadResult) =>
  worker.storeThread === 'worker'
    ? ''
    : 'NOTE: the threaded front (startFront) is not on this branch yet: both runs had the store on the front’s thread. ';

const faultsOf = (r: WorkloadResult) => deliveryFaults(r.load, r.alerts);

/** The detail's opening words: what the worker run lost, which a figure that is met must not have. */
const faultNote = (worker: WorkloadResult) => `Worker run: ${faultsText(faultsOf(worker))} (met needs none). `;

export type ThreadRuns = Record<StoreThread, WorkloadResult>;

export function alertRow(runs: ThreadRuns, worst: WorstSearch, calls: string): ResultRow {
  return resultRow({
    id: 'alert.p99',
    figure: `alert latency p99 at 50 webhooks/s during a "${worst.name}" search loop (${calls})`,
    value: runs.worker.alerts.latency.p99,
    unit: 'ms',
    baseline: { name: 'the same with the store on the front’s thread', value: runs.main.alerts.latency.p99 },
    target: 'p99 < 5 ms',
    check: (v) => v < 5 && runs.worker.alerts.latency.n > 0 && faultless(faultsOf(runs.worker)),
    detail: `ratio = value / baseline. ${faultNote(runs.worker)}${threadNote(runs.worker)}Arrival = the moment the load process (its own process on this machine, up to ${LOAD_CONNECTIONS} kept-alive connections) issued the Call Start, on the machine's monotonic clock, so time spent waiting for a stalled thread counts; emitted = the front's feed event with the alert, on the host process's main thread. The core runs in a host process of its own on a fresh copy of the history; the search loop (${worst.name}: ${worst.why}) is a third process, one search after another. ${describeRun('Worker run', runs.worker)}. ${describeRun('Baseline run', runs.main)}.`,
  });
}

export async function alertSection(context: Context): Promise<ResultRow[]> {
  const t = threadContext(context);
  const seconds = context.plan.quick ? 10 : 20;
  log(
    `Alert latency: 50 webhooks/s for ${seconds} s while "${t.worst.name}" searches run in a loop, store on its worker, then on the front’s thread…`,
  );
  return [alertRow(await measureAlerts(t, seconds), t.worst, callCount(context.summary))];
}

export function stallRow(runs: ThreadRuns, worst: WorstSearch, catchUpCalls: number): ResultRow {
  const caughtUp = (r: WorkloadResult) => r.catchUp?.state === 'idle' && r.catchUp.added === catchUpCalls;
  return resultRow({
    id: 'mainThread.delay.max',
    figure: `longest event-loop stall of the front's thread: 200 webhooks/s + search loop + catch-up of ${catchUpCalls.toLocaleString('en-US')} calls`,
    value: runs.worker.stall.maxMs,
    unit: 'ms',
    baseline: { name: 'the same with the store on the front’s thread', value: runs.main.stall.maxMs },
    target: '< 20 ms',
    check: (v) => v < 20 && caughtUp(runs.worker) && faultless(faultsOf(runs.worker)),
    detail: `ratio = value / baseline. ${faultNote(runs.worker)}${threadNote(runs.worker)}perf_hooks.monitorEventLoopDelay({ resolution: 1 }) on the main thread of the core's host process (the thread that serves the listeners, and in the desktop app the tray, notifications and IPC), from before the load starts until the catch-up has settled; the load (its own process), the search loop (${worst.name}: ${worst.why}; its own process) and the vendor API stand-in (its own process) are apart from it. The catch-up is a first run (last 7 days) started 1 s into the load. ${describeRun('Worker run', runs.worker)}. ${describeRun('Baseline run', runs.main)}.`,
  });
}

export async function mainThreadSection(context: Context): Promise<ResultRow[]> {
  const t = threadContext(context);
  log(
    `Main-thread stall: 200 webhooks/s + "${t.worst.name}" search loop + a catch-up of ${CATCH_UP_CALLS.toLocaleString('en-US')} calls, store on its worker, then on the front’s thread…`,
  );
  return [stallRow(await measureStalls(t, CATCH_UP_CALLS), t.worst, CATCH_UP_CALLS)];
}
