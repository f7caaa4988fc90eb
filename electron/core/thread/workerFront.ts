// The front with the store in a worker: the two loopback listeners, the mirrors and the change feed on this
// thread, everything that touches SQLite in the store worker. The webhook listener checks the URL's token,
// reads the body and moves its bytes to the worker; it answers what the worker says, after its fsync.

import path from 'node:path';
import { OPERATION_NAMES, type ValidRequestOf } from '../../../shared/contract/operations';
import { loadAccessKey } from '../api/accessKey';
import { createAppListener } from '../api/appListener';
import type { CoreHandlers, CoreOperation } from '../api/handlers';
import { lockDataFolder } from '../dataFolderLock';
import { DATABASE_FILE } from '../paths';
import type { DeliveryAnswer, DeliverySink } from '../ingest/received';
import { createWebhookApp } from '../ingest/webhookApp';
import type { RecordingFile } from '../recordings/recordings';
import type { RecordingLookup } from '../recordings/route';
import type { CoreFront, StoreThreadStatus } from './front';
import { FrontDatabase } from './frontDatabase';
import { FrontFeed } from './frontFeed';
import { FrontMirror } from './frontMirror';
import { LOOPBACK, openListeners } from './loopback';
import { transferableBody, type Control, type CsvStream } from './protocol';
import { StoreConnection } from './storeConnection';
import { StoreUnavailableError } from './storeUnavailable';
import type { FrontOptions, StoreWorkerOptions } from './storeOptions';
import { startWorker } from './workerEntry';
import { createReaderPool, type ReaderPool, type ReadOperation } from './readerPool';

/** Reached only by tests, never over HTTP or IPC: ends the store worker as a crash would. */
export const FRONT_TEST_HOOKS = Symbol('front test hooks');

export interface WorkerFront extends CoreFront {
  [FRONT_TEST_HOOKS]: { terminateWorker(): Promise<void> };
}

/** The worker's options: the front's, without what stays on this thread (its lock, listeners' port, reader pool). */
export function workerOptionsOf(options: FrontOptions, webhookPort: number): StoreWorkerOptions {
  const { lock: _lock, storeThread: _thread, readers: _readers, rendererDir: _renderer, appPort: _appPort, secrets, ...rest } = options;
  return { ...rest, webhookPort, secrets: secrets ?? 'file' };
}

