// Starts the core for the bench's host process, as headless mode does, on a history or an empty folder: quiet
// apart from what the figures drive (no tunnel, no catch-up until asked, no sleep detection).

import { startCore } from '../electron/core/core';
import type { CoreFront, StoreThread } from '../electron/core/thread/front';

/** What the host uses of the front. */
export type HostedFront = Pick<CoreFront, 'feed' | 'handlers' | 'catchUp' | 'webhookUrl' | 'appUrl' | 'appKey' | 'close'>;

export interface HostedCore {
  front: HostedFront;
  /** Where the store runs. */
  storeThread: StoreThread;
  /** The writer's group-commit counts, where the store is on this thread (the worker keeps its own). */
  writerStats(): { deliveries: number; batches: number } | null;
}

export async function startHostedCore(dataDir: string, storeThread: StoreThread): Promise<HostedCore> {
  // The threaded front (startFront) is not on this branch yet: the store runs on this thread either way, and
  // the host says so (HostReady.storeThread), so no figure claims a worker it did not have.
  void storeThread;
  const core = await startCore({
    dataDir,
    webhookPort: 0,
    appPort: 0,
    timeZone: 'UTC',
    signatureMode: 'off',
    tunnel: { detectSleep: false },
    catchUp: { detectSleep: false },
  });
  // The start-up quick check reads every page of the database: let it finish before anything is timed.
  await core.integrityChecked;
  return { front: core, storeThread: 'main', writerStats: () => core.writer.stats() };
}
