// The reader thread as the front sees it: `run` sends a read operation to the worker of ./readerWorker.ts
// and answers what the handler would. While the thread is not running (starting, or being started again
// after it ended unexpectedly) the operation goes to `fallback` (the store worker, which has the same
// handlers), and reads that were waiting on a thread that ended are asked of the fallback again: a read
// changes nothing, so asking twice is safe. The caller never sees the reader's crash, only a slower answer.

import { Worker } from 'node:worker_threads';
import type { ValidRequestOf } from '../../../shared/contract/operations';
import type { CoreHandlers, CoreOperation } from '../api/handlers';
import type { SearchTuning } from '../store/callSearch';
import type { CheckpointPolicy, CheckpointStats } from '../store/checkpoints';
import { backOff, failuresInARow, FIRST_DELAY_MS, MAX_DELAY_MS } from './restartPolicy';
import type { PriorityOutcome } from './threadPriority';
import { startWorker } from './workerEntry';
import { READ_OPERATIONS, rebuildError, type FromReader, type ReadOperation, type ToReader } from './readerOperations';

export { READ_OPERATIONS, type ReadOperation } from './readerOperations';

/** What the reader thread is started with (structured-cloned into it). */
export interface ReaderWorkerData {
  dataDir: string;
  sqliteBinding?: string;
  refusedBodyBudget?: number;
  tuning?: SearchTuning;
  /** The checkpointer's policy (defaults filled in); false runs none (the writer keeps SQLite's automatic one). */
  checkpoints: Partial<CheckpointPolicy> | false;
  /** The thread's nice value where one thread can be lowered (threadPriority.ts); null keeps the normal priority. */
  niceness?: number | null;
}

export type ReadResult<K extends ReadOperation> = Awaited<ReturnType<CoreHandlers[K]>>;

export interface ReaderPoolOptions extends Partial<ReaderWorkerData> {
  dataDir: string;
  /** Where a read goes while the reader thread is down: the store worker's own handler of that operation. */
  fallback: (name: ReadOperation, request: unknown) => Promise<unknown>;
  /** A file to start instead of readerWorker (tests); by default workerEntry('reader') finds it. */
  entry?: string | URL;
  /** The first wait before starting the thread again; it doubles on each failure in a row, up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  log?: (line: string) => void;
  /** Told when the thread comes up, ends unexpectedly or is closed (the store checkpoints while it is down). */
  onStateChange?: (state: ReaderState) => void;
}

export type ReaderState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface ReaderPool {
  readonly READ_OPERATIONS: ReadonlySet<CoreOperation>;
  /** Answers a read operation as its handler would; errors keep their RequestError status. */
  run<K extends ReadOperation>(name: K, request: ValidRequestOf<K>): Promise<ReadResult<K>>;
  state(): ReaderState;
  /** Times the thread ended unexpectedly and was started again. */
  restarts(): number;
  /** What the running thread did to its CPU priority, or null before it is up. */
  priority(): PriorityOutcome | null;
  /** The young generation the running thread's heap was given, MB, as that thread reads it; null before it is up. */
  youngGenerationMb(): number | null;
  /** Resolves once the thread is open and answering (tests and the bench wait for it). */
  running(): Promise<void>;
  /** The checkpointer's figures, or null when it runs none or the thread is down. */
  checkpointStats(): Promise<CheckpointStats | null>;
  /** Lets the reads sent finish, then closes the thread's connections and waits for it to exit. */
  close(): Promise<void>;
}

interface Waiting {
  name: ReadOperation | null;
  request: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The young generation of the reader's V8 heap, MB. Left to itself V8 grows it to two 16 MB semi-spaces, and the
 * search thread keeps them: its answers are garbage once sent, so a smaller one costs a few more short scavenges.
 */
export const READER_YOUNG_GENERATION_MB = 12;

/** A file given (a test's), else this folder's readerWorker (the bundle's .cjs, or the TypeScript through tsx). */
function startReader(entry: string | URL | undefined, workerData: ReaderWorkerData): Worker {
  const options = { workerData, resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB } };
  return entry ? new Worker(entry, options) : startWorker('reader', options);
}

