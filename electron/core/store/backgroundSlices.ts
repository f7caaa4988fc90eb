// Work on a stored history that runs after start rather than before the store answers (compressing the rows
// from before migration 12, indexing the calls again after migration 13): a short slice per turn of the event
// loop, each its own transaction, so a webhook or a read waits at most one slice behind it.

import type { Db } from './db';

/** What one slice may spend before it commits. */
export const SLICE_MS = 10;

/**
 * Runs `step` (one slice: returns whether work is left) on later turns of the event loop until nothing is left
 * or the database is closed; `onError` hears a slice that threw, and nothing runs after it. Returns a function
 * that stops it.
 */
export function runInBackground(db: Db, pending: boolean, step: () => boolean, onError: (error: unknown) => void): () => void {
  let timer: NodeJS.Immediate | null = null;
  const run = () => {
    timer = null;
    if (!db.open) return;
    try {
      // Never a savepoint of another write (Re-process, a catch-up slice): wait for it to commit.
      if (db.inTransaction || step()) timer = setImmediate(run).unref();
    } catch (error) {
      onError(error);
    }
  };
  if (pending) timer = setImmediate(run).unref();
  return () => {
    if (timer) clearImmediate(timer);
    timer = null;
  };
}
