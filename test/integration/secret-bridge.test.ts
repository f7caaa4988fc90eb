// The secrets bridge with real worker threads: the worker's BridgedSecretStore blocks on Atomics.wait while the main
// thread's SecretBridgeServer answers from its event loop (Atomics.waitAsync), here serving a real FileSecretStore (or a store that throws,
// or one that holds the main thread up past the worker's timeout).

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore, type SecretStore } from '../../electron/core/secrets';
import { answerSecretRequest, BridgedSecretStore, SECRET_BRIDGE_MAX_BYTES, SecretBridgeServer } from '../../electron/core/thread/secretBridge';
import { tempDir } from '../support/core';
import type { WorkerCommand, WorkerReply } from './secretBridgeWorker';

const tsxApi = import.meta.resolve('tsx/esm/api');
const entry = pathToFileURL(path.join(import.meta.dirname, 'secretBridgeWorker.ts')).href;

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface BridgedWorker {
  worker: Worker;
  ask(command: WorkerCommand): Promise<WorkerReply>;
}

/** A worker thread holding a BridgedSecretStore on `server` (booted through tsx's API: a worker has no TS loader). */
function startWorker(server: SecretBridgeServer, timeoutMs?: number): BridgedWorker {
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  const worker = new Worker(boot, { eval: true, workerData: { bridge: server.port, timeoutMs } });
  cleanup.push(() => worker.terminate());
  const replies: ((reply: WorkerReply) => void)[] = [];
  worker.on('message', (reply: WorkerReply) => replies.shift()?.(reply));
  return {
    worker,
    ask: (command) =>
      new Promise<WorkerReply>((resolve, reject) => {
        replies.push(resolve);
        worker.once('error', reject);
        worker.postMessage(command);
      }),
  };
}

function fileStore(): { store: FileSecretStore; file: string } {
  const dir = tempDir('secret-bridge-');
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'secrets.json');
  return { store: new FileSecretStore(file), file };
}

function serve(store: SecretStore): SecretBridgeServer {
  const server = new SecretBridgeServer(store);
  cleanup.push(() => server.close());
  return server;
}

