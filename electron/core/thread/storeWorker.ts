// The store worker's entry (node:worker_threads): the database, ingest, the fold, catch-up and the handlers
// run here, so the thread of the tray, notifications, IPC and the listeners never waits on SQLite.

import { parentPort, workerData } from 'node:worker_threads';
import { hostStore } from './storeHost';
import type { StoreWorkerOptions } from './storeOptions';

if (!parentPort) throw new Error('The store worker runs as a worker thread only');
hostStore(parentPort, (workerData as { options: StoreWorkerOptions }).options);
