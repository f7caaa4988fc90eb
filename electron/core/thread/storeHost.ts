// The store worker's side of the protocol: it opens the store (everything the core does but the listeners),
// answers the front's requests, and pushes feed events and every value the front mirrors when it changes.

import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { CoreHandlers, CoreOperation } from '../api/handlers';
import { openCoreStore, startServices, type CoreStore } from '../coreStore';
import type { DataFolderLock } from '../dataFolderLock';
import { FileSecretStore, type SecretStore } from '../secrets';
import { Checkpointer } from '../store/checkpoints';
import { stopWriterCheckpoints } from '../store/db';
import type { Control, FromWorker, Mirror, ToWorker } from './protocol';
import { toWire } from './protocol';
import { mayChangeMirror } from './mirrorRefresh';
import { Outbox } from './outbox';
import { BridgedSecretStore } from './secretBridge';
import type { SecretsChoice, StoreWorkerOptions } from './storeOptions';

/** The front holds the data folder's lock for as long as it runs, across restarts of this worker. */
const HELD_BY_FRONT: DataFolderLock = { file: '', release: () => undefined };

/** The secrets the worker reads: the data folder's file, or the desktop's bridge to the main thread. */
function secretStoreFor(choice: SecretsChoice, dataDir: string): SecretStore {
  if (choice === 'file') return new FileSecretStore(path.join(dataDir, 'secrets.json'));
  return new BridgedSecretStore(choice);
}

export function mirrorOf(core: CoreStore, openFollowUps: number): Mirror {
  return {
    token: core.config().token,
    signatureMode: core.signatureMode(),
    alertPreferences: core.alertPreferences(),
    openFollowUps,
    followUpsBuilding: core.followUpsBuilding(),
    secretProblems: core.secretProblems(),
    database: core.database.check(),
    tunnel: core.tunnel.status(),
    catchUp: core.catchUp.status(),
  };
}

/** The keys of `next` whose values differ from `last` (compared as JSON: they are plain data). */
export function changedValues(last: Mirror, next: Mirror): Partial<Mirror> {
  const changed: Partial<Record<keyof Mirror, unknown>> = {};
  for (const key of Object.keys(next) as (keyof Mirror)[]) {
    if (JSON.stringify(last[key]) !== JSON.stringify(next[key])) changed[key] = next[key];
  }
  return changed as Partial<Mirror>;
}

