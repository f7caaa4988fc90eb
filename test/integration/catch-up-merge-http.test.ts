// Webhooks over real HTTP and answers of the calls API into the same real core, for the same calls: one
// call each in the JSON the window reads, `caughtUp` only for the calls the API brought first, and a webhook
// answered while a large answer is still being merged.

import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetailResponse, ListCallsResponse } from '../../shared/api';
import type { ApiAnswer } from '../../electron/core/store/callStore';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { corePool } from '../support/core';
import { callDeliveries, SAMPLE_CALLER, type CallSpec } from '../support/payloads';

const pool = corePool();
afterEach(pool.stopStarted);

const answer = (results: unknown[]): ApiAnswer => ({
  provider: 'telmetrics',
  url: 'https://api.telmetrics.test/v3/api/calls?startdateutc=2019-11-15T00:00:00&enddateutc=2019-11-16T00:00:00',
  status: 200,
  receivedAt: Date.parse('2019-11-16T08:00:00Z'),
  body: apiAnswerBody(results),
});
const spec = (n: number, overrides: Partial<CallSpec> = {}): CallSpec => ({
  ...SAMPLE_CALLER,
  telmetricsId: String(2_100_000_000 + n),
  callerNumber: String(4_165_550_100 + n),
  callerName: `Caller ${n}`,
  ...overrides,
});

describe('catch-up beside webhooks, through a real core', () => {
  it('keeps one call per id, caughtUp only where the API came first', async () => {
    const core = await pool.start();
    const announced = spec(1);
    const webhookFirst = spec(2);
    const apiFirst = spec(3, { answered: false });
    // Each call's deliveries are made once: the vendor's retries carry the same envelope ids.
    const deliveries = new Map([announced, webhookFirst, apiFirst].map((c) => [c, callDeliveries(c)]));
    expect((await core.post(deliveries.get(announced)!.start)).status).toBe(200);
    expect((await core.post(deliveries.get(webhookFirst)!.preprocessed)).status).toBe(200);

    const merged = await core.store.ingestApiAnswer(answer([announced, webhookFirst, apiFirst].map((c) => apiResult(c))));
    expect(merged).toMatchObject({ fetched: 3, added: 1, updated: 2, missed: 1 });
    for (const d of deliveries.values()) {
      for (const body of [d.start, d.preprocessed, d.processed]) expect((await core.post(body)).status).toBe(200);
    }

    const { calls } = await core.api<ListCallsResponse>('/api/calls');
    const byName = Object.fromEntries(calls.map((c) => [c.callerName, c]));
    expect(calls).toHaveLength(3);
    expect([byName['Caller 1']!.caughtUp, byName['Caller 2']!.caughtUp, byName['Caller 3']!.caughtUp]).toEqual([false, false, true]);
    expect(byName['Caller 3']).toMatchObject({ status: 'processed', answered: false, ringAt: '2019-11-15T14:09:46.100Z', eventCount: 4 });
    const detail = await core.api<CallDetailResponse>(`/api/calls/${byName['Caller 3']!.id}`);
    expect(detail.call.caughtUp).toBe(true);
    expect(detail.events.map((e) => e.kind)).toEqual(['start', 'preprocessed', 'processed']);
  });

  it('answers a webhook while a large answer is still being merged', async () => {
    const core = await pool.start();
    const results = Array.from({ length: 4000 }, (_, i) => apiResult(spec(100 + i)));
    let merged = false;
    const merging = core.store.ingestApiAnswer(answer(results)).then((r) => {
      merged = true;
      return r;
    });
    const reply = await core.post(callDeliveries(spec(9000)).start);
    expect(reply.status).toBe(200);
    expect(merged).toBe(false);
    expect((await merging).added).toBe(4000);
    expect(core.store.countCalls()).toBe(4001);
  });
});