export function createReaderPool(options: ReaderPoolOptions): ReaderPool {
  const workerData: ReaderWorkerData = {
    dataDir: options.dataDir,
    sqliteBinding: options.sqliteBinding,
    refusedBodyBudget: options.refusedBodyBudget,
    tuning: options.tuning,
    checkpoints: options.checkpoints ?? {},
    niceness: options.niceness,
  };
  const log = options.log ?? ((line: string) => console.warn(line));
  const firstDelay = options.restartDelayMs ?? FIRST_DELAY_MS;
  const maxDelay = options.maxRestartDelayMs ?? MAX_DELAY_MS;
  let state: ReaderState = 'starting';
  let worker: Worker | null = null;
  let restarts = 0;
  let priority: PriorityOutcome | null = null;
  let youngGenerationMb: number | null = null;
  let failuresInRow = 0;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  let runningWaiters: (() => void)[] = [];
  let restartTimer: NodeJS.Timeout | null = null;
  let startedAt = 0;
  let exited: Promise<void> = Promise.resolve();

  const askFallback = (w: Waiting) => {
    if (w.name === null) return w.resolve(null);
    options.fallback(w.name, w.request).then(w.resolve, w.reject);
  };

  const start = () => {
    const thread = startReader(options.entry, workerData);
    worker = thread;
    startedAt = Date.now();
    let lastError: string | null = null;
    exited = new Promise((resolve) => thread.once('exit', () => resolve()));
    thread.on('message', (message: FromReader) => {
      if (message.kind === 'ready') {
        // Closed while it was opening: it ends on the close message already sent.
        if (state === 'stopped') return;
        priority = message.priority;
        youngGenerationMb = message.youngGenerationMb;
        state = 'running';
        options.onStateChange?.(state);
        for (const resolve of runningWaiters.splice(0)) resolve();
        return;
      }
      const w = waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id);
      if (message.ok) w.resolve(message.value);
      else w.reject(rebuildError(message.error));
    });
    thread.on('error', (error) => (lastError = error.message));
    thread.once('exit', (code) => {
      if (worker === thread) worker = null;
      const pending = [...waiting.values()];
      waiting.clear();
      if (state === 'stopped') return pending.forEach((w) => w.reject(new Error('The reader thread was closed')));
      // Ended unexpectedly: its reads go to the store worker, and it is started again after a growing pause.
      pending.forEach(askFallback);
      state = 'restarting';
      options.onStateChange?.(state);
      restarts++;
      failuresInRow = failuresInARow(failuresInRow, Date.now() - startedAt);
      const delay = backOff(failuresInRow, firstDelay, maxDelay);
      log(`The reader thread ended (${lastError ?? `exit code ${code}`}); searches go to the store until it is started again in ${delay} ms.`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (state !== 'stopped') start();
      }, delay);
      restartTimer.unref();
    });
  };

  const send = (name: ReadOperation | null, request: unknown, message: (id: number) => ToReader): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const w: Waiting = { name, request, resolve, reject };
      if (state !== 'running' || !worker) return askFallback(w);
      const id = nextId++;
      waiting.set(id, w);
      worker.postMessage(message(id));
    });

  start();
  return {
    READ_OPERATIONS,
    run: <K extends ReadOperation>(name: K, request: ValidRequestOf<K>) => {
      if (!READ_OPERATIONS.has(name)) return Promise.reject(new Error(`${name} is not a read operation`));
      return send(name, request, (id) => ({ kind: 'read', id, name, request })) as Promise<ReadResult<K>>;
    },
    state: () => state,
    restarts: () => restarts,
    priority: () => priority,
    youngGenerationMb: () => youngGenerationMb,
    running: () => (state === 'running' ? Promise.resolve() : new Promise<void>((resolve) => runningWaiters.push(resolve))),
    checkpointStats: () => send(null, null, (id) => ({ kind: 'stats', id })) as Promise<CheckpointStats | null>,
    async close() {
      if (state === 'stopped') return exited;
      state = 'stopped';
      runningWaiters = [];
      if (restartTimer) clearTimeout(restartTimer);
      // Sent after every read: the thread answers them first, then closes its connections and ends.
      worker?.postMessage({ kind: 'close' } satisfies ToReader);
      await exited;
    },
  };
}
