// Migration 13 on a database that holds calls indexed the old way: the index is replaced and every call indexed
// again in the background after start, newest first, in slices; the store answers (a webhook acknowledged, a
// list read) before that finishes, a call a webhook changed meanwhile is found once and as it is now, and at
// the end each search finds what it found on a history indexed as it came, every call exactly once. Migration
// 14 on an index as 13 wrote it: every search finds the same calls before, during and after its rebuild.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { SPOKEN_MARK } from '../../electron/core/store/searchQuery';
import { SEARCH_REBUILD_FLAG, SearchRebuild } from '../../electron/core/store/searchRebuild';
import {
  INSERT_SEARCH_SQL,
  KNOWN_NAMES_SQL,
  searchRow,
  type KnownNames,
  type KnownNamesOf,
  type SearchColumns,
  type SearchParams,
} from '../../electron/core/store/rows';
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
/** Migration 13's text: the schema before it is its index in the list. */
const MIGRATION_13 = MIGRATIONS.find((m) => m.includes('search_heavy_terms (term TEXT PRIMARY KEY)'))!;
/** Migration 14's text, found the same way (it is not the last one). */
const MIGRATION_14 = MIGRATIONS.find((m) => m.includes('DELETE FROM search_heavy_terms'))!;

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
    old.pragma(`user_version = ${MIGRATIONS.indexOf(MIGRATION_13)}`);
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
      expect(count(`SELECT count(*) FROM search_heavy_terms WHERE term IN ('${SPOKEN_MARK}caller', '${SPOKEN_MARK}thanks')`)).toBe(2);
    } finally {
      watch.close();
      await core.close();
    }
  }, 180_000);
});

/** A call's search row as migration 13 wrote it: a transcript's words as written, no spoken filter terms. */
function rowAsThirteenWrote(columns: SearchColumns, call: FoldedCall): SearchColumns {
  const [name, number, place, source, , facets] = columns;
  return [name, number, place, source, call.transcript ?? '', [...facets].filter((c) => c.codePointAt(0)! <= 0xffff && c !== ' ').join(' ')];
}

describe('migration 14', () => {
  const dir14 = tempDir('call-alerts-search-migration-14-');
  afterAll(() => fs.rmSync(dir14, { recursive: true, force: true }));
  const queries: ListCallsQuery[] = [
    ...QUERIES,
    { q: 'call', status: 'answered' },
    { q: 'thanks', hasTranscript: false },
    { q: 'ja', status: 'missed' },
  ];
  const found = (db: Db) => queries.map((q) => new CallStore(db).listCalls({ ...q, limit: 200 }).calls.map((c) => c.id));

  it('finds what it found while it indexes the transcripts again as spoken, and after', async () => {
    await generateDatabase({ dataDir: dir14, calls: 3000, seed: 6, workers: 0 });
    const fresh = openDatabase(dir14);
    const expected = found(fresh);
    expect(expected.flat().length).toBeGreaterThan(600);
    // "thanks" is only said: no missed call, nor one without a transcript, has it; every other search finds some.
    const empty = queries.filter((_, i) => expected[i]!.length === 0);
    expect(empty).toEqual([
      { q: 'thanks', status: 'missed' },
      { q: 'thanks', hasTranscript: false },
    ]);
    // Every call's row as migration 13 left it.
    const rows = fresh.prepare<[], { id: number; started_ms: number; data: string }>(`SELECT id, started_ms, data FROM calls`).all();
    const known = fresh.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL);
    const remove = fresh.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`);
    const insert = fresh.prepare<SearchParams>(INSERT_SEARCH_SQL);
    fresh.transaction(() => {
      for (const row of rows) {
        const call = JSON.parse(row.data) as FoldedCall;
        const names = call.callerNumber ? (known.get({ number: call.callerNumber, startedMs: row.started_ms }) ?? null) : null;
        remove.run(row.id);
        insert.run(row.id, ...rowAsThirteenWrote(searchRow(call, names), call));
      }
    })();
    const spoken = (db: Db) => db.prepare(`SELECT count(*) FROM calls_search WHERE calls_search MATCH ?`).pluck().get(`"${SPOKEN_MARK}thanks"`);
    expect(spoken(fresh)).toBe(0);
    fresh.pragma(`user_version = ${MIGRATIONS.indexOf(MIGRATION_14)}`);
    fresh.close();

    const db = openDatabase(dir14);
    try {
      // Before a call is indexed again, and half-way, its row as it was finds it.
      const rebuild = new SearchRebuild(db);
      expect(rebuild.pending()).toBe(true);
      expect(found(db)).toEqual(expected);
      for (let slice = 0; slice < 3; slice++) rebuild.step(2);
      const below = Number(db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(SEARCH_REBUILD_FLAG));
      expect(below).toBeGreaterThan(1);
      expect(below).toBeLessThan(rows.length);
      expect(found(db)).toEqual(expected);
      while (rebuild.step());
      expect(found(db)).toEqual(expected);
      // Each transcript's words are spoken terms now, each call indexed once.
      expect(spoken(db)).toBeGreaterThan(rows.length / 3);
      expect(db.prepare(`SELECT count(*) FROM calls_search_docsize`).pluck().get()).toBe(rows.length);
    } finally {
      db.close();
    }
  }, 180_000);
});
