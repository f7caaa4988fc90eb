// A long search on the reader thread does not hold up a commit on the writer: commits scheduled every 10 ms
// land on time while the reader runs a slow page (a caller with thousands of calls) back to back; the
// control runs the same page on the writer's thread, where commits wait for it.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { createReaderPool, type ReaderPool } from '../../electron/core/thread/readerPool';
import { validRequest } from '../../shared/contract/requests';
import { tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';
import { hourlyCall, incoming, storeOneCallersCalls } from '../support/readerHistory';

const FREQUENT_CALLER = '4165550100';
const PAGE = validRequest('listCalls', { q: FREQUENT_CALLER, limit: 200 });
const COMMIT_EVERY_MS = 10;
const COMMITS = 120;

let dir: string;
let db: Db;
let store: CallStore;
let pool: ReaderPool;

beforeAll(async () => {
  dir = tempDir('call-alerts-slow-search-');
  db = openDatabase(dir);
  store = new CallStore(db);
  // Enough calls that the page takes well over two commit intervals on a fast machine too (2,500: 20 ms here).
  storeOneCallersCalls(store, FREQUENT_CALLER, 6000);
  pool = createReaderPool({ dataDir: dir, fallback: () => Promise.reject(new Error('the reader is down')) });
  await pool.running();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

/**
 * Commits one delivery COMMIT_EVERY_MS after the last while `search` runs until they are done. A commit's
 * latency is how late its timer fired (the thread was busy) plus the commit itself (a lock held shows here).
 */
async function commitsWhile(search: () => Promise<unknown>, first: number): Promise<{ latencies: number[]; searches: number[] }> {
  const latencies: number[] = [];
  const searches: number[] = [];
  let done = false;
  const searching = (async () => {
    while (!done) {
      const started = performance.now();
      await search();
      searches.push(performance.now() - started);
      // The control searches on this thread: a turn between pages lets the due commits through.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  for (let i = 0; i < COMMITS; i++) {
    const due = performance.now() + COMMIT_EVERY_MS;
    await new Promise((resolve) => setTimeout(resolve, COMMIT_EVERY_MS));
    store.ingestBatchUnsynced([incoming(callDeliveries(hourlyCall(first + i, '9055550123')).start)]);
    latencies.push(performance.now() - due);
  }
  done = true;
  await searching;
  return { latencies, searches };
}

describe('a slow search on the reader thread', () => {
  it('holds up no commit of the writer', async () => {
    const onReader = await commitsWhile(() => pool.run('listCalls', PAGE), 10_000);
    const onWriter = await commitsWhile(() => Promise.resolve(store.listCalls(PAGE)), 20_000);
    const slowSearch = percentile(onReader.searches, 0.5);
    const figures = {
      searchMs: slowSearch.toFixed(1),
      searchesOnReader: onReader.searches.length,
      reader: { p99: percentile(onReader.latencies, 0.99).toFixed(1), max: Math.max(...onReader.latencies).toFixed(1) },
      writer: { p99: percentile(onWriter.latencies, 0.99).toFixed(1), max: Math.max(...onWriter.latencies).toFixed(1) },
    };
    console.log('commit latency (ms) while a slow search runs', figures);
    // The search is long, and ran all along the commits.
    expect(slowSearch).toBeGreaterThan(25);
    expect(onReader.searches.length).toBeGreaterThan((COMMITS * COMMIT_EVERY_MS) / slowSearch / 2);
    // On the writer's thread commits wait for the search; on the reader's they do not (the machine is shared:
    // what is left is its scheduling noise, the same with no search at all).
    expect(percentile(onWriter.latencies, 0.9)).toBeGreaterThan(slowSearch / 2);
    expect(percentile(onReader.latencies, 0.9)).toBeLessThan(percentile(onWriter.latencies, 0.9) / 2);
    expect(percentile(onReader.latencies, 0.5)).toBeLessThan(15);
    // The reader saw every commit.
    const committed = validRequest('listCalls', { q: '9055550123', limit: 200 });
    const seen = await pool.run('listCalls', committed);
    expect(seen.calls[0]!.id).toBe(db.prepare(`SELECT max(id) FROM calls`).pluck().get());
    expect(seen).toEqual(store.listCalls(committed));
  }, 60_000);
});
