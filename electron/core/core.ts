// The in-thread core: the store (coreStore.ts) with its two loopback listeners on the same thread. It runs
// the same under plain Node (headless mode with `--store-thread main`, most tests, the bench's baseline) and
// inside Electron's main process; it never imports `electron`. It offers the front's face (thread/front.ts).

import type { CatchUpRunner } from './catchUp/runner';
import { loadAccessKey } from './api/accessKey';
import { createAppListener } from './api/appListener';
import type { CoreOptions } from './coreConfig';
import { openCoreStore, startServices, type CoreStore } from './coreStore';
import { createWebhookApp } from './ingest/webhookApp';
import type { RecordingFile } from './recordings/recordings';
import type { DatabaseHealth } from './store/databaseHealth';
import type { CoreFront, StoreThreadStatus } from './thread/front';
import { LOOPBACK, openListeners } from './thread/loopback';
import type { TunnelService } from './tunnel/service';

export { newWebhookToken, type CoreOptions } from './coreConfig';
export { LOOPBACK } from './thread/loopback';

export interface Core extends Omit<CoreStore, keyof CoreFront | 'receive' | 'stopServices'>, CoreFront {
  tunnel: TunnelService;
  catchUp: CatchUpRunner;
  database: DatabaseHealth;
  appPort: number;
  appUrl: string;
  appKey: string;
  /** A call's recording as a file on this PC, or null when it is not downloaded (the shell serves it over app://). */
  recordingFile(callId: number): Promise<RecordingFile | null>;
  close(): Promise<void>;
}

const RUNNING_HERE: StoreThreadStatus = { thread: 'main', state: 'running', restarts: 0, lastExit: null, cannotOpen: null };

export async function startCore(options: CoreOptions): Promise<Core> {
  // The listeners take their ports first (the tunnel forwards to the webhook one); their routes follow the store.
  const listeners = await openListeners(options);
  const { webhookPort, appPort } = listeners;
  let store: CoreStore;
  try {
    store = openCoreStore({ ...options, webhookPort });
  } catch (error) {
    await listeners.fail();
    throw error;
  }
  const appKey = loadAccessKey(options.dataDir);
  listeners.webhookRoutes.ready(createWebhookApp(() => store.config().token, store));
  listeners.appRoutes.ready(
    createAppListener({
      handlers: store.handlers,
      feed: store.feed,
      tunnel: () => store.tunnel,
      port: () => appPort,
      rendererDir: options.rendererDir ?? null,
      accessKey: appKey,
      recordings: store.recordings,
    }),
  );
  let closing: Promise<void> | null = null;
  const core: Core = Object.assign(Object.create(store) as CoreStore, {
    tunnel: store.tunnel,
    database: store.database,
    appPort,
    appUrl: `http://${LOOPBACK}:${appPort}/`,
    appKey,
    recordingFile: (callId: number) => Promise.resolve(store.recordingFile(callId)),
    shellSetting: (key: string) => Promise.resolve(store.store.getSetting(key)),
    setShellSetting: (key: string, value: string) => Promise.resolve(store.store.setSetting(key, value)),
    storeThread: () => RUNNING_HERE,
    // The store on this thread never restarts: nothing to tell.
    onStoreThreadChange: () => () => undefined,
    close() {
      closing ??= (async () => {
        await store.stopServices();
        await listeners.close();
        await store.close();
      })();
      return closing;
    },
  });
  startServices(store);
  return core;
}
