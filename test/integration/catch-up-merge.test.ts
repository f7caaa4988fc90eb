// Catch-up's calls in the history (real core, real SQLite, a loopback stand-in of the vendor API): merged
// with webhook calls, late recordings picked up, no duplicates and the cursor kept across restarts, one
// summary instead of a pop per call, the outage it filled, and the credentials in no log or answer.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatchUpEvent, CallStreamEvent, ListCallsResponse } from '../../shared/api';
import { OVERLAP_MS, apiUtc } from '../../shared/catchUp/plan';
import { HOUR_MS, KEY, startCatchUpRig, TOKEN, until, type CatchUpRig } from '../support/catchUp';
import { callDeliveries, envelope, SAMPLE_CALLER, startNotification } from '../support/payloads';

let rigs: CatchUpRig[] = [];
async function rig(...args: Parameters<typeof startCatchUpRig>) {
  const r = await startCatchUpRig(...args);
  rigs.push(r);
  return r;
}
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(rigs.map((r) => r.stop()));
  rigs = [];
});

const now = Date.now();
const callsIn = async (r: CatchUpRig) => (await r.core.api<ListCallsResponse>('/api/calls?limit=200')).calls;
const runAgain = async (r: CatchUpRig) => {
  const since = r.core.catchUp.status().lastRunAt;
  r.core.catchUp.run('demand');
  return r.settled(since);
};

/** The stream's frames as they come: `call` and `catch-up` events. */
async function listen(r: CatchUpRig) {
  const controller = new AbortController();
  const res = await r.core.appFetch('/api/stream', { signal: controller.signal });
  const reader = res.body!.getReader();
  const seen = { calls: [] as CallStreamEvent[], catchUps: [] as CatchUpEvent[] };
  let text = '';
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      text += Buffer.from(value!).toString('utf8');
      const frames = text.split('\n\n');
      text = frames.pop()!;
      for (const frame of frames) {
        const [, name, data] = /^event: (\S+)\ndata: (.*)$/s.exec(frame) ?? [];
        if (name === 'call') seen.calls.push(JSON.parse(data!) as CallStreamEvent);
        if (name === 'catch-up') seen.catchUps.push(JSON.parse(data!) as CatchUpEvent);
      }
    }
  })();
  return { seen, close: () => controller.abort() };
}

