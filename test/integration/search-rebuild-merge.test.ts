// Migration 13's re-index with the index's merging done in bounded steps: automerge is off while the calls are
// indexed again (a slice's commit then does no merge of FTS5's choosing), stays off across a restart, and once
// every call is indexed the segments the slices left are merged into one, automerge back on.
// Searches find what they found on the history as it was indexed when generated. Real SQLite files.

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { automergeOf, DEFAULT_AUTOMERGE, indexLevels, MAX_STEP_PAGES, nextMergePages } from '../../electron/core/store/searchMerge';
import { SearchRebuild } from '../../electron/core/store/searchRebuild';
import type { ListCallsQuery } from '../../shared/api';
import { tempDir } from '../support/core';

const dir = tempDir('call-alerts-search-merge-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const QUERIES: ListCallsQuery[] = [
  { q: 'thanks' },
  { q: 'thanks', status: 'missed' },
  { q: 'call', status: 'voicemail' },
  { q: 'smit' },
  { q: '905' },
  { q: 'a' },
];
const found = (db: Db) =>
  QUERIES.map((q) => new CallStore(db, undefined, undefined, Date.now, { readOnly: true }).listCalls({ ...q, limit: 500 }).calls.map((c) => c.id));
const unindexed = (db: Db) =>
  db.prepare(`SELECT count(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM calls_search_docsize d WHERE d.id = c.id)`).pluck().get() as number;

describe('the re-index merges the search index in bounded steps', () => {
  it('a merge step is sized to the budget by the last pace, never past the cap', () => {
    expect(nextMergePages(16, 1, 10)).toBe(32);
    expect(nextMergePages(64, 20, 10)).toBe(32);
    expect(nextMergePages(128, 0.01, 10)).toBe(MAX_STEP_PAGES);
    expect(nextMergePages(100, 50, 0)).toBe(1);
  });

  it('leaves automerge off while it indexes, across a restart, then merges and turns it back on', async () => {
    await generateDatabase({ dataDir: dir, calls: 1500, seed: 7, workers: 0 });
    const db = openDatabase(dir);
    try {
      const expected = found(db);
      expect(expected.flat().length).toBeGreaterThan(300);
      db.transaction(() => db.exec(MIGRATIONS[12]!))();
      expect(automergeOf(db)).toBe(DEFAULT_AUTOMERGE);

      // Small slices, as on a busy machine: many segments, which automerge would have merged inside their commits.
      let rebuild = new SearchRebuild(db);
      for (let i = 0; i < 20; i++) expect(rebuild.step(1)).toBe(true);
      expect(automergeOf(db)).toBe(0);
      expect(unindexed(db)).toBeGreaterThan(0);
      // A restart: a new rebuild goes on where the last stopped, automerge still off.
      rebuild = new SearchRebuild(db);
      let slices = 0;
      let mostSegments = 0;
      while (rebuild.step(1)) {
        slices++;
        if (unindexed(db) > 0) expect(automergeOf(db)).toBe(0);
        mostSegments = Math.max(mostSegments, ...indexLevels(db).levels);
      }
      expect(slices).toBeGreaterThan(20);
      expect(unindexed(db)).toBe(0);
      expect(rebuild.pending()).toBe(false);
      expect(automergeOf(db)).toBe(DEFAULT_AUTOMERGE);
      // The merge steps kept up as the slices went (below crisismerge's 16), and leave one segment.
      expect(mostSegments).toBeLessThan(16);
      expect(indexLevels(db).levels.reduce((a, b) => a + b, 0)).toBe(1);
      expect(found(db)).toEqual(expected);
    } finally {
      db.close();
    }
  }, 180_000);
});