export async function startWorkerFront(options: FrontOptions): Promise<WorkerFront> {
  const lock = options.lock ?? lockDataFolder(options.dataDir);
  const {
    webhookPort,
    appPort,
    webhookRoutes,
    appRoutes,
    fail: closeBoth,
    close: closeListeners,
  } = await openListeners(options, () => lock.release());

  const mirror = new FrontMirror();
  const storeThreadListeners = new Set<(status: StoreThreadStatus) => void>();
  const workerOptions = workerOptionsOf(options, webhookPort);
  let launches = 0;
  const tellCalls = (wanted: boolean) => {
    if (connection.running) void connection.request({ type: 'control', control: { kind: 'feed.calls', wanted } }).catch(() => undefined);
  };
  const feed = new FrontFeed(tellCalls);
  // The reader thread checkpoints the WAL; while it is down (restarting) the store worker does.
  let readerDown = false;
  const tellCheckpoints = (own: boolean) => {
    if (connection.running) void connection.request({ type: 'control', control: { kind: 'checkpoints', own } }).catch(() => undefined);
  };
  const connection: StoreConnection = new StoreConnection(
    () => {
      const options = launches++ === 0 ? workerOptions : savedSettingsKept(workerOptions);
      return startWorker('store', { workerData: { options: { ...options, sendCalls: feed.size > 0 } } });
    },
    {
      ready(values) {
        mirror.apply(values);
        // A listener that came while the worker started is told now, and so is a reader thread that is down.
        tellCalls(feed.size > 0);
        if (readerDown) tellCheckpoints(true);
      },
      mirror: (changed) => mirror.apply(changed),
      feed(message) {
        if (message.feed === 'call') feed.emit(message.event);
        else if (message.feed === 'catchUp') feed.emitCatchUp(message.event);
        else feed.emitFollowUps(message.event);
      },
      status(status) {
        database.changed();
        // A listener that throws must not stop the restart that follows.
        for (const listener of storeThreadListeners) {
          try {
            listener(status);
          } catch (error) {
            console.error('A listener of the call database thread failed:', error);
          }
        }
      },
    },
  );
  // While restarted workers cannot open the database, this thread says why; otherwise the worker's own verdict.
  const database = new FrontDatabase(
    path.join(options.dataDir, DATABASE_FILE),
    () => connection.status().cannotOpen,
    () => mirror.get('database'),
  );
  try {
    await connection.start();
  } catch (error) {
    await closeBoth();
    lock.release();
    throw error;
  }
  database.start();
  mirror.on('database', () => database.changed());

  // A step after the worker came up failed: nothing of this start may outlive it (worker, listeners, lock).
  const undoStart = async (error: unknown, readers?: ReaderPool): Promise<never> => {
    await closeBoth();
    await connection.close();
    await readers?.close?.();
    lock.release();
    throw error;
  };
  // Searches on a read-only connection of their own (and the WAL's checkpoints); the store answers them while it is down.
  const { dataDir, sqliteBinding, refusedBodyBudget } = options;
  let readers: ReaderPool;
  try {
    readers =
      options.readers ??
      createReaderPool({
        dataDir,
        sqliteBinding,
        refusedBodyBudget,
        checkpoints: options.checkpoints,
        fallback: (name, request) => connection.request({ type: 'operation', name, request }),
        onStateChange(state) {
          if (state !== 'running' && state !== 'restarting') return;
          readerDown = state === 'restarting';
          tellCheckpoints(readerDown);
        },
      });
  } catch (error) {
    return undoStart(error);
  }
  const control = <T>(c: Control) => connection.request<T>({ type: 'control', control: c });
  const fireAndForget = (c: Control) =>
    void control(c).catch((error: Error) => console.error(`The call database could not ${c.kind}: ${error.message}`));
  const handlers = proxiedHandlers(connection, readers, control);
  const handlersHealth = handlers.health;
  // Answered here while the worker is down: monitors and the window learn why, not only that it failed.
  const healthWhileDown = () => database.healthWhileDown(options.version ?? '0.0.0', mirror.get('secretProblems'));
  handlers.health = async (request) => {
    if (!connection.running) return healthWhileDown();
    return Promise.resolve(handlersHealth(request)).catch((error: unknown) => {
      if (error instanceof StoreUnavailableError) return healthWhileDown();
      throw error;
    });
  };
  const sink: DeliverySink = {
    receive(received) {
      const body = transferableBody(received.body);
      return connection.request<DeliveryAnswer>({ type: 'deliver', received: { ...received, body } }, [body.buffer]);
    },
  };
  const tunnel = {
    status: () => mirror.get('tunnel'),
    onChange: (listener: Parameters<CoreFront['tunnel']['onChange']>[0]) => mirror.on('tunnel', listener),
    resume: () => fireAndForget({ kind: 'tunnel.resume' }),
  };
  const recordings: RecordingLookup = {
    file: (callId) => control<RecordingFile | null>({ kind: 'recording.file', callId }),
    ask: (callId) => control({ kind: 'recording.ask', callId }),
    whyNot: (callId) => control<string>({ kind: 'recording.whyNot', callId }),
  };
  let appKey: string;
  try {
    appKey = loadAccessKey(options.dataDir);
    webhookRoutes.ready(createWebhookApp(() => mirror.get('token'), sink));
    appRoutes.ready(
      createAppListener({
        handlers,
        feed,
        tunnel: () => tunnel,
        port: () => appPort,
        rendererDir: options.rendererDir ?? null,
        accessKey: appKey,
        recordings,
      }),
    );
  } catch (error) {
    return undoStart(error, readers);
  }

  const webhookPath = () => `/hooks/${mirror.get('token')}`;
  let closing: Promise<void> | null = null;
  return {
    webhookPort,
    appPort,
    get webhookUrl() {
      return `http://${LOOPBACK}:${webhookPort}${webhookPath()}`;
    },
    get webhookPath() {
      return webhookPath();
    },
    appUrl: `http://${LOOPBACK}:${appPort}/`,
    appKey,
    dataDir: options.dataDir,
    handlers,
    feed,
    tunnel,
    catchUp: {
      status: () => mirror.get('catchUp'),
      onChange: (listener) => mirror.on('catchUp', listener),
      run(trigger, days) {
        fireAndForget({ kind: 'catchUp.run', trigger, days });
        return mirror.get('catchUp');
      },
    },
    database: { check: () => database.check(), onChange: (listener) => database.onChange(listener) },
    secretProblems: () => mirror.get('secretProblems'),
    onSecretProblemsChange: (listener) => mirror.on('secretProblems', () => listener()),
    signatureMode: () => mirror.get('signatureMode'),
    alertPreferences: () => mirror.get('alertPreferences'),
    openFollowUps: () => mirror.get('openFollowUps'),
    followUpsBuilding: () => mirror.get('followUpsBuilding'),
    shellSetting: (key) => control<string | null>({ kind: 'shellSetting', key }),
    setShellSetting: (key, value) => control<void>({ kind: 'setShellSetting', key, value }),
    recordingFile: (callId) => control<RecordingFile | null>({ kind: 'recording.file', callId }),
    storeThread: () => connection.status(),
    onStoreThreadChange(listener) {
      storeThreadListeners.add(listener);
      return () => void storeThreadListeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        await control({ kind: 'stopServices' }).catch(() => undefined);
        // Deliveries in flight still get their answer: the worker runs until the listeners are closed.
        await closeListeners();
        await connection.close();
        await readers.close?.();
        lock.release();
      })();
      return closing;
    },
    [FRONT_TEST_HOOKS]: { terminateWorker: () => connection.terminateForTest() },
  };
}

