// The reader thread against the in-thread core on the same SQLite file: every read operation answers what
// the core's own handler answers, a write made through the core is seen by the next read, a refusal keeps
// its status across the thread, and a reader thread that ends mid-read is replaced while the store answers.

import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { carryError, rebuildError } from '../../electron/core/thread/readerOperations';
import { createReaderPool, READ_OPERATIONS, type ReaderPool, type ReadOperation } from '../../electron/core/thread/readerPool';
import type { ListCallsResponse, ListDeliveriesResponse } from '../../shared/api';
import { RequestError, validRequest } from '../../shared/contract/requests';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { startTestCore, tempDir, type TestCore } from '../support/core';
import { callDeliveries } from '../support/payloads';
import { hourlyCall } from '../support/readerHistory';

let core: TestCore;
let pool: ReaderPool;
const fallbacks: ReadOperation[] = [];
const toStore = (name: ReadOperation, request: unknown) => {
  fallbacks.push(name);
  return Promise.resolve((core.handlers[name] as (r: unknown) => unknown)(request));
};
const asked = (name: ReadOperation, request: unknown) => (core.handlers[name] as (r: unknown) => unknown)(request);

beforeAll(async () => {
  const dataDir = tempDir('call-alerts-reader-');
  await generateDatabase({ dataDir, calls: 300, seed: 17, workers: 0 });
  core = await startTestCore({ dataDir });
  // What the generated history lacks: refused and rejected deliveries, catch-up answers (kept and refused).
  expect((await core.post('not json at all')).status).toBe(400);
  expect((await core.post('{"Id":"x"}', { 'content-encoding': 'gzip' })).status).toBe(415);
  const spec = hourlyCall(1, '6475550199', { callerName: 'Ada Lovelace' });
  await core.store.ingestApiAnswer({
    provider: 'marketing-edge',
    url: 'https://api.example.invalid/calls?page=1',
    status: 200,
    receivedAt: Date.now(),
    body: apiAnswerBody([apiResult(spec)]),
  });
  await core.store
    .ingestApiAnswer({
      provider: 'marketing-edge',
      url: 'https://api.example.invalid/calls?page=2',
      status: 200,
      receivedAt: Date.now(),
      body: Buffer.from('<html>'),
    })
    .catch(() => undefined);
  pool = createReaderPool({ dataDir, fallback: toStore });
  await pool.running();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await core?.stop();
});

async function sameAnswer<K extends ReadOperation>(name: K, request: unknown): Promise<unknown> {
  const valid = validRequest(name, request);
  const expected = await asked(name, valid);
  expect(await pool.run(name, valid as never), `${name} ${JSON.stringify(request)}`).toEqual(expected);
  return expected;
}

