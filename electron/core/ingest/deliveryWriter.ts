// Group commit. Deliveries that arrive while the event loop is busy are written together in one SQLite
// transaction; each is answered only after that transaction is on disk. The commit itself only writes the
// WAL; the fsync that makes it durable runs off the event loop (../store/walSync.ts), so requests keep being
// read, and alerts raised, while the disk works. If the commit or the fsync fails, every delivery in the
// batch is answered 503 so the vendor retries it; so is a batch whose database file was deleted or
// replaced meanwhile (the commit went into a file nobody will open again). A batch that added refused or
// rejected bodies is followed by their budget's pruning (../store/refusedBodies.ts).

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
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
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
    this.flush();
    await Promise.allSettled([...this.syncing]);
  }
}