export function hostStore(port: MessagePort, options: StoreWorkerOptions): void {
  const outbox = new Outbox(port);
  const post = (message: FromWorker) => outbox.post(message);
  let core: CoreStore;
  try {
    core = openCoreStore({ ...options, secrets: secretStoreFor(options.secrets, options.dataDir), lock: HELD_BY_FRONT });
    // The front's reader thread checkpoints the WAL: no commit here waits for a checkpoint.
    stopWriterCheckpoints(core.db, options.checkpoints?.thresholdBytes);
  } catch (error) {
    post({ type: 'failed', error: toWire(error) });
    outbox.flush();
    port.close();
    return;
  }
  let open = core.openFollowUps();
  let mirror = mirrorOf(core, open);
  let closing = false;
  // Settings changes replacing the tunnel now: their stopped-in-between states (off, no URL) are not news.
  let tunnelSwitches = 0;
  const refresh = () => {
    // A closed store has nothing more to say (and its database can no longer be read).
    if (closing) return;
    const next = mirrorOf(core, open);
    // Each push crosses on its own, so the tray and window would flash those states ("not set up", the URL
    // banner gone and back; a confirmation's answer survives it, useTunnel keeps it): the new status goes once.
    if (tunnelSwitches > 0) next.tunnel = mirror.tunnel;
    const changed = changedValues(mirror, next);
    mirror = next;
    if (Object.keys(changed).length > 0) post({ type: 'mirror', changed });
  };
  // The front re-emits these; listening to calls makes the store read each changed call and build its alert.
  let stopCalls: (() => void) | null = null;
  const sendCalls = (wanted: boolean) => {
    if (wanted && !stopCalls) stopCalls = core.feed.onCall((event) => post({ type: 'feed', feed: 'call', event }));
    if (!wanted && stopCalls) stopCalls = (stopCalls(), null);
  };
  sendCalls(options.sendCalls ?? true);
  core.feed.onCatchUp((event) => post({ type: 'feed', feed: 'catchUp', event }));
  core.feed.onFollowUps((event) => {
    open = event.open;
    // The mirror first: a listener that subscribes between the two reads a count no older than the push it missed.
    refresh();
    post({ type: 'feed', feed: 'followUps', event });
  });
  core.tunnel.onChange(refresh);
  core.catchUp.onChange(refresh);
  core.database.onChange(refresh);
  core.onSecretProblemsChange(refresh);

  // While the reader thread is down nothing else checkpoints (the writer's own are off): the WAL would grow
  // without bound. The same PASSIVE policy then runs here, on a connection of its own.
  let checkpointer: Checkpointer | null = null;
  const ownCheckpoints = (own: boolean) => {
    if (own && !checkpointer) {
      checkpointer = new Checkpointer(options.dataDir, { policy: options.checkpoints, nativeBinding: options.sqliteBinding, log: console.warn });
      checkpointer.start();
    }
    if (!own && checkpointer) checkpointer = (checkpointer.close(), null);
  };
  const csv = new CsvStreams();
  const answer = (id: number, run: () => unknown, refreshAfter: boolean) => {
    let result: unknown;
    try {
      result = run();
    } catch (error) {
      if (refreshAfter) refresh();
      return post({ type: 'answer', id, ok: false, error: toWire(error) });
    }
    // The mirrors first: whoever gets the answer then reads the values it changed (a new token, a mode).
    void Promise.resolve(result).then(
      (value) => {
        if (refreshAfter) refresh();
        post({ type: 'answer', id, ok: true, value });
      },
      (error: unknown) => {
        if (refreshAfter) refresh();
        post({ type: 'answer', id, ok: false, error: toWire(error) });
      },
    );
  };
  const operation = (name: CoreOperation, request: unknown) => {
    const result = (core.handlers[name] as (request: unknown) => unknown)(request);
    if (name === 'updateTunnelSettings') {
      tunnelSwitches++;
      // Before the answer's refresh, which then pushes the new tunnel's status.
      return Promise.resolve(result).finally(() => tunnelSwitches--);
    }
    return name === 'exportCsv' ? Promise.resolve(result as ReturnType<CoreHandlers['exportCsv']>).then((chunks) => csv.open(chunks)) : result;
  };
  const control = (c: Control): unknown => {
    switch (c.kind) {
      case 'tunnel.resume':
        return core.tunnel.resume();
      case 'catchUp.run':
        return core.catchUp.run(c.trigger, c.days);
      case 'shellSetting':
        return core.store.getSetting(c.key);
      case 'setShellSetting':
        return core.store.setSetting(c.key, c.value);
      case 'recording.file':
        return core.recordingFile(c.callId);
      case 'recording.ask':
        return core.recordings.ask(c.callId);
      case 'recording.whyNot':
        return core.recordings.whyNot(c.callId);
      case 'feed.calls':
        return sendCalls(c.wanted);
      case 'csv.next':
        return csv.next(c.stream);
      case 'csv.cancel':
        return csv.cancel(c.stream);
      case 'checkpoints':
        return ownCheckpoints(c.own);
      case 'stopServices':
        return core.stopServices();
      case 'close':
        closing = true;
        ownCheckpoints(false);
        return core.close().then(() => {
          // After the answer has gone: the worker then has nothing left and ends.
          setImmediate(() => (outbox.flush(), port.close()));
        });
    }
  };
  port.on('message', (message: ToWorker) => {
    if (message.type === 'deliver') {
      // Answered only once the batch's fsync returned: 200 still means on disk.
      if (closing) return post({ type: 'answer', id: message.id, ok: false, error: { message: 'The call store is closing', status: 503 } });
      core.receive(message.received).then(
        ({ deliveryId, status, outcome, reason }) =>
          post({ type: 'answer', id: message.id, ok: true, value: { deliveryId, status, outcome, reason } }),
        (error: unknown) => post({ type: 'answer', id: message.id, ok: false, error: toWire(error) }),
      );
    } else if (message.type === 'operation') answer(message.id, () => operation(message.name, message.request), mayChangeMirror(message));
    else answer(message.id, () => control(message.control), mayChangeMirror(message));
  });
  startServices(core);
  post({ type: 'ready', mirror });
}

/** The CSV exports being pulled by the front, chunk by chunk: never the whole file in one message. */
class CsvStreams {
  private readonly streams = new Map<number, Iterator<string> | AsyncIterator<string>>();
  private nextId = 1;

  open(chunks: Iterable<string> | AsyncIterable<string>): { csvStream: number } {
    const id = this.nextId++;
    this.streams.set(id, Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]());
    return { csvStream: id };
  }

  async next(stream: number): Promise<string | null> {
    const iterator = this.streams.get(stream);
    if (!iterator) return null;
    const step = await iterator.next();
    if (!step.done) return step.value;
    this.streams.delete(stream);
    return null;
  }

  async cancel(stream: number): Promise<void> {
    const iterator = this.streams.get(stream);
    this.streams.delete(stream);
    await iterator?.return?.();
  }
}
