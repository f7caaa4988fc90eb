// What test/packaging/worker-bundle.test.ts runs under plain Node, bundled as the app's main.cjs is (natives left out)
// and laid beside the bundled storeWorker.cjs and readerWorker.cjs: the core's front started on a data folder, as the
// desktop main process starts it. Its reader pool has no fallback, so a search answered came from the reader thread.
// It prints where it listens and which worker entries it found, then closes on SIGTERM.

import { createReaderPool } from '../../electron/core/thread/readerPool';
import { startFront } from '../../electron/core/thread/start';
import { workerEntry } from '../../electron/core/thread/workerEntry';

export interface HarnessReady {
  webhookUrl: string;
  appUrl: string;
  appKey: string;
  storeThread: string;
  storeEntry: { code: string; eval: boolean };
  readerEntry: { code: string; eval: boolean };
  readerState: string;
  /** Whether this thread (the front's) loaded better-sqlite3: it must not, the store's threads do. */
  sqliteOnFront: boolean;
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('Give the data folder');
  const readers = createReaderPool({
    dataDir,
    fallback: () => Promise.reject(new Error('The reader thread is not running: the bundled readerWorker.cjs did not start')),
  });
  const front = await startFront({ dataDir, webhookPort: 0, appPort: 0, secrets: 'file', version: '1.2.3', readers });
  await readers.running();
  const entry = workerEntry('store');
  const reader = workerEntry('reader');
  const ready: HarnessReady = {
    webhookUrl: front.webhookUrl,
    appUrl: front.appUrl,
    appKey: front.appKey,
    storeThread: `${front.storeThread().thread} ${front.storeThread().state}`,
    storeEntry: { code: String(entry.code), eval: entry.eval },
    readerEntry: { code: String(reader.code), eval: reader.eval },
    readerState: readers.state(),
    // The natives are left out of the bundle: one this thread loaded is in its module cache (each thread has its own).
    sqliteOnFront: Object.keys(require.cache).some((file) => file.split(/[\\/]/).includes('better-sqlite3')),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.once('SIGTERM', () => {
    front.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
