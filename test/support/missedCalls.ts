// Histories of people to call back for the tray's tests: callers who each missed us once, a minute apart,
// stored by a real core's own ingest into a data folder before the shell under test starts on it.

import { startCore } from '../../electron/core/core';
import { callDeliveries, type CallSpec } from './payloads';

/** The nth caller's missed call; `base` keeps one test's calls and numbers apart from another's. */
export function missedCall(n: number, base: { telmetricsId: number; callerNumber: number }, callerName?: string): CallSpec {
  const at = new Date(Date.UTC(2026, 10, 10, 9) + n * 60_000).toISOString();
  return {
    telmetricsId: String(base.telmetricsId + n),
    callerNumber: String(base.callerNumber + n),
    ...(callerName === undefined ? {} : { callerName }),
    answered: false,
    localStart: at.slice(0, 19),
    ringUtc: at.slice(0, 23),
  };
}

/** Stores these calls' Call Start and Preprocessed in one batch through a core on `dataDir`, and returns its open count. */
export async function storeCalls(dataDir: string, calls: readonly CallSpec[]): Promise<number> {
  const earlier = await startCore({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC' });
  try {
    const bodies = calls.map((c) => callDeliveries(c)).flatMap((c) => [c.start, c.preprocessed]);
    earlier.store.ingestBatch(
      bodies.map((body) => ({ receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' })),
    );
    return earlier.store.openFollowUps();
  } finally {
    await earlier.close();
  }
}