/** Every operation as a request to the store worker, or to the reader pool for the ones it answers. */
function proxiedHandlers(connection: StoreConnection, readers: FrontOptions['readers'], control: <T>(c: Control) => Promise<T>): CoreHandlers {
  const handlers: Partial<Record<CoreOperation, (request: unknown) => unknown>> = {};
  for (const name of OPERATION_NAMES) {
    if (name === 'openExternal') continue;
    // Requests reach here validated (the app listener, IPC), so each is the one its operation takes.
    if (readers?.READ_OPERATIONS.has(name))
      handlers[name] = (request) => readers.run(name as ReadOperation, request as ValidRequestOf<ReadOperation>);
    else if (name === 'exportCsv')
      handlers[name] = (request) =>
        connection.request<CsvStream>({ type: 'operation', name, request }).then(({ csvStream }) => pulledChunks(csvStream, control));
    else handlers[name] = (request) => connection.request({ type: 'operation', name, request });
  }
  return handlers as CoreHandlers;
}

/** A CSV export's chunks as the worker writes them, one in flight ahead of the reader; a reader that leaves ends it. */
async function* pulledChunks(stream: number, control: <T>(c: Control) => Promise<T>): AsyncGenerator<string> {
  const ask = () => control<string | null>({ kind: 'csv.next', stream });
  let next = ask();
  let finished = false;
  try {
    for (;;) {
      const chunk = await next;
      if (chunk === null) {
        finished = true;
        return;
      }
      next = ask();
      yield chunk;
    }
  } finally {
    if (!finished) {
      void next
        .catch(() => null)
        .then(() => control({ kind: 'csv.cancel', stream }))
        .catch(() => undefined);
    }
  }
}

/** A restarted worker keeps what was saved since start: the start-up settings apply to the first one only. */
function savedSettingsKept(options: StoreWorkerOptions): StoreWorkerOptions {
  const { webhookToken: _token, webhookSecret: _secret, signatureMode: _mode, ...rest } = options;
  return {
    ...rest,
    ...(rest.tunnel ? { tunnel: { ...rest.tunnel, settings: undefined } } : {}),
    ...(rest.catchUp ? { catchUp: { ...rest.catchUp, settings: undefined } } : {}),
  };
}
