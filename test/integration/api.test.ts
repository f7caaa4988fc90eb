// The history API and the live stream, over real HTTP on loopback.

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallStreamEvent, HealthResponse, ListCallsResponse } from '../../shared/api';
import { startTestCore, type TestCore } from '../support/core';
import { callDeliveries, SAMPLE_CALLER, type CallSpec } from '../support/payloads';

function rawGet(url: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}

const people: Array<[string, string, string, string]> = [
  ['Ann Lee', '4165550101', 'Toronto', 'Caller: my furnace is broken Agent: we can come today'],
  ['Bob Stone', '9055802958', 'Hamilton', 'Caller: do you sell water heaters Agent: yes'],
  ['Cara Diaz', '6475550199', 'Toronto', 'Caller: I need a quote for a new roof Agent: sure'],
];

describe('history API', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = await startTestCore();
    for (let i = 0; i < 30; i++) {
      const [name, number, city, transcript] = people[i % 3]!;
      const minute = String(i).padStart(2, '0');
      const spec: CallSpec = {
        telmetricsId: String(3000000000 + i),
        callerNumber: number,
        callerName: name,
        city,
        state: 'ON',
        localStart: `2019-11-15T10:${minute}:00`,
        ringUtc: `2019-11-15T15:${minute}:00.000`,
        transcript,
        answered: i % 5 !== 0,
        utmSource: i % 2 === 0 ? 'google' : undefined,
      };
      const d = callDeliveries(spec);
      for (const body of [d.start, d.preprocessed, d.processed]) expect((await core.post(body)).status).toBe(200);
    }
  });
  afterAll(() => core.stop());

  it('reports health', async () => {
    expect(await core.api<HealthResponse>('/api/health')).toMatchObject({ ok: true, calls: 30 });
  });

  it('pages newest first with a keyset cursor, no gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListCallsResponse = await core.api(`/api/calls?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.calls.map((c) => c.startedAt!));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('searches names, cities, transcript words and any fragment of a number', async () => {
    const count = async (q: string) => (await core.api<ListCallsResponse>(`/api/calls?limit=200&q=${encodeURIComponent(q)}`)).calls.length;
    expect(await count('Ann')).toBe(10);
    expect(await count('toronto')).toBe(20);
    expect(await count('furnace')).toBe(10);
    expect(await count('heat')).toBe(10);
    expect(await count('2958')).toBe(10);
    expect(await count('905-580')).toBe(10);
    expect(await count('(905) 580')).toBe(10);
    expect(await count('5550')).toBe(20);
    expect(await count('1234')).toBe(0);
    expect(await count('555-01')).toBe(20);
    expect(await count('ann roof')).toBe(0);
    expect(await count('cara roof')).toBe(10);
  });

  it('filters by status, date range, ad source, recording and transcript, combined with search', async () => {
    const get = (qs: string) => core.api<ListCallsResponse>(`/api/calls?limit=200&${qs}`).then((r) => r.calls);
    expect((await get('status=missed')).length).toBe(6);
    expect((await get('status=answered')).length).toBe(24);
    expect((await get('from=2019-11-15T15:10:00Z&to=2019-11-15T15:20:00Z')).length).toBe(10);
    expect((await get('adSource=Google%20Ads')).length).toBe(15);
    expect((await get('adChannel=Google%20Ads')).length).toBe(15);
    expect((await get('adSource=google%20%2F%20cpc')).length).toBe(0);
    expect((await get('hasRecording=true')).length).toBe(30);
    expect((await get('hasTranscript=false')).length).toBe(0);
    expect((await get('q=toronto&status=missed')).map((c) => c.callerCity)).toEqual(['Toronto', 'Toronto', 'Toronto', 'Toronto']);
  });

  it('counts prior calls from the same number', async () => {
    const calls = (await core.api<ListCallsResponse>('/api/calls?q=Ann&limit=200')).calls;
    expect(calls[0]!.priorCalls.count).toBe(9);
    expect(calls[0]!.priorCalls.recentIds).toEqual(calls.slice(1, 6).map((c) => c.id));
    expect(calls[9]!.priorCalls.count).toBe(0);
  });

  it('answers bad queries and unknown ids with a clear error', async () => {
    expect((await core.appFetch('/api/calls?status=bogus')).status).toBe(400);
    const missing = await core.appFetch('/api/calls/999999');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No call with id 999999' });
    expect((await core.appFetch('/api/deliveries?limit=0')).status).toBe(400);
  });

  it('refuses over HTTP exactly what the contract refuses over IPC, with the same words', async () => {
    const refusal = async (pathAndQuery: string, init?: RequestInit) => {
      const res = await core.appFetch(pathAndQuery, init);
      return `${res.status} ${((await res.json()) as { error: string }).error}`;
    };
    expect(await refusal(`/api/calls?q=${'x'.repeat(600)}`)).toBe('400 q: must be at most 500 characters');
    expect(await refusal('/api/calls?sql=1')).toBe('400 Unrecognized key: "sql"');
    expect(await refusal('/api/calls/abc')).toBe('400 id: must be a whole number from 1 to 9007199254740991');
    const json = { method: 'PUT', headers: { 'content-type': 'application/json' } };
    expect(await refusal('/api/tunnel/test-calls', { ...json, body: '{"hidden": "yes"}' })).toBe('400 hidden: must be true or false');
    expect(await refusal('/api/settings', { ...json, body: '{"alerts": ' })).toBe('400 The body is not valid JSON');
    const unknownCharset = { method: 'PUT', headers: { 'content-type': 'application/json; charset=utf-99' }, body: '{}' };
    expect(await refusal('/api/settings', unknownCharset)).toBe('415 The body must be JSON in UTF-8 or UTF-16');
    const brotli = { method: 'PUT', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{}' };
    expect(await refusal('/api/settings', brotli)).toBe('400 The body could not be read: Decompression failed');
    // A program path only from a flag, the environment or the desktop app (over IPC the same request is taken).
    expect(await refusal('/api/tunnel/settings', { ...json, body: '{"provider": "cloudflared", "cloudflaredPath": "/bin/sh"}' })).toBe(
      '400 cloudflaredPath: not accepted over HTTP; set the cloudflared program with --cloudflared-path or CLOUDFLARED_PATH',
    );
  });

  it('refuses a foreign Host (DNS rebinding) and state changes from another origin, even with the key', async () => {
    const port = new URL(core.appUrl).port;
    const key = { Authorization: `Bearer ${core.appKey}` };
    expect(await rawGet(`${core.appUrl}api/health`, { ...key, Host: `evil.example:${port}` })).toBe(421);
    expect(await rawGet(`${core.appUrl}api/health`, { ...key, Host: `localhost:${port}` })).toBe(200);
    expect(await rawGet(`${core.appUrl}api/calls`, { ...key, Host: `127.0.0.1:${port}`, Origin: 'http://evil.example' }, 'POST')).toBe(403);
    expect(await rawGet(`${core.appUrl}api/calls`, { ...key, Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}` }, 'POST')).toBe(404);
  });

  it('sends the window a strict Content-Security-Policy', async () => {
    const res = await core.appFetch('/');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('live stream', () => {
  it('streams the call after commit, with the alert for a Call Start only', async () => {
    // Read as the sample call rings: within its ring window.
    const core = await startTestCore({ now: () => Date.parse('2019-11-15T14:10:00Z') });
    try {
      const controller = new AbortController();
      const res = await core.appFetch('/api/stream', { signal: controller.signal });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      const events: CallStreamEvent[] = [];
      let buffer = '';
      const next = async () => {
        while (!buffer.includes('\n\n') || !/event: call/.test(buffer)) buffer += (await reader.read()).value ?? '';
        const block = buffer.slice(buffer.indexOf('event: call'));
        const end = block.indexOf('\n\n');
        buffer = block.slice(end + 2);
        events.push(JSON.parse(block.slice(block.indexOf('data: ') + 6, end)) as CallStreamEvent);
      };
      const d = callDeliveries({ ...SAMPLE_CALLER, telmetricsId: '77', utmSource: undefined });
      await core.post(d.start);
      await next();
      await core.post(d.preprocessed);
      await next();
      controller.abort();
      expect(events[0]!.call).toMatchObject({ status: 'ringing', callerNumber: '9055552955' });
      expect(events[0]!.alert).toEqual({ title: 'John Smith', body: '(905) 555-2955\nLansing, MI\nSource: Toll free\nFirst call' });
      expect(events[1]!.call).toMatchObject({ id: events[0]!.call.id, status: 'ended', callerName: 'John Smith' });
      expect(events[1]!.alert).toBeNull();
    } finally {
      await core.stop();
    }
  });
});
