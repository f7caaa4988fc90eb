// Starts the core for the bench's host process as headless mode does (startFront), with its store where asked,
// quiet apart from what the figures drive (no tunnel, no catch-up until asked, no sleep detection).

import fs from 'node:fs';
import type { Core } from '../electron/core/core';
import type { CoreFront, StoreThread } from '../electron/core/thread/front';
import { startFront } from '../electron/core/thread/start';

/** What the host uses of the front. */
export type HostedFront = Pick<
  CoreFront,
  'feed' | 'handlers' | 'catchUp' | 'webhookUrl' | 'appUrl' | 'appKey' | 'close' | 'storeThread' | 'webhookPath'
>;

export interface HostedCore {
  front: HostedFront;
  /** Where the store runs. */
  storeThread: StoreThread;
  /** The writer's group-commit counts, where the store is on this thread (the worker keeps its own). */
  writerStats(): { deliveries: number; batches: number } | null;
  /** How long the start-up quick check was waited for, ms. */
  settledMs: number;
}

const threads = () => Number(/Threads:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);

/**
 * The start-up quick check reads every page of the database in a thread of its own: nothing is timed until it
 * has ended. The in-thread core says when; inside the store worker it is not in sight, so its end is seen as
 * this process's thread count dropping (a thread that ends; nothing else ends during start-up), bounded.
 */
async function quickCheckEnded(front: CoreFront, boundMs: number): Promise<void> {
  if ('integrityChecked' in front) return (front as Core).integrityChecked;
  const deadline = performance.now() + boundMs;
  let most = threads();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = threads();
    if (now < most) return;
    most = Math.max(most, now);
  }
  console.warn(`The start-up check of the call database did not visibly end within ${boundMs / 1000} s: measuring anyway.`);
}

export async function startHostedCore(dataDir: string, storeThread: StoreThread, waitForCheck: boolean): Promise<HostedCore> {
  const started = performance.now();
  const front = await startFront({
    dataDir,
    storeThread,
    webhookPort: 0,
    appPort: 0,
    timeZone: 'UTC',
    signatureMode: 'off',
    tunnel: { detectSleep: false },
    catchUp: { detectSleep: false },
  });
  if (waitForCheck) await quickCheckEnded(front, 120_000);
  const writer = 'writer' in front ? (front as Core).writer : null;
  return {
    front,
    storeThread: front.storeThread().thread,
    writerStats: () => writer?.stats() ?? null,
    settledMs: performance.now() - started,
  };
}
