// Work on a stored history that runs after start rather than before the store answers (building the call-back
// entries of an older history, indexing the calls again after migrations 13 and 14, compressing the rows from before
// migration 12): a short slice at a time, each its own transaction, so a webhook or a read waits at most one
// slice behind it. The thread is left idle as long as a slice took before the next one, and wholly to
// webhooks while they arrive. A slice commits without its own fsync: its rows and the progress it records are
// one transaction, so a crash loses both or neither and the next start redoes them; a webhook's fsync, or a
// checkpoint, makes them durable with it.

import { unsyncedWrites, type Db } from './db';

/** What one slice may spend before it commits. */
export const SLICE_MS = 10;
/** How long after the latest webhook the thread stays the webhooks' alone. */
export const QUIET_MS = 200;
const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 10 * 60_000;

/** One kind of background work: `step` runs one slice and says whether work is left. */
export interface BackgroundTask {
  /** What it does, as the log says it: "Compressing the stored history". */
  name: string;
  pending(): boolean;
  step(): boolean;
}

export interface BackgroundOptions {
  /** Whether webhooks are arriving now (the thread is theirs until they stop). */
  busy?: () => boolean;
  /** Hears a task's failure once (the retries after it are not repeated). */
  log?: (message: string) => void;
}

const MAX_SLICE = 5000;

/** How many rows (or pages) the next slice takes: as many as the last one's pace fits in the budget, at most twice as many. */
export function nextSliceSize(done: number, elapsedMs: number, budgetMs: number): number {
  const fits = Math.floor((done * budgetMs) / Math.max(elapsedMs, 0.01));
  return Math.max(1, Math.min(MAX_SLICE, 2 * done, fits));
}

/** The idle time after a slice that took `sliceMs`: as long again, so slices take at most half the thread. */
export function idleAfter(sliceMs: number): number {
  return Math.max(1, Math.ceil(sliceMs));
}

/** The wait before the `failures`-th retry of a task that threw: doubling from a second, at most ten minutes. */
export function retryDelay(failures: number): number {
  return Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

interface TaskState {
  task: BackgroundTask;
  failures: number;
  retryAt: number;
}

/**
 * Runs the tasks, a slice at a time and in order (a task's slices until it is done, then the next's), on
 * timers, until none is left or the database is closed. A task that throws is retried with back-off, the
 * others go on meanwhile. Returns a function that stops it all.
 */
export function runInBackground(
  db: Db,
  tasks: readonly BackgroundTask[],
  { busy = () => false, log = console.error }: BackgroundOptions = {},
): () => void {
  const unsynced = unsyncedWrites(db);
  let states: TaskState[] = tasks.filter((t) => t.pending()).map((task) => ({ task, failures: 0, retryAt: 0 }));
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(run, ms).unref();
  };
  const run = () => {
    timer = null;
    if (stopped || !db.open) return;
    // Never a savepoint of another write (Re-process, a catch-up slice): wait for it to commit.
    if (db.inTransaction || busy()) return schedule(QUIET_MS);
    const now = performance.now();
    const state = states.find((s) => s.retryAt <= now);
    if (!state) {
      if (states.length > 0) schedule(Math.min(...states.map((s) => s.retryAt)) - now);
      return;
    }
    const started = performance.now();
    try {
      const more = unsynced(() => state.task.step());
      if (state.failures > 0) log(`${state.task.name} goes on again.`);
      state.failures = 0;
      if (!more) states = states.filter((s) => s !== state);
    } catch (error) {
      state.failures++;
      const wait = retryDelay(state.failures);
      state.retryAt = performance.now() + wait;
      if (state.failures === 1) log(`${state.task.name} stopped: ${(error as Error).message} (tried again in ${wait / 1000} s, then less often)`);
    }
    if (states.length > 0) schedule(idleAfter(performance.now() - started));
  };
  if (states.length > 0) schedule(0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
