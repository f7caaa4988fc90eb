// Group commit. Deliveries that arrive while the event loop is busy are written together in one SQLite
// transaction; each is answered only after that transaction is on disk. The commit itself only writes the
// WAL; the fsync that makes it durable runs off the event loop (../store/walSync.ts), so requests keep being
// read, and alerts raised, while the disk works. If the commit or the fsync fails, every delivery in the
// batch is answered 503 so the vendor retries it; so is a batch whose database file was deleted or
// replaced meanwhile (the commit went into a file nobody will open again). A batch that added refused or
// rejected bodies is followed by their budget's pruning (../store/refusedBodies.ts).
//
// Call Starts go first: when the queue holds a Call Start and anything else (transcripts to compress and
// index), the starts are written in a transaction of their own and the rest on the next turn, after their
// alerts have left this thread, so a screen pop never waits for a batch of transcripts.

import type { CallStore, DeliveryResult, IncomingDelivery } from '../store/callStore';
import type { WalSync } from '../store/walSync';

interface Pending {
  delivery: IncomingDelivery;
  resolve: (result: DeliveryResult) => void;
  reject: (error: Error) => void;
}

export type CommittedListener = (results: DeliveryResult[]) => void;

/** What the writer asks of the database's health before it writes and before it acknowledges. */
export interface DatabaseGuard {
  assertUsable(): void;
  noteError(error: unknown): void;
}

const NO_GUARD: DatabaseGuard = { assertUsable: () => undefined, noteError: () => undefined };

export class DeliveryWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private batches = 0;
  private written = 0;
  /** Batches committed whose fsync has not returned yet. */
  private readonly syncing = new Set<Promise<void>>();

  constructor(
    private readonly store: CallStore,
    private readonly wal: WalSync,
    private readonly onCommitted: CommittedListener,
    private readonly guard: DatabaseGuard = NO_GUARD,
  ) {}

  submit(delivery: IncomingDelivery): Promise<DeliveryResult> {
    if (this.closed) return Promise.reject(new Error('The call store is closing'));
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const { now: batch, later } = startsFirst(this.queue);
    this.queue = later;
    if (batch.length === 0) return;
    // The turn ends first: the starts' alerts cross to the front (a microtask) before the rest is written.
    if (later.length > 0) this.schedule();
    let results: DeliveryResult[];
    try {
      this.guard.assertUsable();
      results = this.store.ingestBatchUnsynced(batch.map((p) => p.delivery));
    } catch (error) {
      this.guard.noteError(error);
      for (const p of batch) p.reject(error as Error);
      return;
    }
    this.batches++;
    this.written += batch.length;
    // The screen pop does not wait for the disk: the alert is not an acknowledgement, and if the fsync
    // failed the vendor would send the call again.
    try {
      this.onCommitted(results);
    } catch (error) {
      console.error('A change listener failed:', error);
    }
    const durable = this.wal
      .sync()
      .then(() => this.guard.assertUsable())
      .then(
        () => batch.forEach((p, i) => p.resolve(results[i]!)),
        (error: Error) => batch.forEach((p) => p.reject(error)),
      );
    this.syncing.add(durable);
    void durable.finally(() => this.syncing.delete(durable));
    if (results.some((r) => r.outcome === 'rejected')) this.pruneRefusedBodies();
  }

  /** After the commit, in a transaction of its own: the budget of refused bodies never fails or holds up an accepted delivery. */
  private pruneRefusedBodies(): void {
    try {
      this.store.pruneRefusedBodies();
    } catch (error) {
      console.error('Could not drop old refused bodies:', error);
    }
  }

  /** Deliveries written, the transactions they took (the group-commit ratio) and the fsyncs those needed. */
  stats(): { deliveries: number; batches: number; syncs: number } {
    return { deliveries: this.written, batches: this.batches, syncs: this.wal.count };
  }

  /** Writes what is queued, refuses anything new, and waits until everything written is on disk. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0) this.flush();
    await Promise.allSettled([...this.syncing]);
  }
}

/** Bodies past this size are never Call Starts (a start is a few kB): they are not searched for one. */
const LARGEST_START_BYTES = 16 * 1024;
/** An "Action" field whose value names a Call Start ("CallDetails.CallStartCall"), as eventKindOf reads it. */
const START_ACTION = /"action"\s*:\s*"[^"]*call[^a-z0-9"]{0,2}start/i;

/**
 * Whether a delivery looks like a Call Start (its action names one), read from its bytes before parsing: a
 * guess that only orders the writes. A wrong guess costs a transaction, never a delivery.
 */
export function looksLikeCallStart(delivery: IncomingDelivery): boolean {
  if (delivery.refusal || delivery.body.length > LARGEST_START_BYTES) return false;
  return START_ACTION.test(delivery.body.toString('latin1'));
}

/** What to write now: the queue's Call Starts alone when it holds something else too, else all of it. */
export function startsFirst<T extends { delivery: IncomingDelivery }>(queue: T[]): { now: T[]; later: T[] } {
  const starts: T[] = [];
  const rest: T[] = [];
  for (const p of queue) (looksLikeCallStart(p.delivery) ? starts : rest).push(p);
  if (starts.length === 0 || rest.length === 0) return { now: queue, later: [] };
  return { now: starts, later: rest };
}
