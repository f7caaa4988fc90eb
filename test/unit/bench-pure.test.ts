// The benchmark's pure parts: statistics, the results table, the seeded generator and the load stream.

import { describe, expect, it } from 'vitest';
import { DeliveryStream } from '../../bench/deliveryStream';
import { HistoryPlanner } from '../../bench/callPlan';
import { buildCall } from '../../bench/callWebhooks';
import { generateHistory } from '../../bench/history';
import { Random } from '../../bench/random';
import { duplicateIds, formatTable, percentile, resultRow, summarize } from '../../bench/stats';
import { parseEnvelope } from '../../shared/marketingEdge/normalise';

describe('statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, p50: 2, max: 3, mean: 2 });
  });

  it('builds result rows with ratio = value / baseline, an id, and the target verdict', () => {
    const rate = resultRow({
      id: 'ingest.durable',
      figure: 'rate',
      value: 600,
      unit: 'req/s',
      baseline: { name: 'ceiling', value: 1000 },
      target: '≥ 50%',
      check: (_v, r) => r !== null && r >= 0.5,
      detail: '',
    });
    expect(rate).toMatchObject({ id: 'ingest.durable', ratio: 0.6, met: true, baselineValue: 1000 });
    const search = resultRow({
      id: 'search.p95.nameprefix',
      figure: 'search',
      value: 2,
      unit: 'ms',
      baseline: { name: 'scan', value: 150 },
      target: '≤ 1% of the scan',
      check: (_v, r) => r !== null && r <= 0.01,
      detail: '',
    });
    expect(search).toMatchObject({ ratio: 0.0133, met: false });
    const size = resultRow({ id: 'size.bytesPerCall', figure: 'size', value: 10, unit: 'B', target: 'report', detail: '' });
    expect(size).toMatchObject({ baseline: null, ratio: null, met: null });
    // A figure that could not be measured never meets its target, whatever the check says.
    const lost = resultRow({ id: 'alert.p99', figure: 'alert', value: Number.NaN, unit: 'ms', target: '< 5 ms', check: () => true, detail: '' });
    expect(lost.met).toBe(false);
    const table = formatTable([rate, search, size]);
    expect(table.split('\n')).toHaveLength(5);
    expect(table.split('\n')[0]).toMatch(/^id\s+value\s+baseline\s+ratio\s+target\s+met$/);
    expect(table).toContain('ingest.durable');
    expect(table).toContain('NO');
    expect(table).toContain('report');
  });

  it('names the ids more than one row carries', () => {
    expect(duplicateIds([{ id: 'a' }, { id: 'b' }])).toEqual([]);
    expect(duplicateIds([{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: 'a' }])).toEqual(['a']);
  });
});

describe('the generated history', () => {
  it('is the same for the same seed and different for another', () => {
    const bodies = (seed: number) => [...generateHistory({ calls: 20, seed })].flatMap((c) => c.deliveries.map((d) => d.body));
    expect(bodies(5)).toEqual(bodies(5));
    expect(bodies(6)).not.toEqual(bodies(5));
    expect(new Random(9).float()).toBe(new Random(9).float());
  });

  it('plans exactly the calls asked for, in time order, within the span', () => {
    const endMs = Date.UTC(2026, 0, 1);
    const planner = new HistoryPlanner({ calls: 3000, seed: 2, endMs, years: 1 });
    const rings: number[] = [];
    for (let plan = planner.next(); plan; plan = planner.next()) rings.push(plan.ringMs);
    expect(rings).toHaveLength(3000);
    expect(rings).toEqual([...rings].sort((a, b) => a - b));
    expect(rings[0]!).toBeGreaterThanOrEqual(endMs - 366 * 86_400_000);
    expect(rings.at(-1)!).toBeLessThan(endMs);
  });

  it('gives every webhook its own envelope id and every call its own details', () => {
    const calls = [...generateHistory({ calls: 2000, seed: 8 })];
    const ids = calls.flatMap((c) => c.deliveries.map((d) => d.envelope.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    const sessions = calls.map((c) => /filedownload\.ashx\/([\w-]+)\//.exec(c.deliveries.at(-1)!.body)?.[1]).filter(Boolean);
    expect(new Set(sessions).size).toBe(sessions.length);
  });

  it('writes bodies the real envelope parser reads exactly as the generator says', () => {
    const planner = new HistoryPlanner({ calls: 60, seed: 3 });
    const outcomes = new Set<string>();
    for (let plan = planner.next(); plan; plan = planner.next()) {
      outcomes.add(plan.outcome);
      const call = buildCall(plan, planner.tracking);
      expect(call.deliveries.length).toBeGreaterThanOrEqual(2);
      for (const d of call.deliveries) {
        const parsed = parseEnvelope(d.body);
        expect(parsed).toEqual({ ok: true, envelope: d.envelope });
        expect(d.body).toContain('\r\n');
      }
    }
    expect(outcomes).toEqual(new Set(['answered', 'missed', 'voicemail']));
  });
});

describe('the load stream', () => {
  it('never repeats an envelope, a call or a caller, pass after pass, nor across streams of other passes', () => {
    const first = new DeliveryStream(4, 20);
    // 200 deliveries take the first stream through passes 0–3 of its ~60 deliveries; the second starts at 4.
    const second = new DeliveryStream(4, 20, 4);
    const envelopes = new Set<string>();
    const starts = new Set<string>();
    let deliveries = 0;
    for (let i = 0; i < 400; i++) {
      const d = (i % 2 === 0 ? first : second).next();
      const parsed = parseEnvelope(d.body);
      if (!parsed.ok) throw new Error(parsed.reason);
      envelopes.add(parsed.envelope.id);
      if (d.callerNumber) {
        expect(d.headers['x-bench-caller']).toBe(d.callerNumber);
        expect(d.body).toContain(d.callerNumber);
        starts.add(d.callerNumber);
      }
      deliveries++;
    }
    expect(envelopes.size).toBe(deliveries);
    // About a third of deliveries are Call Starts, each of a new caller number.
    expect(starts.size).toBeGreaterThan(deliveries / 4);
  });
});
