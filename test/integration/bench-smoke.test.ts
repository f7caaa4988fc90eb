// The generator and the benchmark harness at a tiny scale: a generated history is what live ingest would have
// stored, the real app browses and searches it, and the harness's servers, load generator and timers work.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDatabase, readSummary } from '../../bench/generate';
import { bundleDesktopFront, headlessUnderTsx, startApp } from '../../bench/appUnderTest';
import { rssBytes } from '../../bench/host';
import { runLoad, startServer } from '../../bench/processes';
import { pickPages, pickQueries } from '../../bench/searchWorkload';
import { timeQueries } from '../../bench/timing';
import { generateHistory } from '../../bench/history';
import { CallStore } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { searchExpression } from '../../electron/core/store/searchQuery';
import type { ListCallsQuery, ListCallsResponse } from '../../shared/api';
import type { Call } from '../../shared/domain';
import { startTestCore, tempDir } from '../support/core';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir('call-alerts-bench-');
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const SEED = 11;
const CALLS = 200;
const history = dir();
const generated = generateDatabase({ dataDir: history, calls: CALLS, seed: SEED, workers: 0 });

function rows(dataDir: string, sql: string): unknown[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/**
 * A call without what depends on the database it sits in: its id, the ids of earlier calls, and what the
 * number's later calls say (the posted copy holds only the first calls of the history).
 */
const portable = ({ id: _id, priorCalls, calledAgainAt: _again, followUpState: _state, ...call }: Call) => ({
  ...call,
  priorCalls: { count: priorCalls.count, lastAt: priorCalls.lastAt },
});

describe('a generated history', () => {
  it('is browsed and searched by the real app', async () => {
    const summary = await generated;
    expect(summary).toMatchObject({ calls: CALLS, seed: SEED });
    expect(readSummary(history)).toEqual(summary);
    expect(summary.deliveries).toBeGreaterThanOrEqual(CALLS * 2);

    const core = await startTestCore({ dataDir: history });
    try {
      const seen: Call[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: ListCallsResponse = await core.api(`/api/calls?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.calls);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      expect(new Set(seen.map((c) => c.id)).size).toBe(CALLS);
      const starts = seen.map((c) => c.startedAt!);
      expect(starts).toEqual([...starts].sort().reverse());
      expect(new Set(seen.map((c) => c.status))).toContain('processed');

      const named = seen.find((c) => c.callerName && c.transcript)!;
      const last = named.callerName!.split(' ').pop()!;
      const search = async (q: string) =>
        (await core.api<ListCallsResponse>(`/api/calls?limit=200&q=${encodeURIComponent(q)}`)).calls.map((c) => c.id);
      expect(await search(last.slice(0, 3))).toContain(named.id);
      expect(await search(named.callerNumber!.slice(4, 8))).toContain(named.id);
      const word = named.transcript!.split(/\W+/).find((w) => w.length >= 8)!;
      expect(await search(word)).toContain(named.id);
      expect((await core.api<{ call: Call; events: unknown[] }>(`/api/calls/${named.id}`)).events.length).toBeGreaterThanOrEqual(2);
    } finally {
      await core.close();
    }
  });

  it('holds exactly what live ingest stores when the same webhooks are posted', async () => {
    await generated;
    const core = await startTestCore();
    try {
      const calls = [...generateHistory({ calls: CALLS, seed: SEED })].slice(0, 25);
      for (const call of calls) {
        for (const d of call.deliveries) expect((await core.post(d.body)).status).toBe(200);
      }
      const posted = (await core.api<ListCallsResponse>('/api/calls?limit=200')).calls;
      const imported = (rows(history, `SELECT id FROM calls ORDER BY id LIMIT 25`) as { id: number }[]).map((r) => r.id);
      expect(posted).toHaveLength(25);
      const importedCore = await startTestCore({ dataDir: history });
      try {
        for (const id of imported) {
          const call = (await importedCore.api<{ call: Call }>(`/api/calls/${id}`)).call;
          const twin = posted.find((p) => p.telmetricsId === call.telmetricsId);
          expect(twin && portable(twin)).toEqual(portable(call));
          // The generator built the call-back entries the import asked for: every missed call and voicemail is in one.
          expect(call.followUpState === null, `${call.id}`).toBe(call.answered !== false && call.voicemail !== true);
        }
      } finally {
        await importedCore.close();
      }
      // The raw deliveries are the bodies as posted, byte for byte, and every event is kept.
      const bodies = (table: string) =>
        (rows(table, `SELECT body FROM deliveries ORDER BY id LIMIT 30`) as { body: Buffer }[]).map((r) => r.body.toString('utf8'));
      expect(bodies(core.dataDir).slice(0, 3)).toEqual(bodies(history).slice(0, 3));
      const events = (table: string) => rows(table, `SELECT kind, action, event, raw FROM events ORDER BY id LIMIT 60`);
      expect(events(history)).toEqual(events(core.dataDir));
    } finally {
      await core.stop();
    }
  });

  it('comes out the same whether worker threads build it or not', async () => {
    await generated;
    const other = dir();
    await generateDatabase({ dataDir: other, calls: CALLS, seed: SEED, workers: 1 });
    const calls = (d: string) => rows(d, `SELECT telmetrics_id, outcome, started_ms, data FROM calls ORDER BY id`);
    expect(calls(other)).toEqual(calls(history));
    await expect(generateDatabase({ dataDir: other, calls: 10, seed: SEED, workers: 0 })).rejects.toThrow(/already holds/);
  });
});

describe('searching a generated history', () => {
  it('finds the same pages by every path: looking matches up, scanning for them, walking the list a step at a time', async () => {
    await generated;
    const db = openDatabase(history);
    try {
      const all = Number.MAX_SAFE_INTEGER;
      // Every match looked up.
      const lookingUp = new CallStore(db, { lookups: all, scanRatio: 0, minWalkStep: 1, maxWalkStep: all });
      const others = [
        // The list scanned for matches read all at once.
        new CallStore(db, { lookups: 0, scanRatio: all, minWalkStep: 1, maxWalkStep: all }),
        // Walks: a call at a time; growing steps, many of them partly filled; steps as the matches' density says.
        new CallStore(db, { lookups: 0, scanRatio: 0, minWalkStep: 1, maxWalkStep: 1 }),
        new CallStore(db, { lookups: 0, scanRatio: 0, minWalkStep: 3, maxWalkStep: 40 }),
        new CallStore(db, { lookups: 0, scanRatio: 0, minWalkStep: 1, maxWalkStep: all }),
      ];
      const pages = (store: CallStore, query: ListCallsQuery) => {
        const out: (number[] | string | null)[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 100; page++) {
          const res = store.listCalls({ ...query, limit: 9, cursor });
          out.push(
            res.calls.map((c) => c.id),
            res.nextCursor,
          );
          if (!res.nextCursor) break;
          cursor = res.nextCursor;
        }
        return out;
      };
      const queries: ListCallsQuery[] = [
        { q: 'furnace' },
        { q: 'the' },
        { q: 'Agent' },
        { q: 'c' },
        { q: 'Toronto', status: 'answered' },
        { q: 'thanks', from: '2024-06-01', to: '2025-06-01' },
        { q: 'google', hasTranscript: true },
        { q: '905' },
        { q: '9' },
        { q: 'no-such-word' },
      ];
      for (const query of queries) {
        const expected = pages(lookingUp, query);
        for (const store of others) expect(pages(store, query)).toEqual(expected);
      }
      // Calls that arrived in another order than they started (here: the reverse): the same pages by every path.
      db.exec('BEGIN');
      try {
        db.exec(`CREATE TEMP TABLE started AS SELECT id, started_ms FROM calls`);
        db.exec(`UPDATE calls SET started_ms = (SELECT s.started_ms FROM started s WHERE s.id = (SELECT max(id) + 1 FROM started) - calls.id)`);
        expect(db.prepare<[], { id: number }>(`SELECT id FROM calls ORDER BY started_ms DESC, id DESC LIMIT 1`).get()!.id).toBe(1);
        for (const query of queries) {
          const expected = pages(lookingUp, query);
          for (const store of others) expect(pages(store, query)).toEqual(expected);
        }
      } finally {
        db.exec('ROLLBACK');
      }
      // Test calls left out: the same pages by every path, none of them a test call.
      const testCalls = (rows(history, `SELECT id FROM calls WHERE id % 3 = 0`) as { id: number }[]).map((r) => r.id);
      const mark = db.prepare(`UPDATE calls SET is_test = ? WHERE id % 3 = 0`);
      mark.run(1);
      try {
        // A setting of the database: every store over it reads it.
        lookingUp.setTestCallsHidden(true);
        for (const query of queries.slice(0, 5)) {
          const expected = pages(lookingUp, query);
          expect(
            expected
              .filter(Array.isArray)
              .flat()
              .some((id) => testCalls.includes(id)),
          ).toBe(false);
          for (const store of others) expect(pages(store, query)).toEqual(expected);
        }
      } finally {
        lookingUp.setTestCallsHidden(false);
        mark.run(0);
      }
      // And the pages of a plain search are every match of the words as prefixes (FTS5's own reading), newest first.
      const matching = db.prepare(
        `SELECT id FROM calls WHERE id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?) ORDER BY started_ms DESC, id DESC`,
      );
      const named = rows(history, `SELECT data FROM calls WHERE id % 20 = 0`).map((r) => JSON.parse((r as { data: string }).data) as Call);
      const typed = [
        'furnace',
        'Agent',
        '905',
        'c',
        'C',
        'to',
        'tor',
        'toro',
        '9',
        '58',
        'thank you',
        "o'brien",
        'zzzz',
        ...named
          .flatMap((c) => [c.callerName?.slice(0, 4), c.callerName?.split(' ').pop(), c.callerCity?.slice(0, 5)])
          .filter((w): w is string => !!w),
      ];
      for (const q of typed) {
        const ids = (matching.all(searchExpression(q)) as { id: number }[]).map((r) => r.id);
        for (const store of [lookingUp, ...others]) expect([q, pages(store, { q }).filter(Array.isArray).flat()]).toEqual([q, ids]);
      }
      expect(pages(lookingUp, { q: 'Agent' }).filter(Array.isArray).flat().length).toBeGreaterThan(50);
    } finally {
      db.close();
    }
  });
});

describe('the benchmark harness', () => {
  it('loads the core from another process and times its alerts', async () => {
    const server = await startServer('core', dir());
    try {
      const result = await runLoad({ url: server.url, connections: 4, durationSeconds: 1, seed: SEED });
      expect(result.ok).toBeGreaterThan(10);
      expect(result.non2xx).toBe(0);
      expect(result.latencyMs.p50).toBeGreaterThan(0);
      const alerts = await server.alerts(true);
      expect(alerts.latenciesMs.length).toBeGreaterThan(0);
      // Requests still in flight when the load stopped were stored but not counted by the load generator.
      expect(alerts.deliveries).toBeGreaterThanOrEqual(result.ok);
      expect(alerts.deliveries).toBeLessThanOrEqual(result.ok + 4);
      expect((await server.alerts()).latenciesMs).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('measures the webhook listener alone on the same deliveries, answered 2xx without storing', async () => {
    const server = await startServer('receiver', dir());
    try {
      const result = await runLoad({ url: server.url, connections: 4, durationSeconds: 1, seed: SEED });
      expect(result.ok).toBeGreaterThan(10);
      expect(result.non2xx).toBe(0);
      expect(result.errors).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('times the desktop bundle and the LIKE baseline on the same searches, and the app’s start and memory', async () => {
    await generated;
    const queries = pickQueries(history, 2, SEED);
    const pages = pickPages(history, 2, SEED);
    expect(new Set(queries.map((q) => q.kind)).size).toBe(4);
    const desktop = await bundleDesktopFront(dir());
    // Its app folder holds no tsx: its worker threads can only be the bundled .cjs files.
    expect(fs.existsSync(path.join(desktop.cwd, 'node_modules', 'tsx'))).toBe(false);
    const app = await startApp(desktop, history);
    const naive = await startServer('naive-search', history);
    try {
      expect(app.startMs).toBeGreaterThan(0);
      expect(app.cpuMs).toBeGreaterThan(0);
      expect(rssBytes(app.pid)).toBeGreaterThan(10 * 1024 * 1024);
      const timed = await timeQueries(app.appUrl, naive.url, [...queries, pages.first, ...pages.deep], 2, 60_000);
      expect(timed.app).toHaveLength(2 * (queries.length + 1 + pages.deep.length));
      expect(timed.baseline).toHaveLength(timed.app.length);
      expect(timed.found).toBeGreaterThan(queries.length);
    } finally {
      await naive.stop();
      await app.stop();
    }
  });

  it('starts headless mode under tsx on the same history, answering the same search', async () => {
    await generated;
    const [query] = pickQueries(history, 1, SEED);
    const app = await startApp(headlessUnderTsx, history);
    try {
      expect(rssBytes(app.pid)).toBeGreaterThan(10 * 1024 * 1024);
      expect((await timeQueries(app.appUrl, null, [query!], 1, 0)).found).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
  });
});
