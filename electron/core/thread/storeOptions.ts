// What the front is started with, and the part of it the store worker receives. The worker's options cross a
// thread boundary by structured clone, so they hold data only: no functions, no open stores.

import type { CoreOptions } from '../coreConfig';
import type { CheckpointPolicy } from '../store/checkpoints';
import type { TunnelOptions } from '../tunnel/service';
import type { StoreThread } from './front';
import type { ReaderPool } from './readerPool';
import type { SecretBridgePort } from './secretBridge';

/** Where the worker reads its secrets: the data folder's secrets file (headless), or the desktop's bridge. */
export type SecretsChoice = 'file' | SecretBridgePort;

/** The core's options the worker can be sent: the callbacks and store objects of `CoreOptions` stay behind. */
export type StoreWorkerOptions = Omit<CoreOptions, 'lock' | 'secrets' | 'now' | 'tunnel' | 'rendererDir' | 'appPort'> & {
  /** The webhook listener's port on the main thread: the tunnel forwards there. */
  webhookPort: number;
  secrets: SecretsChoice;
  /** Whether to send each changed call to the front (it has call listeners); the front says when that changes. */
  sendCalls?: boolean;
  /** The WAL checkpoints' policy (defaults: CHECKPOINT_POLICY), for the reader thread's and the worker's own. */
  checkpoints?: Partial<CheckpointPolicy>;
  tunnel?: Omit<TunnelOptions, 'route'>;
};

/** What `startFront` takes: the core's options, where the store runs, and a reader pool if any. */
export type FrontOptions = Omit<CoreOptions, 'secrets' | 'now' | 'tunnel'> & {
  /** 'worker' (the default): the store in its own thread; 'main': the in-thread core (the baseline). */
  storeThread?: StoreThread;
  secrets?: SecretsChoice;
  tunnel?: Omit<TunnelOptions, 'route'>;
  /** Operations answered off the store's thread; with `storeThread: 'main'` it is ignored. */
  readers?: ReaderPool;
  checkpoints?: Partial<CheckpointPolicy>;
};
