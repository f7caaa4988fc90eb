// The statements the search builds, as SQLite plans them (EXPLAIN QUERY PLAN over the text and values the code
// ran, recorded as it ran them): a word with a filter is matched inside the index (the filter's term in the
// MATCH, no walk of the filter's calls), and a prefix's completions are listed around the terms in many calls
// with both bounds given to the vocabulary.

import fs from 'node:fs';
import type { Statement } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { filterClauses } from '../../electron/core/store/searchFacets';
import { SPOKEN_MARK } from '../../electron/core/store/searchQuery';
import { tempDir } from '../support/core';

const dir = tempDir('call-alerts-search-plans-');
let db: Db;
let store: CallStore;
/** Every statement run since the last `take()`: its text and the values bound. */
let ran: { sql: string; params: unknown[] }[] = [];

const take = () => {
  const taken = ran;
  ran = [];
  return taken;
};

beforeAll(async () => {
  await generateDatabase({ dataDir: dir, calls: 1200, seed: 3, workers: 0 });
  db = openDatabase(dir);
  // Record what each statement prepared from here on runs.
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql) as Statement<unknown[], unknown>;
    for (const method of ['all', 'get', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        ran.push({ sql, params });
        return original(...params);
      };
    }
    return statement;
  }) as typeof db.prepare;
  store = new CallStore(db);
}, 120_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const plan = (sql: string, params: unknown[]) =>
  db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...(params as never[]))
    .map((r) => (r as { detail: string }).detail);

describe('the search plans', () => {
  it('matches a common word and a selective filter inside the index, walking none of the filter’s calls', () => {
    const [missed] = filterClauses({ status: 'missed' }).written;
    const [voicemail] = filterClauses({ status: 'voicemail' }).written;
    for (const [query, facet] of [
      [{ q: 'thanks', status: 'missed' }, missed],
      [{ q: 'furnace', status: 'voicemail' }, voicemail],
    ] as const) {
      take();
      const found = store.listCalls({ ...query, limit: 50 }).calls;
      const ran = take();
      // The index is asked once, the filter a term of the MATCH beside the word.
      const searches = ran.filter((s) => s.sql.includes('calls_search MATCH'));
      expect(searches.length).toBe(1);
      expect(searches[0]!.params.some((p) => typeof p === 'string' && p.includes(`"${query.q}"`) && p.includes(facet!))).toBe(true);
      expect(plan(searches[0]!.sql, searches[0]!.params).some((d) => /^SCAN calls_search VIRTUAL TABLE INDEX \d+:M/.test(d))).toBe(true);
      // The page's calls: none to look up when nothing matches, else the matches (read once, from the newest on).
      const lookups = ran.filter((s) => s.sql.includes('match_id'));
      expect(lookups.length).toBe(query.q === 'thanks' ? 0 : 1);
      for (const { sql, params } of lookups) {
        const details = plan(sql, params);
        // No walk of the list or of the filter's calls: the matches drive, each looked up by id.
        expect(details[0]).toMatch(/^SCAN json_each/);
        expect(details.filter((d) => /^(SCAN|SEARCH) calls\b/.test(d))).toEqual([
          expect.stringMatching(/^SEARCH calls USING INTEGER PRIMARY KEY \(rowid=\?\)/),
        ]);
      }
      if (query.q === 'thanks') expect(found).toEqual([]);
      else expect(found.length).toBeGreaterThan(0);
    }
  });

  it('lists a prefix’s completions around the terms in many calls, giving the vocabulary both bounds', () => {
    take();
    store.listCalls({ q: 'call', limit: 50 });
    // The first time, "caller" and "calling" (in most calls) are listed and remembered, here and in the database.
    const heavy = [`${SPOKEN_MARK}caller`, `${SPOKEN_MARK}calling`];
    expect(
      db
        .prepare(`SELECT term FROM search_heavy_terms WHERE term IN (?, ?) ORDER BY term`)
        .pluck()
        .all(...heavy),
    ).toEqual(heavy);
    take();
    const found = store.listCalls({ q: 'call', limit: 50 }).calls;
    const listings = take().filter((s) => s.sql.includes('temp.calls_search_terms'));
    expect(listings.length).toBeGreaterThan(1);
    for (const { sql, params } of listings) {
      const [lower, upper] = params as [string, string];
      // Neither is listed again: each range ends before one and starts after it.
      for (const term of heavy) expect(lower <= term && term <= upper).toBe(false);
      // GE and LE (0x200 | 0x400): the vocabulary seeks to the lower bound and stops at the upper.
      const [detail] = plan(sql, params);
      const index = Number(/VIRTUAL TABLE INDEX (\d+):/.exec(detail!)?.[1]);
      expect(index & 0x600).toBe(0x600);
    }
    // And the page still holds calls with each completion.
    expect(found.length).toBe(50);
  });
});
