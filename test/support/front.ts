// Starts the front with the store in a real worker thread (SQLite file in a temp dir, listeners on loopback)
// inside the test process, with the helpers of ./core.ts.

import fs from 'node:fs';
import type { CoreFront } from '../../electron/core/thread/front';
import { startFront, type FrontOptions } from '../../electron/core/thread/start';
import { FRONT_TEST_HOOKS, type WorkerFront } from '../../electron/core/thread/workerFront';
import { fetchWithKey, postWebhook, tempDir } from './core';

export interface TestFront {
  front: CoreFront;
  dataDir: string;
  post(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  appFetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  api<T>(pathAndQuery: string, init?: RequestInit): Promise<T>;
  /** Ends the store worker as a crash would (the front's test hook; nothing outside the process reaches it). */
  crashWorker(): Promise<void>;
  /** Resolves once the store thread is in `state` (polled), or rejects after `timeoutMs`. */
  waitFor(state: ReturnType<CoreFront['storeThread']>['state'], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestFront(options: Partial<FrontOptions> = {}): Promise<TestFront> {
  const dataDir = options.dataDir ?? tempDir();
  const front = await startFront({ webhookPort: 0, appPort: 0, timeZone: 'UTC', storeThread: 'worker', ...options, dataDir });
  return {
    front,
    dataDir,
    post: (body, headers) => postWebhook(front.webhookUrl, body, headers),
    appFetch: (pathAndQuery, init) => fetchWithKey(front.appUrl, front.appKey, pathAndQuery, init),
    async api<T>(pathAndQuery: string, init?: RequestInit): Promise<T> {
      const res = await fetchWithKey(front.appUrl, front.appKey, pathAndQuery, init);
      if (!res.ok) throw new Error(`${pathAndQuery} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    crashWorker: () => (front as WorkerFront)[FRONT_TEST_HOOKS].terminateWorker(),
    async waitFor(state, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (front.storeThread().state !== state) {
        if (Date.now() > until) throw new Error(`The store thread is ${front.storeThread().state}, not ${state}, after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await front.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
