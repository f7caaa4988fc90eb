// Histories for the reader thread's and the checkpointer's tests: live-shaped deliveries stored through the
// real ingest, and a caller who called thousands of times (a page of their calls is a slow read).

import type { CallStore, IncomingDelivery } from '../../electron/core/store/callStore';
import { callDeliveries, type CallSpec } from './payloads';

const HOUR_MS = 3_600_000;

/** The i-th call of a caller, an hour after the one before, from 1 January 2024 (Eastern wall time in the spec). */
export function hourlyCall(i: number, callerNumber: string, overrides: Partial<CallSpec> = {}): CallSpec {
  const ms = Date.UTC(2024, 0, 1) + i * HOUR_MS;
  return {
    telmetricsId: String(5_000_000 + i),
    callerNumber,
    localStart: new Date(ms - 5 * HOUR_MS).toISOString().slice(0, 19),
    ringUtc: new Date(ms).toISOString().slice(0, 23),
    ...overrides,
  };
}

export function incoming(body: string): IncomingDelivery {
  return { receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' };
}

/** Stores `calls` Call Starts of one caller (in batches, as group commit would), numbered from `first`. */
export function storeOneCallersCalls(store: CallStore, callerNumber: string, calls: number, first = 0): void {
  for (let b = first; b < first + calls; b += 500) {
    const batch: IncomingDelivery[] = [];
    for (let i = b; i < Math.min(first + calls, b + 500); i++) batch.push(incoming(callDeliveries(hourlyCall(i, callerNumber)).start));
    store.ingestBatch(batch);
  }
}
