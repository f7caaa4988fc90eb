// The ingest measurements: each server under test (bare node:http, the webhook listener storing nothing, a
// straightforward express + SQLite handler, the core) loaded as fast as possible and at fixed rates, with the
// core's alert latency read after each phase.

import fs from 'node:fs';
import path from 'node:path';
import type { LoadOptions, LoadResult } from './load';
import { runLoad, startServer, type RunningServer } from './processes';
import type { ServerKind } from './server';
import type { StoreThread } from '../electron/core/thread/front';
import { summarize, type Summary } from './stats';

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
  /** Where the core's store ran. */
  coreStoreThread: StoreThread;
  /** Deliveries per transaction in the core's as-fast-as-possible run (NaN where the worker keeps the count). */
  groupCommit: number;
}

type Phase = 'warm-up' | 'max' | 'fixed' | 'low';

/** Warm-up, then as fast as possible, then at the fixed rates; `after` runs after each phase (the core's alert hook). */
async function measureServer(
  kind: ServerKind | 'core',
  options: IngestOptions,
  after?: (phase: Phase, server: RunningServer) => Promise<void>,
): Promise<IngestSide> {
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
    const fixed = await load({
      connections: options.rateConnections,
      durationSeconds: options.rateSeconds,
      overallRate: options.rate,
      firstPass: 4000,
    });
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
  let coreStoreThread: StoreThread = 'main';
  const core = await measureServer('core', options, async (phase, server) => {
    coreStoreThread = server.storeThread ?? 'main';
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
  return { ceiling, receiver, naive, core, alertFixed: alertFixed!, alertLow: alertLow!, alertMax: alertMax!, groupCommit, coreStoreThread };
}
