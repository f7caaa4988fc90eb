// The store worker's side of the protocol: it opens the store (everything the core does but the listeners),
// answers the front's requests, and pushes feed events and every value the front mirrors when it changes.

import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { CoreHandlers, CoreOperation } from '../api/handlers';
import { openCoreStore, startServices, type CoreStore } from '../coreStore';
import type { DataFolderLock } from '../dataFolderLock';
import { FileSecretStore, type SecretStore } from '../secrets';
import type { Control, FromWorker, Mirror, ToWorker } from './protocol';
import { toWire } from './protocol';
import type { SecretsChoice, StoreWorkerOptions } from './storeOptions';

/** The front holds the data folder's lock for as long as it runs, across restarts of this worker. */
const HELD_BY_FRONT: DataFolderLock = { file: '', release: () => undefined };

/** The secrets the worker reads: the data folder's file, or the desktop's bridge to the main thread. */
function secretStoreFor(choice: SecretsChoice, dataDir: string): SecretStore {
  if (choice === 'file') return new FileSecretStore(path.join(dataDir, 'secrets.json'));
  // D's secretBridge.ts gives the worker's synchronous SecretStore over this bridge.
  throw new Error('The secret bridge is not wired into the store worker yet');
}

export function mirrorOf(core: CoreStore, openFollowUps: number): Mirror {
  return {
    token: core.config().token,
    signatureMode: core.signatureMode(),
    alertPreferences: core.alertPreferences(),
    openFollowUps,
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
  const post = (message: FromWorker, transfer?: ArrayBuffer[]) => {
    try {
      port.postMessage(message, transfer);
    } catch (error) {
      // An answer that cannot cross (a value that is not plain data) is a failed request, not a dead worker.
      if (message.type !== 'answer') throw error;
      port.postMessage({ type: 'answer', id: message.id, ok: false, error: toWire(error) } satisfies FromWorker);
    }
  };
  let core: CoreStore;
  try {
    core = openCoreStore({ ...options, secrets: secretStoreFor(options.secrets, options.dataDir), lock: HELD_BY_FRONT });
  } catch (error) {
    post({ type: 'failed', error: toWire(error) });
    port.close();
    return;
  }
  let open = core.openFollowUps();
  let mirror = mirrorOf(core, open);
  const refresh = () => {
    const next = mirrorOf(core, open);
    const changed = changedValues(mirror, next);
    mirror = next;
    if (Object.keys(changed).length > 0) post({ type: 'mirror', changed });
  };
  // The front re-emits these; listening here also makes the store build the alert of every call.
  core.feed.onCall((event) => post({ type: 'feed', feed: 'call', event }));
  core.feed.onCatchUp((event) => post({ type: 'feed', feed: 'catchUp', event }));
  core.feed.onFollowUps((event) => {
    open = event.open;
    post({ type: 'feed', feed: 'followUps', event });
    refresh();
  });
  core.tunnel.onChange(refresh);
  core.catchUp.onChange(refresh);
  core.database.onChange(refresh);
  core.onSecretProblemsChange(refresh);

  const csv = new CsvStreams();
  const answer = (id: number, run: () => unknown) => {
    let result: unknown;
    try {
      result = run();
    } catch (error) {
      return post({ type: 'answer', id, ok: false, error: toWire(error) });
    }
    void Promise.resolve(result).then(
      (value) => {
        post({ type: 'answer', id, ok: true, value });
        refresh();
      },
      (error: unknown) => {
        post({ type: 'answer', id, ok: false, error: toWire(error) });
        refresh();
      },
    );
  };
  const operation = (name: CoreOperation, request: unknown) => {
    const result = (core.handlers[name] as (request: unknown) => unknown)(request);
    return name === 'exportCsv' ? Promise.resolve(result as ReturnType<CoreHandlers['exportCsv']>).then((chunks) => csv.open(chunks)) : result;
  };
  let closing = false;
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
      case 'csv.next':
        return csv.next(c.stream);
      case 'csv.cancel':
        return csv.cancel(c.stream);
      case 'stopServices':
        return core.stopServices();
      case 'close':
        closing = true;
        return core.close().then(() => {
          // After the answer has gone: the worker then has nothing left and ends.
          setImmediate(() => port.close());
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
    } else if (message.type === 'operation') answer(message.id, () => operation(message.name, message.request));
    else answer(message.id, () => control(message.control));
  });
  startServices(core);
  post({ type: 'ready', mirror });
}

/** The CSV exports being pulled by the front, chunk by chunk: never the whole file in one message. */
class CsvStreams {
  private readonly open_ = new Map<number, Iterator<string> | AsyncIterator<string>>();
  private nextId = 1;

  open(chunks: Iterable<string> | AsyncIterable<string>): { csvStream: number } {
    const id = this.nextId++;
    this.open_.set(id, Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]());
    return { csvStream: id };
  }

  async next(stream: number): Promise<string | null> {
    const iterator = this.open_.get(stream);
    if (!iterator) return null;
    const step = await iterator.next();
    if (!step.done) return step.value;
    this.open_.delete(stream);
    return null;
  }

  async cancel(stream: number): Promise<void> {
    const iterator = this.open_.get(stream);
    this.open_.delete(stream);
    await iterator?.return?.();
  }
}
