// While the reader thread is down nothing else checkpoints the WAL (the writer's own checkpoints are off), so
// the front tells the store worker, which then runs the same PASSIVE policy itself: the WAL stays bounded and
// starts over once ingest is quiet. The control is the same worker without it, whose WAL only grows.
// A real store worker thread (its messages as the front sends them), real SQLite files.

import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../../electron/core/thread/protocol';
import type { StoreWorkerOptions } from '../../electron/core/thread/storeOptions';
import { startWorker } from '../../electron/core/thread/workerEntry';
import { tempDir } from '../support/core';
import { envelope, startNotification } from '../support/payloads';

const KB = 1024;
const policy = { thresholdBytes: 256 * KB, hardCapBytes: 1024 * KB, quietMs: 100, pollMs: 20, chaseMs: 2 };

const dirs: string[] = [];
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Message = ToWorker extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

/** A store worker on a fresh data folder, and a way to ask it what the front asks. */
async function storeWorker() {
  const dataDir = tempDir('call-alerts-own-checkpoints-');
  dirs.push(dataDir);
  const options: StoreWorkerOptions = { dataDir, webhookPort: 9, secrets: 'file', timeZone: 'UTC', sendCalls: false, checkpoints: policy };
  const worker = startWorker('store', { workerData: { options } });
  workers.push(worker);
  const waiting = new Map<number, (answer: Extract<FromWorker, { type: 'answer' }>) => void>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (batch: FromWorker[]) => {
      for (const m of batch) {
        if (m.type === 'ready') resolve();
        if (m.type === 'failed') reject(new Error(m.error.message));
        if (m.type === 'answer') waiting.get(m.id)?.(m);
      }
    });
  });
  const ask = (message: Message) =>
    new Promise<Extract<FromWorker, { type: 'answer' }>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  const wal = () => fs.statSync(path.join(dataDir, 'calls.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0;
  return { ask, wal };
}

let serial = 0;
function delivery(): Message {
  serial++;
  const body = envelope(
    [
      startNotification({
        telmetricsId: `7400${serial}`,
        callerNumber: `905555${String(serial).padStart(4, '0')}`,
        localStart: '2026-11-02T09:00:00',
        ringUtc: '2026-11-02T14:00:00.000',
      }),
    ],
    { id: `own-checkpoints-${serial}` },
  );
  const received = {
    receivedAt: new Date().toISOString(),
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
    signature: undefined,
    encoding: null,
  };
  return { type: 'deliver', received };
}

/** Steady webhooks, two at a time a few milliseconds apart; the WAL's size after each pair. */
async function steadyIngest(store: Awaited<ReturnType<typeof storeWorker>>, pairs: number): Promise<number[]> {
  const sizes: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const answers = await Promise.all([store.ask(delivery()), store.ask(delivery())]);
    for (const a of answers) expect(a).toMatchObject({ ok: true, value: { status: 200 } });
    sizes.push(store.wal());
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  return sizes;
}

describe('the store worker while the reader thread is down', () => {
  it('checkpoints the WAL itself when told: bounded under ingest, started over once quiet', async () => {
    const store = await storeWorker();
    expect(await store.ask({ type: 'control', control: { kind: 'checkpoints', own: true } })).toMatchObject({ ok: true });
    const sizes = await steadyIngest(store, 300);
    console.log(`own checkpoints: WAL at most ${Math.max(...sizes)} bytes`);
    // Past the cap it grows by what arrives while a copy runs; without them it passes 8 MB (the control below).
    expect(Math.max(...sizes)).toBeLessThan(3 * policy.hardCapBytes);
    const firstPast = sizes.findIndex((s) => s > policy.thresholdBytes);
    expect(firstPast).toBeGreaterThanOrEqual(0);
    expect(sizes.slice(firstPast).some((s) => s <= policy.thresholdBytes)).toBe(true);
    // Quiet: what is left is copied, and the next commit starts the log over and truncates it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await steadyIngest(store, 1);
    expect(store.wal()).toBeLessThanOrEqual(policy.thresholdBytes);
    expect(await store.ask({ type: 'control', control: { kind: 'close' } })).toMatchObject({ ok: true });
  }, 120_000);

  it('without them (the reader thread checkpoints), the same ingest only grows the WAL', async () => {
    const store = await storeWorker();
    const sizes = await steadyIngest(store, 300);
    console.log(`no checkpoints: WAL at most ${Math.max(...sizes)} bytes`);
    expect(Math.max(...sizes)).toBeGreaterThan(3 * policy.hardCapBytes);
    expect(sizes.at(-1)).toBe(Math.max(...sizes));
  }, 120_000);
});
