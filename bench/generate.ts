// Writes a generated call history into a data folder, in the real schema, so the real app can browse it
// and the benchmarks can measure it. Worker threads build the rows (the expensive part: writing the
// webhooks, normalising, folding); this thread only plans the calls and inserts the rows, in large
// transactions, in time order, so ids grow with time as they do with live ingest.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BulkImporter, callRows, type CallRows } from '../electron/core/store/bulkImport';
import { DATABASE_FILE, openDatabase } from '../electron/core/store/db';
import { buildFollowUpsNow } from '../electron/core/store/followUpBuild';
import { DEFAULT_END_MS, HistoryPlanner, type CallPlan, type TrackingNumber } from './callPlan';
import { buildCall } from './callWebhooks';
import { GENERATOR_VERSION } from './history';

export const SUMMARY_FILE = 'generated.json';

export interface GenerateOptions {
  dataDir: string;
  calls: number;
  seed?: number;
  endMs?: number;
  years?: number;
  /** Threads that build rows; 0 builds them in this thread. Default: one per core. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What was generated, kept beside the database as `generated.json`. */
export interface GenerationSummary {
  version: number;
  calls: number;
  deliveries: number;
  /** Bytes of all webhook bodies, as the vendor sent them. */
  rawPayloadBytes: number;
  seed: number;
  endMs: number;
  years: number;
  seconds: number;
}

const BATCH = 1000;

export interface BuiltRows {
  rows: CallRows[];
  deliveries: number;
  rawBytes: number;
}

/** Builds planned calls into their rows: webhooks as sent, then normalised and folded as ingest would. */
export function callRowsOf(plans: readonly CallPlan[], tracking: readonly TrackingNumber[]): BuiltRows {
  let deliveries = 0;
  let rawBytes = 0;
  const rows = plans.map((plan) =>
    callRows(
      buildCall(plan, tracking).deliveries.map((d) => {
        const body = Buffer.from(d.body);
        deliveries++;
        rawBytes += body.length;
        return { receivedAt: d.receivedAt, headers: d.headers, body, signature: 'not-checked' as const, envelope: d.envelope };
      }),
    ),
  );
  return { rows, deliveries, rawBytes };
}

/** The next batch of planned calls; empty when the history is complete. */
function takePlans(planner: HistoryPlanner): CallPlan[] {
  const plans: CallPlan[] = [];
  while (plans.length < BATCH) {
    const plan = planner.next();
    if (!plan) break;
    plans.push(plan);
  }
  return plans;
}

export function readSummary(dataDir: string): GenerationSummary | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, SUMMARY_FILE), 'utf8')) as GenerationSummary;
  } catch {
    return null;
  }
}

export async function generateDatabase(options: GenerateOptions): Promise<GenerationSummary> {
  const seed = options.seed ?? 1;
  const endMs = options.endMs ?? DEFAULT_END_MS;
  const years = options.years ?? 2;
  const started = performance.now();
  const db = openDatabase(options.dataDir);
  try {
    const existing = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM calls').get()!.n;
    if (existing > 0) throw new Error(`${path.join(options.dataDir, DATABASE_FILE)} already holds ${existing} calls: generate into a new folder.`);
    // A generated database can simply be made again, so it is written without waiting for the disk and
    // without a write-ahead log (pages are written once, not to the log and then again); it goes back to WAL
    // at the end, and the app opens it with its own durable settings. An interrupted run leaves a folder to delete.
    db.pragma('synchronous = OFF');
    db.pragma('journal_mode = MEMORY');
    db.pragma('cache_size = -512000');
    const importer = new BulkImporter(db);
    const planner = new HistoryPlanner({ calls: options.calls, seed, endMs, years });
    let done = 0;
    let deliveries = 0;
    let rawPayloadBytes = 0;
    const store = (built: BuiltRows) => {
      importer.importCalls(built.rows);
      done += built.rows.length;
      deliveries += built.deliveries;
      rawPayloadBytes += built.rawBytes;
      options.onProgress?.(done, options.calls);
    };

    const workerCount = options.workers ?? os.availableParallelism();
    if (workerCount === 0) {
      for (let plans = takePlans(planner); plans.length > 0; plans = takePlans(planner)) store(callRowsOf(plans, planner.tracking));
    } else {
      await buildInWorkers(workerCount, seed, planner, store);
    }
    // The app would count them after its start, in slices: a generated history is ready as a lived one is.
    buildFollowUpsNow(db);
    db.pragma('journal_mode = WAL');
    const summary: GenerationSummary = {
      version: GENERATOR_VERSION,
      calls: done,
      deliveries,
      rawPayloadBytes,
      seed,
      endMs,
      years,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    fs.writeFileSync(path.join(options.dataDir, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    db.close();
  }
}

/** Hands batches of plans to the workers, two each in flight, and stores their rows in plan order. */
function buildInWorkers(count: number, seed: number, planner: HistoryPlanner, store: (built: BuiltRows) => void): Promise<void> {
  // A worker does not inherit the TypeScript loader: it loads its module through tsx's API.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./genWorker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  const workers = Array.from({ length: count }, () => new Worker(boot, { eval: true, workerData: { seed } }));
  return new Promise<void>((resolve, reject) => {
    const ready = new Map<number, BuiltRows>();
    let nextBatch = 0;
    let nextToStore = 0;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      void Promise.all(workers.map((w) => w.terminate())).then(() => (error ? reject(error) : resolve()));
    };
    const dispatch = (worker: Worker) => {
      const plans = takePlans(planner);
      if (plans.length > 0) worker.postMessage({ batch: nextBatch++, plans });
    };
    for (const worker of workers) {
      worker.on('message', (message: BuiltRows & { batch: number }) => {
        ready.set(message.batch, message);
        try {
          for (let built = ready.get(nextToStore); built; built = ready.get(nextToStore)) {
            ready.delete(nextToStore++);
            store(built);
          }
        } catch (error) {
          finish(error as Error);
          return;
        }
        dispatch(worker);
        if (nextToStore === nextBatch) finish();
      });
      worker.on('error', (error) => finish(error));
      dispatch(worker);
      dispatch(worker);
    }
    if (nextBatch === 0) finish();
  });
}
