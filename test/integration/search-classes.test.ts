// Every slow class of search (a common word with a filter, common words, one- to four-letter prefixes, the
// deliveries search) finds the same calls as a plain scan over the same rows, newest first, page by page, by
// each of the search's paths (lookups, the walk, the scan), on a generated history; and the index's filter
// terms say what the calls table says.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore } from '../../electron/core/store/callStore';
import type { SearchTuning } from '../../electron/core/store/callSearch';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { KNOWN_NAMES_SQL, searchRow, type KnownNames, type KnownNamesOf } from '../../electron/core/store/rows';
import { filterClauses } from '../../electron/core/store/searchFacets';
import type { ListCallsQuery } from '../../shared/api';
import type { FoldedCall } from '../../shared/domain';
import { tempDir } from '../support/core';

const dir = tempDir('call-alerts-search-');
let db: Db;
let stores: CallStore[];
let rows: ScanRow[];

interface ScanRow {
  id: number;
  started_ms: number;
  outcome: string | null;
  has_recording: number;
  has_transcript: number;
  ad_source: string | null;
  ad_channel: string | null;
  caller_number: string | null;
  /** The words of the call's text columns, as the tokenizer reads them (lowered, without diacritics). */
  words: string[];
  /** Those of its names alone. */
  nameWords: string[];
}

/** Lowered, without diacritics, split at anything not a letter or a digit: unicode61 with remove_diacritics 2. */
const wordsOf = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The plain scan: every call whose text has a word starting with each typed word (digits: in the number). */
function scan(query: ListCallsQuery): number[] {
  const typed = (query.q ?? '').trim().split(/\s+/).filter(Boolean);
  return rows
    .filter((r) => {
      if (query.status && r.outcome !== query.status) return false;
      if (query.hasRecording !== undefined && r.has_recording !== (query.hasRecording ? 1 : 0)) return false;
      if (query.hasTranscript !== undefined && r.has_transcript !== (query.hasTranscript ? 1 : 0)) return false;
      if (query.adSource && r.ad_source !== query.adSource) return false;
      if (query.adChannel && r.ad_channel !== query.adChannel) return false;
      if (query.from && r.started_ms < Date.parse(query.from)) return false;
      if (query.to && r.started_ms >= Date.parse(query.to)) return false;
      return typed.every((t) => (/^\d+$/.test(t) ? (r.caller_number ?? '').includes(t) : r.words.some((w) => w.startsWith(t.toLowerCase()))));
    })
    .sort((a, b) => b.started_ms - a.started_ms || b.id - a.id)
    .map((r) => r.id);
}

/** Every page of the list, its ids in order. */
function pages(store: CallStore, query: ListCallsQuery): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { calls, nextCursor } = store.listCalls({ ...query, limit: 200, cursor });
    ids.push(...calls.map((c) => c.id));
    if (!nextCursor) return ids;
    cursor = nextCursor;
  }
  throw new Error('more than 100 pages');
}

/** The search's paths at this scale: lookups (the default here), walks in small steps, and the scan. */
const TUNINGS: SearchTuning[] = [
  { lookups: 1300, scanRatio: 1.5, minWalkStep: 64, maxWalkStep: 64_000 },
  { lookups: 5, scanRatio: 0, minWalkStep: 4, maxWalkStep: 32 },
  { lookups: 5, scanRatio: 1e9, minWalkStep: 4, maxWalkStep: 32 },
];

