// Catch-up at the store: answers of the vendor's calls API merged into the history beside webhook calls, on
// real SQLite files. Oracles: the same call from webhooks alone, the raw tables, and the live event loop.

import fc from 'fast-check';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { API_SLICE } from '../../electron/core/store/apiIngest';
import { decodeBody } from '../../electron/core/store/bodyCodec';
import { CallStore, type ApiAnswer, type IncomingDelivery } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { tempDir } from '../support/core';
import { callDeliveries, SAMPLE_CALLER, type CallSpec } from '../support/payloads';

let dirs: string[] = [];
let dbs: Db[] = [];
function open(): { db: Db; store: CallStore } {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return { db, store: new CallStore(db) };
}
afterEach(() => {
  for (const db of dbs) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

const delivery = (body: string): IncomingDelivery => ({
  receivedAt: '2019-11-15T14:20:00.000Z',
  headers: {},
  body: Buffer.from(body),
  signature: 'not-checked',
});
const URL = 'https://edgeapi.test/marketingedge/v5/api/calls?startdateutc=2019-11-15T00:00:00&enddateutc=2019-11-16T00:00:00&pagenumber=1';
const answer = (results: unknown[], receivedAt = Date.parse('2019-11-16T08:00:00Z')): ApiAnswer => ({
  provider: 'marketing-edge',
  url: URL,
  status: 200,
  receivedAt,
  body: apiAnswerBody(results),
});
const count = (db: Db, table: string) => db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get();
const missedCaller: CallSpec = { ...SAMPLE_CALLER, telmetricsId: '2079571500', callerNumber: '4165550123', callerName: 'Ann Lee', answered: false };

describe('ingestApiAnswer', () => {
  it('adds calls the webhooks never brought, marked caught up, with no alert, and keeps the answer raw', async () => {
    const { db, store } = open();
    const a = answer([apiResult(SAMPLE_CALLER, { transcription: 'Caller: furnace repair please' }), apiResult(missedCaller)]);
    const result = await store.ingestApiAnswer(a);
    expect(result).toMatchObject({ fetched: 2, added: 2, updated: 0, missed: 1, skipped: 0 });
    expect(result.calls.map((e) => [e.call.telmetricsId, e.alert, e.fromCatchUp, e.call.caughtUp])).toEqual([
      ['2079571437', null, true, true],
      ['2079571500', null, true, true],
    ]);
    const listed = store.listCalls({ limit: 10 }).calls;
    expect(listed.map((c) => c.caughtUp)).toEqual([true, true]);
    expect(store.listCalls({ limit: 10, q: 'furnace' }).calls.map((c) => c.telmetricsId)).toEqual(['2079571437']);
    expect(store.listCalls({ limit: 10, status: 'missed' }).calls.map((c) => c.callerName)).toEqual(['Ann Lee']);
    const { codec, ...stored } = db
      .prepare(
        `SELECT a.provider, a.url, a.status, a.outcome, a.result_count, b.codec, b.body FROM api_answers a JOIN api_bodies b ON b.id = a.body_id`,
      )
      .get() as { codec: number; body: Buffer };
    expect({ ...stored, body: decodeBody(codec, stored.body) }).toEqual({
      provider: 'marketing-edge',
      url: URL,
      status: 200,
      outcome: 'accepted',
      result_count: 2,
      body: a.body,
    });
  });

  it('changes nothing when the same answer, or the same records in a later answer, come again', async () => {
    const { db, store } = open();
    const results = [apiResult(SAMPLE_CALLER), apiResult(missedCaller)];
    await store.ingestApiAnswer(answer(results));
    const before = store.listCalls({ limit: 10 }).calls;
    const again = await store.ingestApiAnswer(answer(results));
    expect(again).toEqual({ fetched: 2, added: 0, updated: 0, missed: 0, skipped: 0, calls: [] });
    const later = await store.ingestApiAnswer(answer([...results].reverse(), Date.parse('2019-11-16T08:15:00Z')));
    expect(later).toMatchObject({ added: 0, updated: 0, calls: [] });
    expect(store.listCalls({ limit: 10 }).calls).toEqual(before);
    expect([count(db, 'calls'), count(db, 'api_events'), count(db, 'api_answers'), count(db, 'api_bodies')]).toEqual([2, 2, 3, 2]);
  });

  it('merges a webhook call and its API record into one call: no field blanked, a late recording filled in', async () => {
    const { store } = open();
    const spec = { ...SAMPLE_CALLER, transcript: 'Caller: from the webhook' };
    const d = callDeliveries(spec);
    store.ingestBatch([d.start, d.preprocessed, d.processed].map(delivery));
    const webhookOnly = store.listCalls({ limit: 10 }).calls[0]!;

    const noTranscript = await store.ingestApiAnswer(answer([apiResult(spec, { transcription: null, conversation_analytics: null })]));
    // It still updates the call: the API writes "answered", where the webhook wrote "Answered".
    expect(noTranscript).toMatchObject({ added: 0, updated: 1, missed: 0 });
    expect(noTranscript.calls[0]?.call).toMatchObject({
      answerStatus: 'answered',
      transcript: 'Caller: from the webhook',
      recordingUrl: webhookOnly.recordingUrl,
    });
    const late = { ...spec, recordingUrl: 'https://r.test/late.mp3' };
    const withRecording = await store.ingestApiAnswer(answer([apiResult(late, { transcription: null })], Date.parse('2019-11-17T08:00:00Z')));
    expect(withRecording).toMatchObject({ added: 0, updated: 1, missed: 0 });

    const calls = store.listCalls({ limit: 10 }).calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: webhookOnly.id,
      caughtUp: false,
      ringAt: webhookOnly.ringAt,
      transcript: 'Caller: from the webhook',
      recordingUrl: 'https://r.test/late.mp3',
      eventCount: 5,
    });
    expect(withRecording.calls[0]).toMatchObject({
      alert: null,
      fromCatchUp: true,
      call: { id: webhookOnly.id, recordingUrl: 'https://r.test/late.mp3' },
    });
  });

  it('joins a lone Call Start to the API record of its call, which stays announced (not caught up)', async () => {
    const { store } = open();
    const [start] = store.ingestBatch([delivery(callDeliveries(SAMPLE_CALLER).start)]);
    const result = await store.ingestApiAnswer(answer([apiResult(SAMPLE_CALLER)]));
    expect(result).toMatchObject({ added: 0, updated: 1, missed: 0 });
    const calls = store.listCalls({ limit: 10 }).calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ id: start!.changes[0]!.callId, telmetricsId: '2079571437', status: 'processed', caughtUp: false });
  });

  it('keeps a call first learned from the API caught up when its webhooks arrive later', async () => {
    const { store } = open();
    await store.ingestApiAnswer(answer([apiResult(SAMPLE_CALLER)]));
    const d = callDeliveries(SAMPLE_CALLER);
    const results = store.ingestBatch([d.start, d.preprocessed, d.processed].map(delivery));
    expect(new Set(results.flatMap((r) => r.changes.map((c) => c.callId))).size).toBe(1);
    const calls = store.listCalls({ limit: 10 }).calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ caughtUp: true, ringAt: '2019-11-15T14:09:46.100Z', eventCount: 4 });
  });

  it('gives the same call for any arrival order of its webhooks and API records', async () => {
    const spec = { ...SAMPLE_CALLER, transcript: 'Caller: hello' };
    const d = callDeliveries(spec);
    const first = answer([apiResult(spec, { transcription: null })], Date.parse('2019-11-15T15:00:00Z'));
    const second = answer([apiResult({ ...spec, recordingUrl: 'https://r.test/x.mp3' })], Date.parse('2019-11-16T08:00:00Z'));
    type Step = { webhook: string } | { api: ApiAnswer };
    const steps: Step[] = [{ webhook: d.start }, { webhook: d.preprocessed }, { webhook: d.processed }, { api: first }, { api: second }];
    const folded = async (order: Step[]) => {
      const { store } = open();
      for (const step of order) {
        if ('webhook' in step) store.ingestBatch([delivery(step.webhook)]);
        else await store.ingestApiAnswer(step.api);
      }
      const calls = store.listCalls({ limit: 10 }).calls;
      expect(calls).toHaveLength(1);
      const { id: _id, caughtUp: _caughtUp, ...call } = calls[0]!;
      return call;
    };
    const expected = await folded(steps);
    expect(expected).toMatchObject({ recordingUrl: 'https://r.test/x.mp3', transcript: 'Caller: hello', eventCount: 5 });
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(steps, { minLength: steps.length, maxLength: steps.length }), async (order) => {
        expect(await folded(order)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('skips results without a usable id, counting them, and keeps the rest', async () => {
    const { db, store } = open();
    const result = await store.ingestApiAnswer(answer([apiResult(SAMPLE_CALLER, { id: null }), 'not a call', apiResult(missedCaller)]));
    expect(result).toMatchObject({ fetched: 3, added: 1, skipped: 2, missed: 1 });
    const reason = db.prepare<[], string>(`SELECT reason FROM api_answers`).pluck().get();
    expect(reason).toBe('2 results skipped: result 0: no usable id (null); result 1: the result is not a JSON object');
  });

  it('throws, saying why, for a body that is not a calls answer, and keeps it', async () => {
    const { db, store } = open();
    const bad = (body: string, status = 200): ApiAnswer => ({ ...answer([]), status, body: Buffer.from(body) });
    await expect(store.ingestApiAnswer(bad('{"calls": []}'))).rejects.toThrow('Not a calls answer: it has no "results" list');
    await expect(store.ingestApiAnswer(bad('<html>gateway</html>'))).rejects.toThrow(/Not a calls answer: malformed JSON/);
    await expect(store.ingestApiAnswer({ ...bad(''), body: Buffer.from([0xff, 0xfe]) })).rejects.toThrow(
      'Not a calls answer: the body is not valid UTF-8 text',
    );
    await expect(store.ingestApiAnswer(bad('{"error": "busy"}', 503))).rejects.toThrow('Not a calls answer: the API answered HTTP 503');
    const rows = db
      .prepare<[], { outcome: string; codec: number; body: Buffer }>(
        `SELECT a.outcome, b.codec, b.body FROM api_answers a JOIN api_bodies b ON b.id = a.body_id ORDER BY a.id`,
      )
      .all();
    expect(rows.map((r) => [r.outcome, decodeBody(r.codec, r.body).toString('latin1')])).toEqual([
      ['rejected', '{"calls": []}'],
      ['rejected', '<html>gateway</html>'],
      ['rejected', '\xff\xfe'],
      ['rejected', '{"error": "busy"}'],
    ]);
    expect(count(db, 'calls')).toBe(0);
  });

  it('merges a large answer in slices, letting the event loop run between them', async () => {
    const { store } = open();
    const n = API_SLICE * 2 + 50;
    const results = Array.from({ length: n }, (_, i) =>
      apiResult({ ...SAMPLE_CALLER, telmetricsId: String(3000000000 + i), callerNumber: String(4165500000 + i) }),
    );
    const seen: number[] = [];
    const watch = () => {
      seen.push(store.countCalls());
      if (seen.length < 1000 && seen[seen.length - 1]! < n) setImmediate(watch);
    };
    setImmediate(watch);
    const result = await store.ingestApiAnswer(answer(results));
    expect(result).toMatchObject({ fetched: n, added: n });
    expect(result.calls).toHaveLength(n);
    // Between the slices (of API_SLICE results at most) the loop ran and saw the calls already committed.
    const between = [...new Set(seen.filter((c) => c > 0 && c < n))];
    expect(between.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...between.map((c, i) => c - (between[i - 1] ?? 0)))).toBeGreaterThan(0);
    expect(Math.max(...between.map((c, i) => c - (between[i - 1] ?? 0)))).toBeLessThanOrEqual(API_SLICE);
  });
});
