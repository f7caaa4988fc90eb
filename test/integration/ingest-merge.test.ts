// Merging over real HTTP and SQLite: every arrival order, retries and concurrent batches give the same calls.

import { afterEach, describe, expect, it } from 'vitest';
import type { ListCallsResponse, ListDeliveriesResponse } from '../../shared/api';
import type { Call } from '../../shared/domain';
import { startTestCore, type TestCore } from '../support/core';
import { callDeliveries, envelope, processedNotification, SAMPLE_CALLER, startNotification, type CallSpec } from '../support/payloads';

const spec = SAMPLE_CALLER;

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const withoutId = ({ id: _id, ...call }: Call) => call;

let cores: TestCore[] = [];
async function core() {
  const c = await startTestCore();
  cores.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(cores.map((c) => c.stop()));
  cores = [];
});

async function calls(c: TestCore): Promise<Call[]> {
  return (await c.api<ListCallsResponse>('/api/calls')).calls;
}

describe('merging a call from its webhooks', () => {
  const d = callDeliveries(spec);
  const bodies = [d.start, d.preprocessed, d.processed];

  it('gives one identical call for every arrival order', async () => {
    let reference: Omit<Call, 'id'> | null = null;
    for (const order of permutations(bodies)) {
      const c = await core();
      for (const body of order) expect((await c.post(body)).status).toBe(200);
      const result = await calls(c);
      expect(result, `order ${order.map((b) => bodies.indexOf(b)).join(',')}`).toHaveLength(1);
      reference ??= withoutId(result[0]!);
      expect(withoutId(result[0]!)).toEqual(reference);
    }
    expect(reference).toMatchObject({
      status: 'processed',
      telmetricsId: '2079571437',
      callerName: 'John Smith',
      ringAt: '2019-11-15T14:09:46.100Z',
      startedAt: '2019-11-15T14:09:54.000Z',
      eventCount: 3,
      adSource: 'Google Ads',
      adChannel: 'Google Ads',
      displayName: 'John Smith',
      nameSource: 'vendor',
    });
  });

  it('ignores retries, whatever their Attempt, and records them as duplicates', async () => {
    const c = await core();
    for (const body of [d.processed, d.start, d.processed, d.preprocessed, d.start, d.start.replace('"Attempt": 1', '"Attempt": 2')]) {
      expect((await c.post(body)).status).toBe(200);
    }
    const result = await calls(c);
    expect(result).toHaveLength(1);
    expect(result[0]!.eventCount).toBe(3);
    const { deliveries } = await c.api<ListDeliveriesResponse>('/api/deliveries');
    expect(deliveries.filter((x) => x.outcome === 'duplicate')).toHaveLength(3);
  });

  it('merges concurrent deliveries written in one batch, retries included', async () => {
    const c = await core();
    const statuses = await Promise.all([...bodies, ...bodies, ...bodies].map((b) => c.post(b).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const result = await calls(c);
    expect(result).toHaveLength(1);
    expect(result[0]!.status).toBe('processed');
    expect(c.writer.stats().deliveries).toBe(9);
  });

  it('processes every notification of a delivery', async () => {
    const c = await core();
    const other: CallSpec = { ...spec, telmetricsId: '2079571999', callerNumber: '4165550199', callerName: 'Ann Lee' };
    const res = await c.post(envelope([startNotification(spec), processedNotification(spec), processedNotification(other)]));
    expect(res.status).toBe(200);
    const result = await calls(c);
    expect(result.map((x) => x.callerName).sort()).toEqual(['Ann Lee', 'John Smith']);
    expect(result.find((x) => x.callerName === 'John Smith')!.ringAt).toBe('2019-11-15T14:09:46.100Z');
  });
});

describe('telling calls apart', () => {
  it('two callers ringing at once are two calls, each with its own Start', async () => {
    const c = await core();
    const ann: CallSpec = {
      ...spec,
      telmetricsId: '2079571440',
      callerNumber: '4165550123',
      callerName: 'Ann Lee',
      ringUtc: '2019-11-15T14:09:47.000',
    };
    const a = callDeliveries(spec);
    const b = callDeliveries(ann);
    for (const body of [a.start, b.start, b.preprocessed, a.preprocessed]) expect((await c.post(body)).status).toBe(200);
    const result = await calls(c);
    expect(result).toHaveLength(2);
    for (const call of result) {
      expect(call.status).toBe('ended');
      expect(call.ringAt).not.toBeNull();
      expect(call.eventCount).toBe(2);
    }
  });

  it('the same caller calling back later is a new call, and a returning caller', async () => {
    const c = await core();
    const first = callDeliveries(spec);
    // Calls back 40 s after hanging up: its Start rings after the first call ended.
    const again = callDeliveries({ ...spec, telmetricsId: '2079571500', localStart: '2019-11-15T09:10:45', ringUtc: '2019-11-15T14:10:43.000' });
    for (const body of [again.start, first.processed, again.processed, first.start]) expect((await c.post(body)).status).toBe(200);
    const result = await calls(c);
    expect(result).toHaveLength(2);
    const [later, earlier] = result as [Call, Call];
    expect(later.telmetricsId).toBe('2079571500');
    expect(later.ringAt).toBe('2019-11-15T14:10:43.000Z');
    expect(earlier.ringAt).toBe('2019-11-15T14:09:46.100Z');
    expect(later.priorCalls).toEqual({ count: 1, lastAt: '2019-11-15T14:09:54.000Z', lastOutcome: 'answered', recentIds: [earlier.id] });
    expect(earlier.priorCalls.count).toBe(0);
  });

  it('a Start that no later event matches stays a call of its own, with no details once past its ring window', async () => {
    const c = await core();
    const d = callDeliveries(spec);
    const stray = envelope([startNotification({ ...spec, ringUtc: '2019-11-15T18:00:00.000' })]);
    for (const body of [d.preprocessed, stray]) expect((await c.post(body)).status).toBe(200);
    expect((await calls(c)).map((x) => x.status)).toEqual(['no-details', 'ended']);
  });
});
