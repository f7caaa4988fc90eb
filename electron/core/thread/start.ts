// Starts the core with its store where asked: in a worker thread (the default: the thread of the tray,
// notifications, IPC and the listeners never waits on SQLite), or on this thread (the baseline).

import type { CoreFront, StoreThread } from './front';
import type { FrontOptions } from './storeOptions';
import { startWorkerFront } from './workerFront';

export type { ReaderPool } from './readerPool';
export type { SecretBridgePort } from './secretBridge';
export type { FrontOptions, SecretsChoice, StoreWorkerOptions } from './storeOptions';
export { workerEntry, type WorkerKind } from './workerEntry';

export const DEFAULT_STORE_THREAD: StoreThread = 'worker';

export async function startFront(options: FrontOptions): Promise<CoreFront> {
  const { storeThread = DEFAULT_STORE_THREAD, readers: _readers, secrets, ...coreOptions } = options;
  if (storeThread === 'worker') return startWorkerFront(options);
  if (secrets !== undefined && secrets !== 'file') throw new Error('The secret bridge is for the store worker: give the main thread its SecretStore');
  // Loaded only for the baseline: with the store in a worker this thread never loads SQLite's code.
  const { startCore } = await import('../core');
  return startCore(coreOptions);
}
