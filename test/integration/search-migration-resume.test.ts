// Migration 13 on a database its first, ascending rebuild (never released) left half-way: its setting held the
// last call indexed going up ('0' before the first), which the descending rebuild would read as "the calls
// below this are left", so the calls above were never indexed. The rebuild now starts over from the newest
// call, and every call ends indexed once, found as on a history indexed as it came. Real SQLite files.

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { SPOKEN_MARK } from '../../electron/core/store/searchQuery';
import { EARLIER_REBUILD_FLAG, SEARCH_REBUILD_FLAG, SearchRebuild } from '../../electron/core/store/searchRebuild';
import type { ListCallsQuery } from '../../shared/api';
import { tempDir } from '../support/core';

const dir = tempDir('call-alerts-search-resume-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const QUERIES: ListCallsQuery[] = [{ q: 'thanks' }, { q: 'call', status: 'voicemail' }, { q: 'smit' }, { q: '905' }];
const found = (db: Db) =>
  QUERIES.map((q) => new CallStore(db, undefined, undefined, Date.now, { readOnly: true }).listCalls({ ...q, limit: 500 }).calls.map((c) => c.id));
const count = (db: Db, sql: string) => db.prepare(sql).pluck().get() as number;
const unindexed = (db: Db) => count(db, `SELECT count(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM calls_search_docsize d WHERE d.id = c.id)`);

/** The state the ascending rebuild left: the calls up to `lastDone` indexed, none above, its setting saying so. */
function leftHalfway(db: Db, lastDone: number): void {
  db.transaction(() => {
    db.prepare(`DELETE FROM calls_search WHERE rowid > ?`).run(lastDone);
    db.exec(`DELETE FROM search_heavy_terms`);
    db.prepare(`DELETE FROM settings WHERE key = ?`).run(SEARCH_REBUILD_FLAG);
    db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`).run(EARLIER_REBUILD_FLAG, String(lastDone));
  })();
}

describe('migration 13 left half-way by its first rebuild', () => {
  it('starts the rebuild over, and ends with every call indexed once', async () => {
    await generateDatabase({ dataDir: dir, calls: 800, seed: 11, workers: 0 });
    const db = openDatabase(dir);
    try {
      const calls = count(db, `SELECT count(*) FROM calls`);
      const expected = found(db);
      expect(expected.flat().length).toBeGreaterThan(100);
      const middle = count(db, `SELECT id FROM calls ORDER BY id LIMIT 1 OFFSET ${Math.floor(calls / 2)}`);

      for (const lastDone of [middle, 0]) {
        leftHalfway(db, lastDone);
        expect(unindexed(db)).toBeGreaterThan(calls / 3);
        const rebuild = new SearchRebuild(db);
        expect(rebuild.pending()).toBe(true);
        while (rebuild.step());
        expect(unindexed(db)).toBe(0);
        expect(count(db, `SELECT count(*) FROM calls_search_docsize`)).toBe(calls);
        expect(count(db, `SELECT count(*) FROM settings WHERE key IN ('${SEARCH_REBUILD_FLAG}', '${EARLIER_REBUILD_FLAG}')`)).toBe(0);
        expect(count(db, `SELECT count(*) FROM search_heavy_terms WHERE term IN ('${SPOKEN_MARK}caller', '${SPOKEN_MARK}thanks')`)).toBe(2);
        expect(found(db)).toEqual(expected);
      }

      // The terms pass looks at its budget after each term (a filter term's count reads tens of thousands of
      // calls at 100,000: 64 of them held a slice 38 ms): with none left, a slice reads one term.
      leftHalfway(db, count(db, `SELECT max(id) FROM calls`));
      const rebuild = new SearchRebuild(db);
      while (rebuild.step() && count(db, `SELECT count(*) FROM settings WHERE key = '${SEARCH_REBUILD_FLAG}'`) > 0 && unindexed(db) > 0);
      let termSlices = 0;
      while (rebuild.step(0)) termSlices++;
      db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary USING fts5vocab(main, calls_search, row)`);
      expect(termSlices).toBeGreaterThanOrEqual(count(db, `SELECT count(*) FROM temp.vocabulary`) - 1);
      expect(count(db, `SELECT count(*) FROM search_heavy_terms WHERE term IN ('${SPOKEN_MARK}caller', '${SPOKEN_MARK}thanks')`)).toBe(2);
    } finally {
      db.close();
    }
  }, 180_000);
});
