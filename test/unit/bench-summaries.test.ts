// The bench's pure summaries: alert times joined across processes, the front thread's stall, the worst search
// class, and the rows' stable ids.

import { describe, expect, it } from 'vitest';
import { startRows } from '../../bench/appSections';
import { ingestRows } from '../../bench/ingestSection';
import type { IngestFigures, IngestSide } from '../../bench/ingestRuns';
import type { LoadResult } from '../../bench/load';
import { memoryRows } from '../../bench/searchSection';
import { HARD_KINDS, QUERY_KINDS } from '../../bench/searchWorkload';
import { duplicateIds, summarize } from '../../bench/stats';
import { alertTimes, idSegment, searchGoalMs, stallOf, worstClass } from '../../bench/summaries';
import type { WorkloadResult } from '../../bench/threadFigures';
import { alertRow, stallRow } from '../../bench/threadSections';

describe('alert times', () => {
  it('joins each Call Start issued with its alert by caller number', () => {
    const sent = [
      ['4165550001', 1000],
      ['4165550002', 1020],
      ['4165550003', 1040],
    ] as const;
    const emitted = [
      ['4165550002', 1023.5],
      ['4165550001', 1001],
      ['9995550000', 1050],
    ] as const;
    const times = alertTimes(sent, emitted);
    expect(times.latency.n).toBe(2);
    expect(times.latency.max).toBe(3.5);
    expect(times.latency.p50).toBe(1);
    // 0003 never got its alert; 999… was not sent by this run.
    expect(times).toMatchObject({ missing: 1, strays: 1 });
  });

  it('counts a caller’s alert once, the first time it is emitted', () => {
    const times = alertTimes(
      [['4165550001', 10]],
      [
        ['4165550001', 12],
        ['4165550001', 40],
      ],
    );
    expect(times.latency.n).toBe(1);
    expect(times.latency.max).toBe(2);
    expect(times.strays).toBe(1);
  });
});

describe('the front thread’s stall', () => {
  it('turns the histogram’s nanoseconds into milliseconds', () => {
    expect(stallOf({ maxNs: 12_500_000, p99Ns: 3_000_000, meanNs: 1_100_000, count: 900 })).toEqual({
      maxMs: 12.5,
      p99Ms: 3,
      meanMs: 1.1,
      samples: 900,
    });
  });

  it('says nothing was measured when the loop took no sample, rather than zero', () => {
    const none = stallOf({ maxNs: 0, p99Ns: 0, meanNs: Number.NaN, count: 0 });
    expect(none.maxMs).toBeNaN();
    expect(none.samples).toBe(0);
  });
});

describe('the worst search class', () => {
  it('is the highest p95, skipping classes that were not timed', () => {
    const worst = worstClass([
      { name: 'name prefix', p95: 4 },
      { name: 'common word + filter', p95: 41 },
      { name: 'call-back list', p95: Number.NaN },
      { name: 'short prefix', p95: 41 },
    ]);
    expect(worst?.name).toBe('common word + filter');
    expect(worstClass([])).toBeNull();
  });

  it('is held to 10 ms up to 100,000 calls and 30 ms beyond', () => {
    expect(searchGoalMs(100_000)).toBe(10);
    expect(searchGoalMs(1_000_000)).toBe(30);
  });
});