beforeAll(async () => {
  await generateDatabase({ dataDir: dir, calls: 1200, seed: 7, workers: 0 });
  db = openDatabase(dir);
  stores = TUNINGS.map((t) => new CallStore(db, t));
  const known = db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL);
  rows = db
    .prepare<[], Omit<ScanRow, 'words' | 'nameWords'> & { data: string }>(
      `SELECT id, started_ms, outcome, has_recording, has_transcript, ad_source, ad_channel, caller_number, data FROM calls`,
    )
    .all()
    .map(({ data, ...r }) => {
      const call = JSON.parse(data) as FoldedCall;
      const names = call.callerNumber ? (known.get({ number: call.callerNumber, startedMs: r.started_ms }) ?? null) : null;
      const [name, , place, source] = searchRow(call, names);
      return { ...r, words: wordsOf([name, place, source, call.transcript ?? ''].join(' ')), nameWords: wordsOf(name) };
    });
}, 120_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the slow classes of search', () => {
  it('find what a plain scan finds, by every path, with every filter', () => {
    const busiest = (column: 'ad_source' | 'ad_channel') => {
      const counts = new Map<string, number>();
      for (const r of rows) if (r[column]) counts.set(r[column], (counts.get(r[column]) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    };
    const starts = rows.map((r) => r.started_ms).sort((a, b) => a - b);
    const middle = starts[Math.floor(starts.length / 2)]!;
    const filters: ListCallsQuery[] = [
      {},
      { status: 'missed' },
      { status: 'voicemail' },
      { status: 'answered' },
      { hasRecording: false },
      { hasTranscript: true },
      { adChannel: busiest('ad_channel') },
      { adSource: busiest('ad_source') },
      { status: 'missed', from: new Date(middle).toISOString(), to: new Date(middle + 60 * 86_400_000).toISOString() },
    ];
    const words = [
      'thanks',
      'call',
      'caller',
      'agent',
      'a',
      't',
      'm',
      'th',
      'tha',
      'than',
      'thank',
      'smit',
      'furn',
      '9',
      '905',
      '58',
      'thanks call',
      'zzzz',
    ];
    let found = 0;
    for (const q of words) {
      for (const filter of filters) {
        const query = { ...filter, q };
        const expected = scan(query);
        found += expected.length;
        for (const [i, store] of stores.entries()) expect([i, query, pages(store, query)]).toEqual([i, query, expected]);
      }
    }
    // The table is not vacuous: common words find most calls, filters cut them down, some find none.
    expect(found).toBeGreaterThan(10_000);
    expect(scan({ q: 'thanks', status: 'missed' })).toEqual([]);
    expect(scan({ q: 'call', status: 'voicemail' }).length).toBeGreaterThan(10);
  });

  it('holds each call’s filters as index terms that match exactly the calls the filter keeps', () => {
    const matching = db.prepare<[string], number>(`SELECT rowid FROM calls_search WHERE calls_search MATCH ? ORDER BY rowid`).pluck();
    const filters: ListCallsQuery[] = [
      { status: 'answered' },
      { status: 'missed' },
      { status: 'voicemail' },
      { hasRecording: true },
      { hasRecording: false },
      { hasTranscript: true },
      { hasTranscript: false },
      ...[...new Set(rows.map((r) => r.ad_channel).filter((v): v is string => v !== null))].map((adChannel) => ({ adChannel })),
      ...[...new Set(rows.map((r) => r.ad_source).filter((v): v is string => v !== null))].map((adSource) => ({ adSource })),
    ];
    for (const filter of filters) {
      const { written, spoken: spokenClauses } = filterClauses(filter);
      const [clause] = written;
      const kept = scan(filter).sort((a, b) => a - b);
      expect(kept.length).toBeGreaterThan(0);
      // Spoken, the same term matches the calls it keeps that have a transcript.
      const [spoken] = spokenClauses;
      const transcribed = new Set(rows.filter((r) => r.has_transcript).map((r) => r.id));
      for (const [term, calls] of [
        [clause!, kept],
        [spoken!, kept.filter((id) => transcribed.has(id))],
      ] as const) {
        const indexed = matching.all(term);
        // Two sources may share a term (a hash): the term then matches more, never fewer; the rest is exact.
        if (filter.adSource || filter.adChannel) expect(calls.every((id) => indexed.includes(id))).toBe(true);
        else expect([filter, term, indexed]).toEqual([filter, term, calls]);
      }
    }
  });

  it('finds deliveries by their callers’ names as a plain scan of the names does', () => {
    const [store] = stores;
    const ofCalls = db
      .prepare<[string], number>(
        `SELECT d.id FROM deliveries d WHERE d.envelope_id IN (SELECT envelope_id FROM events WHERE call_id IN (SELECT value FROM json_each(?)))
       ORDER BY d.id DESC LIMIT 500`,
      )
      .pluck();
    for (const q of ['m', 'j', 'ma', 'smi', 'smit', 'smith', 'zzzz']) {
      const named = rows.filter((r) => r.nameWords.some((w) => w.startsWith(q))).map((r) => r.id);
      const expected = ofCalls.all(JSON.stringify(named));
      expect([q, store!.deliveryPage({ q, limit: 500 }).deliveries.map((d) => d.id)]).toEqual([q, expected]);
      if (q !== 'zzzz') expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('names the call-back list’s entries as their latest calls are named', () => {
    const [store] = stores;
    const entries = [...store!.listFollowUps('open'), ...store!.listFollowUps('done')];
    expect(entries.length).toBeGreaterThan(20);
    for (const e of entries) expect([e.id, e.displayName]).toEqual([e.id, store!.getCall(e.lastCallId)!.displayName]);
    // Some are named by a name, not only by their number.
    expect(entries.some((e) => /[a-z]/i.test(e.displayName))).toBe(true);
  });
});
