// Group commit. Deliveries that arrive while the event loop is busy are written together in one SQLite
// transaction (one fsync); each is answered only after that transaction committed. If the commit fails,
// every delivery in the batch is answered 503 so the vendor retries it.

import type { CallStore, DeliveryResult, IncomingDelivery } from '../store/callStore';

interface Pending {
  delivery: IncomingDelivery;
  resolve: (result: DeliveryResult) => void;
  reject: (error: Error) => void;
}

export type CommittedListener = (results: DeliveryResult[]) => void;

export class DeliveryWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private batches = 0;
  private written = 0;

  constructor(
    private readonly store: CallStore,
    private readonly onCommitted: CommittedListener,
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
      results = this.store.ingestBatch(batch.map((p) => p.delivery));
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
      return;
    }
    this.batches++;
    this.written += batch.length;
    batch.forEach((p, i) => p.resolve(results[i]!));
    try {
      this.onCommitted(results);
    } catch (error) {
      console.error('A change listener failed:', error);
    }
  }

  /** Deliveries written and the transactions they took (the group-commit ratio). */
  stats(): { deliveries: number; batches: number } {
    return { deliveries: this.written, batches: this.batches };
  }

  /** Writes what is queued and refuses anything new. */
  close(): void {
    this.closed = true;
    this.flush();
  }
}