/** Holds this thread (the main one) for `ms` without giving its event loop a turn. */
function holdThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('a worker reading and writing the main thread’s secrets', () => {
  it('round-trips a value with non-ASCII text, reads null for one never kept, and clears one', async () => {
    const { store, file } = fileStore();
    const { ask } = startWorker(serve(store));
    const value = 'clé-秘密-🔑 "quoted" \\ back\nslash';
    expect(await ask({ op: 'get', name: 'webhookSecret' })).toEqual({ ok: true, value: null });
    expect(await ask({ op: 'set', name: 'webhookSecret', value })).toEqual({ ok: true, value: null });
    // Written by the main thread's store, where the test reads it directly.
    expect(store.get('webhookSecret')).toBe(value);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ webhookSecret: value });
    expect(await ask({ op: 'get', name: 'webhookSecret' })).toEqual({ ok: true, value });
    expect(await ask({ op: 'set', name: 'webhookSecret', value: null })).toEqual({ ok: true, value: null });
    expect(await ask({ op: 'get', name: 'webhookSecret' })).toEqual({ ok: true, value: null });
    expect(store.get('webhookSecret')).toBeNull();
  });

  it('tells the worker where the secrets are: the store’s place, the keychain when it names none', async () => {
    expect(await startWorker(serve(fileStore().store)).ask({ op: 'place' })).toEqual({ ok: true, value: 'file' });
    const keychain: SecretStore = { get: () => null, set: () => undefined };
    expect(await startWorker(serve(keychain)).ask({ op: 'place' })).toEqual({ ok: true, value: 'keychain' });
  });

  it('passes an error the store threw back to the worker, in its words, and keeps serving', async () => {
    const locked: SecretStore = {
      get(name) {
        if (name === 'ngrokAuthtoken') throw new Error('The stored secret "ngrokAuthtoken" cannot be decrypted');
        return 'token-1';
      },
      set() {
        throw new Error('The system key store is not available, so Call Alerts cannot store secrets safely.');
      },
    };
    const { ask } = startWorker(serve(locked));
    expect(await ask({ op: 'get', name: 'ngrokAuthtoken' })).toEqual({ ok: false, error: 'The stored secret "ngrokAuthtoken" cannot be decrypted' });
    expect(await ask({ op: 'set', name: 'webhookSecret', value: 's' })).toEqual({
      ok: false,
      error: 'The system key store is not available, so Call Alerts cannot store secrets safely.',
    });
    expect(await ask({ op: 'get', name: 'webhookToken' })).toEqual({ ok: true, value: 'token-1' });
  });

  it('gives up after its timeout with a clear error when the main thread does not answer, then drops the late answer', async () => {
    const slow = { hold: true };
    const calls: string[] = [];
    const store: SecretStore = {
      get(name) {
        calls.push(name);
        // The main thread busy for longer than the worker waits (as a Keychain prompt would hold it).
        if (slow.hold) holdThread(600);
        return `value of ${name}`;
      },
      set: () => undefined,
    };
    const { ask } = startWorker(serve(store), 150);
    const started = Date.now();
    const reply = ask({ op: 'get', name: 'vendorApiKey' });
    // The worker's reply comes when this thread's event loop runs again, after the hold: its timing is in its words.
    const timedOut = await reply;
    expect(timedOut).toEqual({
      ok: false,
      error: 'Reading the secret "vendorApiKey" took longer than 150 ms: the app\'s main thread, which holds the secrets, did not answer',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    slow.hold = false;
    // The late answer for vendorApiKey is on the worker's port by now: the next call must not take it for its own.
    expect(await ask({ op: 'get', name: 'vendorApiToken' })).toEqual({ ok: true, value: 'value of vendorApiToken' });
    expect(calls).toEqual(['vendorApiKey', 'vendorApiToken']);
  });

  it('serves a worker started again after one ended while waiting for its answer, on the same bridge', async () => {
    const { store } = fileStore();
    let first: BridgedWorker | null = null;
    const ending: SecretStore = {
      get(name) {
        // The worker ends (as a crash would) while it waits for this answer.
        if (name === 'ngrokAuthtoken') void first!.worker.terminate();
        return store.get(name);
      },
      set: (name, value) => store.set(name, value),
    };
    const server = serve(ending);
    const started = startWorker(server);
    first = started;
    await started.ask({ op: 'set', name: 'cloudflaredToken', value: 'kept' });
    const exited = new Promise((resolve) => started.worker.once('exit', resolve));
    started.worker.postMessage({ op: 'get', name: 'ngrokAuthtoken' } satisfies WorkerCommand);
    await exited;
    const second = startWorker(server);
    expect(await second.ask({ op: 'get', name: 'cloudflaredToken' })).toEqual({ ok: true, value: 'kept' });
    expect(await second.ask({ op: 'set', name: 'cloudflaredToken', value: 'changed' })).toEqual({ ok: true, value: null });
    expect(store.get('cloudflaredToken')).toBe('changed');
  });

  it('refuses a value too long to pass, and says the app is closing once the main thread stopped serving', async () => {
    const { store } = fileStore();
    const server = serve(store);
    const { ask } = startWorker(server);
    expect(await ask({ op: 'set', name: 'webhookSecret', value: 'x'.repeat(SECRET_BRIDGE_MAX_BYTES) })).toEqual({
      ok: false,
      error: `Saving the secret "webhookSecret" failed: it is longer than ${SECRET_BRIDGE_MAX_BYTES} bytes`,
    });
    expect(await ask({ op: 'set', name: 'webhookSecret', value: 'short' })).toEqual({ ok: true, value: null });
    server.close();
    expect(await ask({ op: 'get', name: 'webhookSecret' })).toEqual({
      ok: false,
      error: 'Reading the secret "webhookSecret" failed: the app is closing',
    });
  });
});

describe('the parts that run on one thread', () => {
  it('refuses a BridgedSecretStore on the main thread, where waiting for the answer would only wait', () => {
    const { port } = serve({ get: () => null, set: () => undefined });
    expect(() => new BridgedSecretStore(port)).toThrow(/for a worker thread/);
  });

  it('answers a request with the store’s value, and a throw (of anything) in words', () => {
    const store: SecretStore = {
      get: (name) => (name === 'a' ? 'x' : null),
      set: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a store throws is not up to the bridge
        throw 'not an Error';
      },
    };
    expect(answerSecretRequest(store, { op: 'get', name: 'a' })).toEqual({ ok: true, value: 'x' });
    expect(answerSecretRequest(store, { op: 'set', name: 'a', value: 'y' })).toEqual({ ok: false, error: 'not an Error' });
  });
});
