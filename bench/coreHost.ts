// The core under test, in a process of its own (forked by processes.ts, which talks to it over IPC): the
// front as headless mode runs it, with the store on its worker thread or on this one (the baseline). Only
// this process's main thread is watched: its event-loop delay, and when the front's feed emits each alert.
//   argv[2]: HostOptions. Messages: HostRequest in, HostReply out; SIGTERM closes the core and exits.

import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { CatchUpStatus } from '../shared/api';
import { keyedAppUrl } from '../electron/core/api/accessKey';
import { CALLER_HEADER } from './deliveryStream';
import { startHostedCore, type HostedCore } from './hostedCore';
import { monotonicMs } from './host';
import type { StoreThread } from '../electron/core/thread/front';
import type { Stamp } from './summaries';

export interface HostOptions {
  dataDir: string;
  storeThread: StoreThread;
  /** A history to open: wait for the start-up quick check (it reads every page) before answering ready. */
  history: boolean;
}

export type HostReady = {
  type: 'ready';
  url: string;
  appUrl: string;
  /** Where the store really runs, as the front says. */
  storeThread: StoreThread;
  /** From the start to ready, the quick check included when waited for, ms. */
  startMs: number;
};

export type HostRequest =
  { type: 'alerts'; reset?: boolean } | { type: 'measure' } | { type: 'report' } | { type: 'catch-up'; settings: CatchUpSource; timeoutMs: number };

/** The vendor API stand-in to catch up from, with its made-up credentials. */
export interface CatchUpSource {
  provider: 'marketing-edge';
  baseUrl: string;
  token: string;
  key: string;
}

export type HostReply =
  | { type: 'alerts'; latenciesMs: number[]; deliveries: number; batches: number | null }
  | { type: 'measuring' }
  | { type: 'report'; delay: { maxNs: number; p99Ns: number; meanNs: number; count: number }; emitted: Stamp[] }
  | { type: 'caught-up'; seconds: number; status: CatchUpStatus };

const send = (reply: HostReply | HostReady) => process.send!(reply);

/** Resolves once a catch-up run has settled (idle, waiting or failed), bounded by `timeoutMs`. */
function settledRun(core: HostedCore, timeoutMs: number): Promise<CatchUpStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Catch-up did not settle within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = core.front.catchUp.onChange((status) => {
      if (status.state === 'running') return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;
  const core = await startHostedCore(options.dataDir, options.storeThread, options.history);
  const { front } = core;

  // Arrival at the listener: the request's headers parsed on this thread (Node's hook, before the core's code).
  const arrivals = new Map<string, number>();
  let listenerMs: number[] = [];
  let emitted: Stamp[] = [];
  // Webhooks answered 2xx (each one on disk), where the writer's own count is in the worker.
  let acknowledged = 0;
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: http.IncomingMessage; response: http.ServerResponse };
    if (request.url === front.webhookPath && response.statusCode >= 200 && response.statusCode < 300) acknowledged++;
  });
  diagnostics.subscribe('http.server.request.start', (message) => {
    const caller = (message as { request: http.IncomingMessage }).request.headers[CALLER_HEADER];
    if (typeof caller === 'string') arrivals.set(caller, monotonicMs());
  });
  front.feed.onCall(({ call, alert }) => {
    if (!alert || !call.callerNumber) return;
    const now = monotonicMs();
    emitted.push([call.callerNumber, now]);
    const arrived = arrivals.get(call.callerNumber);
    if (arrived === undefined) return;
    arrivals.delete(call.callerNumber);
    listenerMs.push(now - arrived);
  });

  let histogram: IntervalHistogram | null = null;
  process.on('message', (message: HostRequest) => {
    if (message.type === 'alerts') {
      const stats = core.writerStats();
      send({ type: 'alerts', latenciesMs: listenerMs, deliveries: stats?.deliveries ?? acknowledged, batches: stats?.batches ?? null });
      if (message.reset) listenerMs = [];
    } else if (message.type === 'measure') {
      histogram?.disable();
      histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      emitted = [];
      send({ type: 'measuring' });
    } else if (message.type === 'report') {
      histogram?.disable();
      const h = histogram;
      const delay = h ? { maxNs: h.max, p99Ns: h.percentile(99), meanNs: h.mean, count: h.count } : { maxNs: 0, p99Ns: 0, meanNs: 0, count: 0 };
      send({ type: 'report', delay, emitted });
    } else if (message.type === 'catch-up') {
      const started = performance.now();
      const settled = settledRun(core, message.timeoutMs);
      void Promise.resolve(front.handlers.saveCatchUpSettings(message.settings))
        .then(() => settled)
        .then((status) => send({ type: 'caught-up', seconds: (performance.now() - started) / 1000, status }))
        .catch((error: unknown) => {
          console.error(error);
          process.exit(1);
        });
    }
  });
  process.on('SIGTERM', () => void front.close().then(() => process.exit(0)));
  process.on('disconnect', () => void front.close().then(() => process.exit(0)));
  send({
    type: 'ready',
    url: front.webhookUrl,
    appUrl: keyedAppUrl(front.appUrl, front.appKey),
    storeThread: core.storeThread,
    startMs: core.settledMs,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
