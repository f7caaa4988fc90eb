// Migration 13 on a database that holds calls indexed the old way: the index is replaced and every call indexed
// again in the background after start, newest first, in slices; the store answers (a webhook acknowledged, a
// list read) before that finishes, a call a webhook changed meanwhile is found once and as it is now, and at
// the end each search finds what it found on a history indexed as it came, every call exactly once.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { SEARCH_REBUILD_FLAG } from '../../electron/core/store/searchRebuild';
import type { ListCallsQuery, ListCallsResponse } from '../../shared/api';
import type { FoldedCall } from '../../shared/domain';
import { startTestCore, tempDir } from '../support/core';
import { envelope, processedNotification } from '../support/payloads';

const dir = tempDir('call-alerts-search-migration-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The search index as migration 1 made it, with nothing in it (what an upgraded index holds is rebuilt anyway). */
const UNDO_MIGRATION_13 = `
  DROP TABLE calls_search; DROP TABLE search_heavy_terms;
  CREATE VIRTUAL TABLE calls_search USING fts5 (name, number, place, source, transcript, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
`;

const QUERIES: ListCallsQuery[] = [
  { q: 'thanks' },
  { q: 'call', status: 'voicemail' },
  { q: 'thanks', status: 'missed' },
  { q: 'a' },
  { q: 'smit' },
  { q: '905' },
  { q: 'furnace', hasRecording: true },
];

const CALLS = 4000;

describe('migration 13', () => {
  it('answers while it indexes every call again in the background, and its searches then find what they found', async () => {
    await generateDatabase({ dataDir: dir, calls: CALLS, seed: 5, workers: 0 });
    const fresh = openDatabase(dir);
    const before = QUERIES.map((q) => new CallStore(fresh).listCalls({ ...q, limit: 200 }).calls.map((c) => c.id));
    expect(before.flat().length).toBeGreaterThan(600);
    // The oldest call, reached last: a webhook changes it before the rebuild gets there.
    const oldest = fresh.prepare<[], { id: number; data: string }>(`SELECT id, data FROM calls ORDER BY id LIMIT 1`).get()!;
    fresh.close();

    const old = new Database(path.join(dir, DATABASE_FILE));
    old.exec(UNDO_MIGRATION_13);
    old.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    old.close();

    const watch = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const flag = () => watch.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck().get(SEARCH_REBUILD_FLAG);
    const started = performance.now();
    const core = await startTestCore({ dataDir: dir });
    try {
      const startMs = performance.now() - started;
      // The store answers before the re-index is done: a list read, and a webhook changing the oldest call.
      const call = JSON.parse(oldest.data) as FoldedCall;
      const spec = {
        telmetricsId: call.telmetricsId!,
        callerNumber: call.callerNumber ?? '9055550000',
        localStart: '2019-11-15T09:09:54',
        ringUtc: '2019-11-15T14:09:46.100',
        transcript: 'Caller: my zebrafish tank leaks',
      };
      expect((await core.api<ListCallsResponse>('/api/calls?limit=50')).calls.length).toBe(50);
      expect((await core.post(envelope([processedNotification(spec)]))).status).toBe(200);
      const progress = flag();
      expect(progress).toBeDefined();
      expect(Number(progress)).toBeGreaterThan(oldest.id);
      const zebra = async () => (await core.api<ListCallsResponse>('/api/calls?limit=50&q=zebrafish')).calls.map((c) => c.id);
      expect(await zebra()).toEqual([oldest.id]);

      // Several slices later, it is done.
      let turns = 0;
      while (flag() !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        turns++;
      }
      expect(turns).toBeGreaterThan(2);
      console.log(
        `search rebuild of ${CALLS} calls: first answer after ${startMs.toFixed(0)} ms, done after ${(performance.now() - started).toFixed(0)} ms`,
      );

      // The changed call once, as it is now; every call indexed exactly once.
      expect(await zebra()).toEqual([oldest.id]);
      const count = (sql: string) => watch.prepare(sql).pluck().get();
      expect(count(`SELECT count(*) FROM calls_search_docsize`)).toBe(count(`SELECT count(*) FROM calls`));
      for (const [i, q] of QUERIES.entries()) {
        const qs = new URLSearchParams({ limit: '200', ...Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])) });
        const ids = (await core.api<ListCallsResponse>(`/api/calls?${qs}`)).calls.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        // The changed call's new transcript may leave or join a word's list: compare the others.
        expect(ids.filter((id) => id !== oldest.id)).toEqual(before[i]!.filter((id) => id !== oldest.id));
      }
      // And the terms in many calls are remembered for the vocabulary.
      expect(count(`SELECT count(*) FROM search_heavy_terms WHERE term IN ('caller', 'thanks')`)).toBe(2);
    } finally {
      watch.close();
      await core.close();
    }
  }, 180_000);
});