describe('the reader thread', () => {
  it('answers every read operation as the core does', async () => {
    const first = (await sameAnswer('listCalls', {})) as ListCallsResponse;
    expect(first.calls.length).toBeGreaterThan(0);
    await sameAnswer('listCalls', { cursor: first.nextCursor });
    for (const query of [{ limit: 7 }, { q: 'thanks' }, { q: 'thanks', status: 'missed' }, { q: 'a' }, { q: '905' }, { hasRecording: true }]) {
      await sameAnswer('listCalls', query);
    }
    const sources = (await sameAnswer('listAdSources', undefined)) as { channels: { channel: string; sources: string[] }[] };
    expect(sources.channels.length).toBeGreaterThan(0);
    await sameAnswer('listCalls', { adChannel: sources.channels[0]!.channel });
    await sameAnswer('listCalls', { adSource: sources.channels[0]!.sources[0]! });
    for (const query of [undefined, { state: 'open' }, { state: 'done' }]) await sameAnswer('listFollowUps', query);

    const page = (await sameAnswer('listDeliveries', undefined)) as ListDeliveriesResponse;
    expect(page.problemCounts.rejected + page.problemCounts.refused).toBeGreaterThan(0);
    for (const query of [{ limit: 10 }, { kind: 'rejected' }, { kind: 'refused' }, { q: '905' }, { before: page.nextCursor }]) {
      await sameAnswer('listDeliveries', query);
    }
    for (const d of [...page.deliveries.slice(0, 5), { id: 1 }]) await sameAnswer('getDelivery', d.id);
    expect(await sameAnswer('getDelivery', 99_999_999)).toBeNull();

    const answers = (await sameAnswer('listApiAnswers', undefined)) as { answers: { id: number }[] };
    expect(answers.answers.length).toBe(2);
    await sameAnswer('listApiAnswers', { outcome: 'rejected' });
    for (const a of answers.answers) await sameAnswer('getApiAnswer', a.id);
    expect(await sameAnswer('getApiAnswer', 99_999_999)).toBeNull();
    expect(fallbacks).toEqual([]);
  });

  it('sees a write at its next read', async () => {
    const spec = hourlyCall(2, '2895550142', { callerName: 'Grace Hopper' });
    expect((await core.post(callDeliveries(spec).start)).status).toBe(200);
    const found = await pool.run('listCalls', validRequest('listCalls', { q: 'Hopper' }));
    expect(found.calls.map((c) => c.callerNumber)).toEqual(['2895550142']);

    await core.handlers.saveContact({ number: '2895550142', name: 'Admiral Hopper', note: null });
    const renamed = await pool.run('listCalls', validRequest('listCalls', { q: 'Admiral' }));
    expect(renamed.calls.map((c) => c.displayName)).toEqual(['Admiral Hopper']);
    await sameAnswer('listCalls', {});
    await sameAnswer('listDeliveries', undefined);
  });

  it('refuses what is not a read operation, and keeps a refusal its status across the thread', async () => {
    expect(READ_OPERATIONS.has('getCall')).toBe(false);
    await expect(pool.run('getCall' as ReadOperation, 1)).rejects.toThrow(/not a read operation/);
    const { port1, port2 } = new MessageChannel();
    const carried = new Promise((resolve) => port2.once('message', resolve));
    port1.postMessage(carryError(new RequestError(409, 'This call has no call-back entry')));
    const error = rebuildError((await carried) as ReturnType<typeof carryError>);
    port1.close();
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 409, message: 'This call has no call-back entry' });
    expect(rebuildError(carryError(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })))).toMatchObject({
      code: 'SQLITE_CORRUPT',
    });
  });

  it('stays closed when closed while it opens', async () => {
    const logged: string[] = [];
    const early = createReaderPool({ dataDir: core.dataDir, checkpoints: false, fallback: toStore, log: (line) => logged.push(line) });
    await early.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([early.state(), early.restarts(), logged]).toEqual(['stopped', 0, []]);
  });

  it('sends its reads to the store while it is down, and is started again', async () => {
    // A thread that dies on its first read the first time it starts, and is the real reader after.
    const dir = tempDir('call-alerts-reader-crash-');
    const marker = path.join(dir, 'started-once');
    const entry = path.join(dir, 'crashing-reader.mjs');
    const reader = new URL('../../electron/core/thread/readerWorker.ts', import.meta.url).href;
    fs.writeFileSync(
      entry,
      `import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
if (!fs.existsSync(${JSON.stringify(marker)})) {
  fs.writeFileSync(${JSON.stringify(marker)}, '1');
  parentPort.on('message', (m) => { if (m.kind === 'read') process.exit(7); });
  parentPort.postMessage({ kind: 'ready' });
} else {
  const api = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  await api.tsImport(${JSON.stringify(reader)}, ${JSON.stringify(reader)});
}
`,
    );
    const seen: ReadOperation[] = [];
    const logged: string[] = [];
    const crashing = createReaderPool({
      dataDir: core.dataDir,
      entry,
      checkpoints: false,
      restartDelayMs: 50,
      log: (line) => logged.push(line),
      fallback: (name, request) => (seen.push(name), Promise.resolve(asked(name, request))),
    });
    try {
      await crashing.running();
      const request = validRequest('listCalls', { limit: 5 });
      expect(await crashing.run('listCalls', request)).toEqual(asked('listCalls', request));
      expect(seen).toEqual(['listCalls']);
      expect(crashing.restarts()).toBe(1);
      expect(logged.join('\n')).toMatch(/reader thread ended \(exit code 7\)/);
      await crashing.running();
      expect(crashing.state()).toBe('running');
      expect(await crashing.run('listCalls', request)).toEqual(asked('listCalls', request));
      expect(seen).toEqual(['listCalls']);
    } finally {
      await crashing.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(crashing.state()).toBe('stopped');
  });
});
