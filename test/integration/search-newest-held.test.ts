// A page taken from the newest matches by id (electron/core/store/callSearch.ts searchPage): ids grow with
// arrival and starts nearly so, and a call that arrived before others but started after them must still lead
// the page, as a plain sort of every match puts it.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { searchExpression } from '../../electron/core/store/searchQuery';
import { tempDir } from '../support/core';

const dir = tempDir('call-alerts-search-held-');
let db: Db;

beforeAll(async () => {
  await generateDatabase({ dataDir: dir, calls: 400, seed: 7, workers: 0 });
  db = openDatabase(dir);
}, 120_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a page from the newest matches', () => {
  it('puts a call with a low id but the latest start first, as a plain sort of every match does', () => {
    // A search matching more than 30 calls takes its page from its 30 newest matches if it can, else walks.
    const store = new CallStore(db, { lookups: 30, scanRatio: 0, minWalkStep: 4, maxWalkStep: 32 });
    const ids = () => store.listCalls({ q: 'a', limit: 5 }).calls.map((c) => c.id);
    const matching = new Set(db.prepare(`SELECT rowid FROM calls_search WHERE calls_search MATCH ?`).pluck().all(searchExpression('a')) as number[]);
    const oldest = Math.min(...matching);
    expect(matching.size).toBeGreaterThan(50);
    expect(ids()).not.toContain(oldest);
    // The oldest matching call now starts after every other: it arrived first, it is the newest in the list.
    db.prepare(`UPDATE calls SET started_ms = (SELECT max(started_ms) + 1000 FROM calls) WHERE id = ?`).run(oldest);
    const plain = db
      .prepare(`SELECT id FROM calls WHERE id IN (SELECT value FROM json_each(?)) ORDER BY started_ms DESC, id DESC LIMIT 5`)
      .pluck()
      .all(JSON.stringify([...matching]));
    expect(plain[0]).toBe(oldest);
    expect(ids()).toEqual(plain);
  });
});