describe('row ids', () => {
  it('gives every search class an id segment of its own', () => {
    const kinds = [...QUERY_KINDS, ...HARD_KINDS];
    const segments = kinds.map(idSegment);
    expect(new Set(segments).size).toBe(kinds.length);
    expect(idSegment('common word + filter')).toBe('commonWordFilter');
    expect(segments.every((s) => /^[a-z][A-Za-z0-9]*$/.test(s))).toBe(true);
  });

  it('names the ingest rows by their stable ids, each once, with ratio = value / baseline', () => {
    const load = (rate: number, p99: number): LoadResult => ({
      type: 'result',
      requests: rate,
      ok: rate,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      seconds: 1,
      rate,
      latencyMs: summarize([p99 / 2, p99]),
    });
    const side = (rate: number, p99: number): IngestSide => ({ max: load(rate, p99), fixed: load(rate, p99), low: load(rate, p99) });
    const figures: IngestFigures = {
      ceiling: side(20_000, 2),
      receiver: side(5000, 4),
      naive: side(2000, 8),
      core: side(2500, 6),
      alertFixed: summarize([1, 2, 3]),
      alertLow: summarize([1]),
      alertMax: summarize([4]),
      groupCommit: Number.NaN,
      coreStoreThread: 'worker',
    };
    const rows = ingestRows(figures, 1000, 100);
    expect(duplicateIds(rows)).toEqual([]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect([...byId.keys()]).toEqual(['ingest.durable', 'ingest.durable.vsCeiling', 'ack.p99', 'ack.p99.vsCeiling', 'alert.listener.p99']);
    expect(byId.get('ingest.durable')).toMatchObject({ value: 2500, baselineValue: 2000, ratio: 1.25, met: true });
    expect(byId.get('ingest.durable.vsCeiling')).toMatchObject({ ratio: 0.125, met: false });
    expect(byId.get('ack.p99')).toMatchObject({ value: 6, ratio: 0.75, met: true });
    expect(byId.get('ingest.durable')!.detail).toContain('not reported');
  });
});

describe('the front thread’s rows', () => {
  const worst = { name: 'common word + filter', paths: ['/api/calls?q=thanks'], why: 'a test' };
  const run = (faults: { non2xx?: number; unanswered?: number; missing?: number } = {}): WorkloadResult => {
    const { non2xx = 0, unanswered = 0, missing = 0 } = faults;
    return {
      storeThread: 'worker',
      startMs: 100,
      stall: { maxMs: 4, p99Ms: 2, meanMs: 1, samples: 1000 },
      alerts: { latency: summarize([1, 2, 3]), missing, strays: 0 },
      load: {
        type: 'paced',
        issued: 500,
        ok: 500 - non2xx - unanswered,
        non2xx,
        errors: unanswered,
        seconds: 10,
        latencyMs: summarize([2]),
        sent: [],
      },
      search: { type: 'searched', latencyMs: summarize([20]), errors: 0, firstError: null },
      catchUp: { seconds: 3, added: 10_000, fetched: 10_000, state: 'idle' },
    };
  };
  const rows = (worker: WorkloadResult) => [
    alertRow({ worker, main: run() }, worst, '1,000 calls'),
    stallRow({ worker, main: run() }, worst, 10_000),
  ];

  it('are met when every webhook was acknowledged and every alert came, and say so', () => {
    for (const row of rows(run())) {
      expect(row.met, row.id).toBe(true);
      expect(row.detail, row.id).toContain('Worker run: 0 of 500 webhooks answered non-2xx, 0 unanswered, 0 Call Starts without an alert');
    }
  });

  it('are not met when a webhook got a non-2xx answer or none, or an alert is missing, whatever the latency', () => {
    for (const [faults, words] of [
      [{ non2xx: 3 }, '3 of 500 webhooks answered non-2xx'],
      [{ unanswered: 2 }, '2 unanswered'],
      [{ missing: 1 }, '1 Call Starts without an alert'],
    ] as const)
      for (const row of rows(run(faults))) {
        expect(row.met, `${row.id} ${words}`).toBe(false);
        expect(row.detail).toContain(words);
      }
  });
});

describe('the start and memory rows', () => {
  it('are the desktop bundle’s, with headless mode under tsx beside them against it', () => {
    const spawns = (...ms: number[]) => ms.map((x) => ({ ms: x, cpuMs: x / 2 }));
    const start = startRows({ desktop: spawns(220, 200, 210), empty: spawns(90, 100, 110), headless: spawns(640, 600, 700) }, '1,000 calls');
    expect(start.map((r) => r.id)).toEqual(['start.cold', 'start.cold.headless']);
    expect(start[0]).toMatchObject({ value: 210, baselineValue: 100, met: true });
    expect(start[0]!.detail).toContain('Headless mode under tsx on the same history: 640, 600, 700 ms (CPU 320, 300, 350 ms)');
    expect(start[1]).toMatchObject({ value: 640, baselineValue: 210, met: null });

    const mb = (x: number) => x * 1024 * 1024;
    const memory = memoryRows(
      { start: mb(70), after: mb(95) },
      { start: mb(60), after: mb(65) },
      { start: mb(180), after: mb(206) },
      '1,000 calls',
      'w',
    );
    expect(memory.map((r) => r.id)).toEqual(['memory.rss.start', 'memory.rss.search', 'memory.rss.search.headless']);
    expect(memory[1]).toMatchObject({ value: 95, baselineValue: 65, met: true });
    expect(memory[1]!.detail).toContain('206 MB after the workload');
    expect(memory[2]).toMatchObject({ value: 206, baselineValue: 95, met: null });
  });
});
