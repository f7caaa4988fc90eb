// Secrets for the store worker, kept by the main thread. The desktop's EncryptedSecretStore needs Electron's
// safeStorage, which exists only on the main thread, while the core reads secrets synchronously (at start, when a
// setting is saved). The two threads share one SharedArrayBuffer: the worker writes a request into it and blocks on
// Atomics.wait; the main thread, woken by Atomics.waitAsync (a promise: its event loop runs on), answers in it. The
// main thread never waits on the worker; the worker gives up after a timeout with a clear error. The bridge is plain
// data (no port to transfer), so a worker restarted after a crash is given the same one.

import { isMainThread } from 'node:worker_threads';
import type { SecretPlace } from '../../../shared/api';
import type { SecretStore } from '../secrets';

/** What the worker is given in its workerData (a SharedArrayBuffer is shared, not copied, by structured clone). */
export type SecretBridgePort = {
  readonly kind: 'secret-bridge';
  /** Where the main thread's store keeps the secrets (what to say when one cannot be read). */
  readonly place: SecretPlace;
  readonly shared: SharedArrayBuffer;
};

export type SecretRequest = { op: 'get'; name: string } | { op: 'set'; name: string; value: string | null };
export type SecretAnswer = { ok: true; value: string | null } | { ok: false; error: string };

/** How long the worker waits for an answer: a Keychain prompt on macOS holds the main thread until it is answered. */
export const SECRET_BRIDGE_TIMEOUT_MS = 30_000;
/** Bytes a request or an answer may take as JSON: secrets are tokens, far below this. */
export const SECRET_BRIDGE_MAX_BYTES = 64 * 1024;

// The header's Int32 slots. REQUEST and ANSWER are sequence numbers, odd while their writer is writing (a seqlock):
// a request is ready when REQUEST is even, and answered when ANSWER equals it.
const REQUEST = 0;
const ANSWER = 1;
const REQUEST_BYTES = 2;
const ANSWER_BYTES = 3;
const CLOSED = 4;
const HEADER_BYTES = 8 * Int32Array.BYTES_PER_ELEMENT;
const REQUEST_AT = HEADER_BYTES;
const ANSWER_AT = HEADER_BYTES + SECRET_BRIDGE_MAX_BYTES;

interface Shared {
  header: Int32Array;
  bytes: Uint8Array;
}

function view(shared: SharedArrayBuffer): Shared {
  return { header: new Int32Array(shared, 0, 8), bytes: new Uint8Array(shared) };
}

/** Writes `json` at `at`; false when it does not fit. */
function put({ bytes, header }: Shared, slot: number, at: number, json: string): boolean {
  const encoded = Buffer.from(json, 'utf8');
  if (encoded.length > SECRET_BRIDGE_MAX_BYTES) return false;
  bytes.set(encoded, at);
  Atomics.store(header, slot, encoded.length);
  return true;
}

/** Copies the JSON at `at` out of the shared memory, then parses it. */
function take<T>({ bytes, header }: Shared, slot: number, at: number): T {
  const length = Math.min(Atomics.load(header, slot), SECRET_BRIDGE_MAX_BYTES);
  return JSON.parse(Buffer.from(bytes.slice(at, at + length)).toString('utf8')) as T;
}

type AsyncWait = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
/** Atomics.waitAsync (ES2024; in Node since 16, so in Electron 38's Node 22): TypeScript's lib here stops at ES2023. */
const atomics = Atomics as typeof Atomics & { waitAsync(array: Int32Array, index: number, value: number): AsyncWait };

