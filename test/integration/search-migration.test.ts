// Migration 13 on a database that holds calls indexed the old way: the index is replaced, every call indexed
// again at the next start (in batches), and each search finds what it found on a history indexed as it came.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { SEARCH_REBUILD_FLAG } from '../../electron/core/store/searchRebuild';
import type { ListCallsQuery } from '../../shared/api';
import { tempDir } from '../support/core';

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

describe('migration 13', () => {
  it('indexes every call of an older database again, and its searches find what they found', async () => {
    await generateDatabase({ dataDir: dir, calls: 1200, seed: 5, workers: 0 });
    const fresh = openDatabase(dir);
    const before = QUERIES.map((q) => new CallStore(fresh).listCalls({ ...q, limit: 200 }).calls.map((c) => c.id));
    expect(before.flat().length).toBeGreaterThan(600);
    fresh.close();

    const old = new Database(path.join(dir, DATABASE_FILE));
    old.exec(UNDO_MIGRATION_13);
    old.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    old.close();

    const db = openDatabase(dir);
    try {
      // The migration leaves the index empty and the calls to index again.
      const flag = db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck();
      expect(flag.get(SEARCH_REBUILD_FLAG)).toBe('0');
      expect(db.prepare(`SELECT count(*) AS n FROM calls_search WHERE calls_search MATCH 'thanks'`).get()).toEqual({ n: 0 });
      const started = performance.now();
      const store = new CallStore(db);
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(flag.get(SEARCH_REBUILD_FLAG)).toBeUndefined();
      expect(QUERIES.map((q) => store.listCalls({ ...q, limit: 200 }).calls.map((c) => c.id))).toEqual(before);
      // And the terms in many calls are remembered for the vocabulary.
      expect(db.prepare(`SELECT count(*) AS n FROM search_heavy_terms WHERE term IN ('caller', 'thanks')`).get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  }, 120_000);
});