describe('catch-up calls in the history', () => {
  it('is one call with the webhooks’ when the ids match, and links a lone Call Start', async () => {
    const r = await rig();
    await r.settled();
    const known = {
      ...SAMPLE_CALLER,
      telmetricsId: '1926683604',
      ringUtc: apiUtc(now - 3 * HOUR_MS),
      localStart: apiUtc(now - 3 * HOUR_MS - 5 * HOUR_MS + 8000),
    };
    const d = callDeliveries(known);
    for (const body of [d.start, d.preprocessed, d.processed]) expect((await r.core.post(body)).status).toBe(200);
    const loneRing = now - 2 * HOUR_MS;
    const lone = { ...SAMPLE_CALLER, telmetricsId: '1926683605', callerNumber: '4165550123', ringUtc: `${apiUtc(loneRing)}.100`, localStart: '' };
    expect((await r.core.post(envelope([startNotification(lone)]))).status).toBe(200);
    expect(await callsIn(r)).toHaveLength(2);

    r.api.put(
      { id: 1926683604, startMs: now - 3 * HOUR_MS + 8000, callerNumber: known.callerNumber, trackingNumber: '8669592359', callerName: 'John Smith' },
      {
        id: 1926683605,
        startMs: loneRing + 8000,
        callerNumber: '4165550123',
        trackingNumber: '8669592359',
        recordingUrl: 'https://rec.example/1605.mp3',
      },
    );
    const status = await runAgain(r);
    expect(status.lastResult).toMatchObject({ fetched: 2, added: 0 });
    const calls = await callsIn(r);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.caughtUp === false)).toBe(true);
    expect(calls.find((c) => c.callerNumber?.endsWith('4165550123'))).toMatchObject({
      telmetricsId: '1926683605',
      recordingUrl: 'https://rec.example/1605.mp3',
    });
  });

  it('picks up a recording and transcript that arrive after the first run', async () => {
    const r = await rig();
    await r.settled();
    r.api.put({ id: 1900000100, startMs: now - 20 * HOUR_MS, callerNumber: '6135550100', answered: true });
    await runAgain(r);
    expect((await callsIn(r))[0]).toMatchObject({ recordingUrl: null, caughtUp: true });
    r.api.put({
      id: 1900000100,
      startMs: now - 20 * HOUR_MS,
      callerNumber: '6135550100',
      answered: true,
      recordingUrl: 'https://rec.example/100.mp3',
      transcript: 'Hi, I would like a quote',
    });
    const later = await runAgain(r);
    expect(later.lastResult).toMatchObject({ added: 0, updated: 1 });
    expect((await callsIn(r))[0]).toMatchObject({ recordingUrl: 'https://rec.example/100.mp3', transcript: expect.stringContaining('quote') });
  });

  it('keeps the cursor and makes no duplicates across restarts', async () => {
    const r = await rig();
    r.api.put(
      ...Array.from({ length: 12 }, (_, i) => ({ id: 1900000200 + i, startMs: now - (i + 1) * 5 * HOUR_MS, callerNumber: `705555${1000 + i}` })),
    );
    const first = await r.settled();
    expect(first.lastResult).toMatchObject({ fetched: 12, added: 12 });
    const covered = Date.parse(first.coveredUntil!);
    expect(Date.now() - covered).toBeLessThan(60_000);

    const before = r.api.requests.length;
    await r.restart();
    expect(r.core.catchUp.status().coveredUntil).toBe(first.coveredUntil);
    const second = await r.settled(first.lastRunAt);
    expect(second.lastResult).toMatchObject({ added: 0 });
    const firstAsked = new URL(r.api.requests[before]!.url, 'http://x').searchParams.get('startdateutc');
    expect(firstAsked).toBe(apiUtc(covered - OVERLAP_MS));
    expect(await callsIn(r)).toHaveLength(12);
    expect(Date.parse(second.coveredUntil!)).toBeGreaterThanOrEqual(covered);
  });

  it('sends one summary event, and the calls without a pop each', async () => {
    const r = await rig();
    await r.settled();
    const stream = await listen(r);
    r.api.put(
      { id: 1900000300, startMs: now - 4 * HOUR_MS, callerNumber: '5195550001', answered: true },
      { id: 1900000301, startMs: now - 5 * HOUR_MS, callerNumber: '5195550002', answered: false },
      { id: 1900000302, startMs: now - 6 * HOUR_MS, callerNumber: '5195550003', answered: true },
    );
    await runAgain(r);
    await until(() => stream.seen.catchUps.length === 1 && stream.seen.calls.length >= 3, 'the summary and the calls');
    expect(stream.seen.catchUps[0]).toEqual({
      added: 3,
      missed: 1,
      alert: { title: '3 calls that did not reach this PC', body: '1 missed — open the call list' },
    });
    expect(stream.seen.calls.every((e) => e.alert === null && e.call.caughtUp)).toBe(true);
    await runAgain(r);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stream.seen.catchUps).toHaveLength(1);
    stream.close();
  });

  it('reports the outage it filled, and says the calls came while the PC was off', async () => {
    const r = await rig();
    const first = await r.settled();
    const offFrom = Date.now() - 9 * HOUR_MS;
    r.api.put(
      { id: 1900000400, startMs: offFrom + HOUR_MS, callerNumber: '2895550001', answered: false },
      { id: 1900000401, startMs: offFrom + 2 * HOUR_MS, callerNumber: '2895550002', answered: false, voicemail: true },
      { id: 1900000402, startMs: offFrom - HOUR_MS, callerNumber: '2895550003', answered: true },
    );
    // The last heartbeat the core wrote before the PC went off.
    r.core.store.setSetting('catchUpHeartbeat', String(offFrom));
    const summaries: CatchUpEvent[] = [];
    const core = await r.restart();
    core.feed.onCatchUp((event) => summaries.push(event));
    const status = await r.settled(first.lastRunAt, ['idle']);
    // The store counts a voicemail as missed: both need a call back.
    expect(status.lastOutage).toMatchObject({ from: new Date(offFrom).toISOString(), fetched: 2, added: 3, missed: 2 });
    expect(Date.parse(status.lastOutage!.to)).toBeGreaterThan(Date.now() - 60_000);
    expect(summaries).toEqual([{ added: 3, missed: 2, alert: { title: '3 calls while this PC was off', body: '2 missed — open the call list' } }]);
  });

  it('keeps the token and key out of every log line, answer and database file', async () => {
    const lines: string[] = [];
    for (const method of ['log', 'warn', 'error', 'info'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
    const r = await rig();
    r.api.put({ id: 1900000500, startMs: now - HOUR_MS, callerNumber: '9055550500' });
    r.api.fail({ status: 503 }, { status: 429, retryAfter: '0' });
    await r.settled();
    await r.core.catchUp.check();
    r.core.catchUp.saveSettings({ provider: 'marketing-edge', token: 'tok-wrong-SECRET-token' });
    await r.settled(null, ['failed']);
    const answers: string[] = [];
    for (const route of ['/api/catch-up', '/api/settings', '/api/deliveries', '/api/health', '/api/calls', '/api/tunnel']) {
      answers.push(await (await r.core.appFetch(route)).text());
    }
    answers.push(await (await r.core.appFetch('/api/catch-up/check', { method: 'POST' })).text());
    await r.core.close();
    const files = fs.readdirSync(r.dataDir).filter((f) => f.startsWith('calls'));
    const database = files.map((f) => fs.readFileSync(path.join(r.dataDir, f)).toString('latin1')).join('');
    for (const secret of [TOKEN, KEY, 'tok-wrong-SECRET-token']) {
      expect(lines.join('\n')).not.toContain(secret);
      expect(answers.join('\n')).not.toContain(secret);
      expect(database).not.toContain(secret);
    }
    expect(answers[0]).toContain('"token":"saved"');
  });
});
