// The store worker's messages to the front, sent together once per microtask checkpoint: a group commit
// resolves all its deliveries at once, and one postMessage for the batch costs what one answer did
// (a message across threads measured ~110 µs in the worker under load, most of it waking the other side).

import type { MessagePort } from 'node:worker_threads';
import { toWire, type FromWorker } from './protocol';

export class Outbox {
  private queue: FromWorker[] = [];

  constructor(private readonly port: MessagePort) {}

  post(message: FromWorker): void {
    this.queue.push(message);
    if (this.queue.length === 1) queueMicrotask(() => this.flush());
  }

  /** Sends what is queued now (before the port closes). */
  flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      this.port.postMessage(batch);
    } catch {
      // One value that cannot cross (not plain data) fails its own request only, not the batch or the worker.
      for (const message of batch) this.postAlone(message);
    }
  }

  private postAlone(message: FromWorker): void {
    try {
      this.port.postMessage([message]);
    } catch (error) {
      if (message.type !== 'answer') throw error;
      this.port.postMessage([{ type: 'answer', id: message.id, ok: false, error: toWire(error) } satisfies FromWorker]);
    }
  }
}