function waitWords(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** The worker's SecretStore: synchronous calls answered by the main thread. */
export class BridgedSecretStore implements SecretStore {
  readonly place: SecretPlace;
  private readonly shared: Shared;

  constructor(
    bridge: SecretBridgePort,
    private readonly timeoutMs = SECRET_BRIDGE_TIMEOUT_MS,
  ) {
    // On the main thread the answer could never come: it is the thread that would be waiting.
    if (isMainThread) throw new Error('BridgedSecretStore is for a worker thread; the main thread uses its secret store directly');
    this.place = bridge.place;
    this.shared = view(bridge.shared);
  }

  get(name: string): string | null {
    return this.call({ op: 'get', name }, `Reading the secret "${name}"`);
  }

  set(name: string, value: string | null): void {
    this.call({ op: 'set', name, value }, `Saving the secret "${name}"`);
  }

  private call(request: SecretRequest, what: string): string | null {
    const { header } = this.shared;
    if (Atomics.load(header, CLOSED) !== 0) throw new Error(`${what} failed: the app is closing`);
    // Even and past every earlier request, including one a crashed worker left half-written (odd).
    const ready = (Atomics.load(header, REQUEST) + 2) & ~1;
    Atomics.store(header, REQUEST, ready - 1);
    if (!put(this.shared, REQUEST_BYTES, REQUEST_AT, JSON.stringify(request))) {
      Atomics.store(header, REQUEST, ready);
      throw new Error(`${what} failed: it is longer than ${SECRET_BRIDGE_MAX_BYTES} bytes`);
    }
    Atomics.store(header, REQUEST, ready);
    Atomics.notify(header, REQUEST);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const answered = Atomics.load(header, ANSWER);
      if (answered === ready) {
        const answer = take<SecretAnswer>(this.shared, ANSWER_BYTES, ANSWER_AT);
        if (!answer.ok) throw new Error(answer.error);
        return answer.value;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${what} took longer than ${waitWords(this.timeoutMs)}: the app's main thread, which holds the secrets, did not answer`);
      }
      // Returns at once if ANSWER moved since it was read, so no answer is missed.
      Atomics.wait(header, ANSWER, answered, left);
    }
  }
}

/** The main thread's answer to one request; never throws (a store's error is passed back in words). */
export function answerSecretRequest(store: SecretStore, request: SecretRequest): SecretAnswer {
  try {
    if (request.op === 'get') return { ok: true, value: store.get(request.name) };
    store.set(request.name, request.value);
    return { ok: true, value: null };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The main thread's side: serves `store` to the worker holding `port`, from the event loop, until closed. */
export class SecretBridgeServer {
  readonly port: SecretBridgePort;
  private readonly shared: Shared;
  /** The last request answered (or passed over for a newer one). */
  private handled = 0;

  constructor(private readonly store: SecretStore) {
    const buffer = new SharedArrayBuffer(HEADER_BYTES + 2 * SECRET_BRIDGE_MAX_BYTES);
    this.port = { kind: 'secret-bridge', place: store.place ?? 'keychain', shared: buffer };
    this.shared = view(buffer);
    void this.serve();
  }

  private async serve(): Promise<void> {
    const { header } = this.shared;
    while (Atomics.load(header, CLOSED) === 0) {
      const request = Atomics.load(header, REQUEST);
      if (request !== this.handled && request % 2 === 0) {
        this.answer(request);
        continue;
      }
      // A promise, not a block: resolved on this thread's event loop once the worker bumps REQUEST (or close()).
      const waiting = atomics.waitAsync(header, REQUEST, request);
      if (waiting.async) await waiting.value;
    }
  }

  private answer(sequence: number): void {
    const { header } = this.shared;
    this.handled = sequence;
    const request = take<SecretRequest>(this.shared, REQUEST_BYTES, REQUEST_AT);
    // A newer request began while this one was read (its worker gave up on it): that one is answered instead.
    if (Atomics.load(header, REQUEST) !== sequence) return;
    const answer = answerSecretRequest(this.store, request);
    Atomics.store(header, ANSWER, sequence - 1);
    if (!put(this.shared, ANSWER_BYTES, ANSWER_AT, JSON.stringify(answer))) {
      put(this.shared, ANSWER_BYTES, ANSWER_AT, JSON.stringify({ ok: false, error: `The secret "${request.name}" is too long to pass on` }));
    }
    Atomics.store(header, ANSWER, sequence);
    Atomics.notify(header, ANSWER);
  }

  /** Stops serving; a worker asking after this is told the app is closing. */
  close(): void {
    Atomics.store(this.shared.header, CLOSED, 1);
    Atomics.notify(this.shared.header, REQUEST);
  }
}
