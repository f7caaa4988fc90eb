// The front's link to the store worker: requests with ids and their answers, the pushes, and the worker's
// life. A worker that ends unexpectedly fails every request waiting on it and is started again after a
// back-off (restartPolicy.ts); meanwhile requests fail at once with StoreUnavailableError (503).

import type { Worker } from 'node:worker_threads';
import type { StoreThreadStatus } from './front';
import { openFailureCause, openFailureInWords } from './openFailure';
import { codeOf, fromWire, type FromWorker, type Mirror, type ToWorker, type WireError } from './protocol';
import { exitInWords, failuresInARow, restartDelay } from './restartPolicy';
import { StoreUnavailableError } from './storeUnavailable';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

type Request = ToWorker extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

export interface ConnectionEvents {
  /** A worker is ready (the first or a restarted one), with the whole mirror. */
  ready(mirror: Mirror): void;
  mirror(changed: Partial<Mirror>): void;
  feed(message: Extract<FromWorker, { type: 'feed' }>): void;
  status(status: StoreThreadStatus): void;
}

export class StoreConnection {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private state: StoreThreadStatus = { thread: 'worker', state: 'starting', restarts: 0, lastExit: null, cannotOpen: null };
  /** What the worker now starting said when it could not open the store, until it ends. */
  private startFailure: WireError | null = null;
  /** Whether the current worker got as far as ready: one that ends before failed its start. */
  private launchReady = false;
  private failures = 0;
  private startedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closing = false;
  private firstStart: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Set while close() waits for a starting worker to be ready. */
  private onReady: (() => void) | null = null;

  constructor(
    private readonly spawn: () => Worker,
    private readonly events: ConnectionEvents,
  ) {}

  /** Starts the first worker; settles once it is ready, or rejects with why it could not open the store. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstStart = { resolve, reject };
      this.launch();
    });
  }

  status(): StoreThreadStatus {
    return this.state;
  }

  get running(): boolean {
    return this.state.state === 'running';
  }

  /** Sends a request; `transfer` moves buffers (a webhook's body) instead of copying them. */
  request<T>(message: Request, transfer?: ArrayBuffer[]): Promise<T> {
    const worker = this.worker;
    if (!worker || !this.running || this.closing) return Promise.reject(new StoreUnavailableError());
    return this.post(worker, message, transfer);
  }

  private post<T>(worker: Worker, message: Request, transfer?: ArrayBuffer[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** For the tests only (reached through the front's test hook): ends the worker as a crash would. */
  async terminateForTest(): Promise<void> {
    await this.worker?.terminate();
  }

  /**
   * Asks the worker to close (writer flush, WAL, database), waits for it to end (ending it if it lingers); no
   * restart follows. A worker still opening the store (a restart) is let finish opening first, then closed the
   * same way: ended in the middle of its start it would leave the database open and its services running.
   */
  async close(graceMs = 2000, startGraceMs = 30_000): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const worker = this.worker;
    if (!worker) return this.setState('stopped');
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    if (!this.running) await this.settledStart(worker, exited, startGraceMs);
    if (this.worker === worker && this.running) {
      await this.post(worker, { type: 'control', control: { kind: 'close' } }).catch((error: Error) =>
        console.error(`Could not close the call database cleanly: ${error.message}`),
      );
    }
    const late = setTimeout(() => void worker.terminate(), graceMs);
    await exited;
    clearTimeout(late);
  }

  /** Resolves once the starting `worker` is ready or has ended; one that takes longer than `timeoutMs` is ended. */
  private async settledStart(worker: Worker, exited: Promise<void>, timeoutMs: number): Promise<void> {
    const ready = new Promise<void>((resolve) => (this.onReady = resolve));
    const slow = setTimeout(() => {
      console.error(`The call database's thread did not finish starting within ${timeoutMs} ms of closing; ending it`);
      void worker.terminate();
    }, timeoutMs);
    await Promise.race([ready, exited]);
    clearTimeout(slow);
    this.onReady = null;
  }

  private setState(state: StoreThreadStatus['state'], change: Partial<StoreThreadStatus> = {}): void {
    this.state = { ...this.state, ...change, state };
    this.events.status(this.state);
  }

  private launch(): void {
    this.timer = null;
    const worker = this.spawn();
    this.worker = worker;
    this.launchReady = false;
    this.startedAt = Date.now();
    // The worker sends its messages in batches (outbox.ts), in order.
    worker.on('message', (batch: FromWorker[]) => batch.forEach((message) => this.receive(message)));
    let failure: Error | null = null;
    worker.on('error', (error) => (failure = error));
    worker.once('exit', (code) => this.ended(worker, code, failure));
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'answer': {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(fromWire(message.error));
        return;
      }
      case 'feed':
        return this.events.feed(message);
      case 'mirror':
        return this.events.mirror(message.changed);
      case 'ready':
        this.launchReady = true;
        this.setState('running', { cannotOpen: null });
        this.events.ready(message.mirror);
        this.firstStart?.resolve();
        this.firstStart = null;
        this.onReady?.();
        return;
      case 'failed':
        // The exit that follows decides what happens next; the first start reports why, a restart keeps it.
        this.startFailure = message.error;
        this.firstStart?.reject(fromWire(message.error));
        this.firstStart = null;
        return;
    }
  }

  private ended(worker: Worker, code: number, error: Error | null): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new StoreUnavailableError());
    this.pending.clear();
    if (this.closing) return this.setState('stopped');
    if (this.firstStart) {
      this.firstStart.reject(error ?? new Error(`The call database's thread ended before it was ready (exit code ${code})`));
      this.firstStart = null;
    }
    // Died before it was ready (SQLite's error uncaught mid-start: SQLITE_FULL on a full disk, code only): a failed start too.
    const startFailure = this.startFailure ?? (error && !this.launchReady ? { message: error.message, code: codeOf(error) } : null);
    this.startFailure = null;
    if (this.state.state === 'starting' && this.state.restarts === 0) return this.setState('stopped', { lastExit: exitInWords(code, error) });
    this.failures = failuresInARow(this.failures, Date.now() - this.startedAt);
    // Only the code: a start-up error's message may quote a file (a damaged secrets file's contents).
    const cannotOpen = startFailure ? openFailureCause(startFailure.code) : null;
    const lastExit = cannotOpen ? `The call database could not be opened: ${openFailureInWords(cannotOpen)}` : exitInWords(code, error);
    // A worker that cannot open the store fails every few seconds: said once, and again when the cause changes.
    if (lastExit !== this.state.lastExit || !cannotOpen) {
      const errorCode = startFailure?.code ? ` (${startFailure.code})` : '';
      console.error(`${lastExit}${errorCode}; starting it again in ${restartDelay(this.failures)} ms`);
    }
    this.setState('restarting', { restarts: this.state.restarts + 1, lastExit, cannotOpen });
    this.timer = setTimeout(() => this.launch(), restartDelay(this.failures));
  }
}
