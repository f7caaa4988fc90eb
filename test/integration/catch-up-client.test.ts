// Catch-up's client and runner against a loopback stand-in of the vendor API (real HTTP, real SQLite, real
// core): paging as the answer says, 429 with Retry-After, 503 then recovery, 401 without hammering, the check.

import { afterEach, describe, expect, it } from 'vitest';
import type { CatchUpCheck, CatchUpStatus, ListCallsResponse } from '../../shared/api';
import { HOUR_MS, KEY, startCatchUpRig, TOKEN, until, type CatchUpRig } from '../support/catchUp';

let rigs: CatchUpRig[] = [];
async function rig(...args: Parameters<typeof startCatchUpRig>) {
  const r = await startCatchUpRig(...args);
  rigs.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(rigs.map((r) => r.stop()));
  rigs = [];
});

const now = Date.now();
const recent = (n: number, first = 1_900_000_000) =>
  Array.from({ length: n }, (_, i) => ({ id: first + i, startMs: now - HOUR_MS - i * 60_000, callerNumber: `905555${String(1000 + i)}` }));

const query = (url: string) => new URL(url, 'http://x').searchParams;
const callsIn = async (r: CatchUpRig) => (await r.core.api<ListCallsResponse>('/api/calls?limit=200')).calls;

async function runNow(r: CatchUpRig, body: object = {}): Promise<{ status: number; json: CatchUpStatus }> {
  const res = await r.core.appFetch('/api/catch-up/run', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as CatchUpStatus };
}

describe('catch-up from the vendor API', () => {
  it('follows the answer’s paging when the server returns fewer rows than asked', async () => {
    const r = await rig({ maxPageSize: 7 });
    await r.settled();
    r.api.put(...recent(30));
    const before = r.api.requests.length;
    await runNow(r);
    const status = await r.settled(r.core.catchUp.status().lastRunAt);
    expect(status).toMatchObject({ state: 'idle', error: null, lastResult: { fetched: 30 } });
    expect(await callsIn(r)).toHaveLength(30);
    const asked = r.api.requests.slice(before).map((q) => query(q.url));
    const window = asked.find((p) => p.get('pagenumber') === '2')!.get('startdateutc');
    const pages = asked.filter((p) => p.get('startdateutc') === window);
    // 30 rows at the server's 7 a page: pages 1..5 of the window that holds them, each asking for 100.
    expect(pages.map((p) => p.get('pagenumber'))).toEqual(['1', '2', '3', '4', '5']);
    expect(pages.every((p) => p.get('pagesize') === '100' && p.get('includeTranscription') === 'true')).toBe(true);
    expect(pages[0]!.get('startdateutc')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('covers the first 7 days in windows of a day at most, oldest first', async () => {
    const r = await rig();
    await r.settled();
    const windows = r.api.requests
      .map((q) => query(q.url))
      .map((p) => [Date.parse(`${p.get('startdateutc')}Z`), Date.parse(`${p.get('enddateutc')}Z`)]);
    expect(windows.length).toBeGreaterThanOrEqual(7);
    expect(windows.every(([from, to]) => to! - from! <= 24 * HOUR_MS + 1000)).toBe(true);
    expect(Date.now() - windows[0]![0]!).toBeGreaterThan(7 * 24 * HOUR_MS - 60_000);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0]).toBeLessThan(windows[i - 1]![1]!);
  });

  it('waits as long as Retry-After says on 429, then carries on', async () => {
    const r = await rig();
    await r.settled();
    r.api.put(...recent(3));
    r.api.fail({ status: 429, retryAfter: '1' });
    const before = r.api.requests.length;
    await runNow(r);
    await r.settled(r.core.catchUp.status().lastRunAt);
    const [limited, next] = r.api.requests.slice(before, before + 2);
    expect(limited!.status).toBe(429);
    expect(next!.status).toBe(200);
    expect(r.core.catchUp.status().state).toBe('idle');
    expect(await callsIn(r)).toHaveLength(3);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const r = await rig();
    await r.settled();
    r.api.fail({ status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() });
    const started = Date.now();
    await runNow(r);
    const status = await r.settled(r.core.catchUp.status().lastRunAt);
    expect(status.state).toBe('idle');
    // An HTTP date has whole seconds: at least a second of the two was waited.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('backs off on 503 and recovers within the run', async () => {
    const r = await rig();
    await r.settled();
    r.api.put(...recent(2));
    r.api.fail({ status: 503 }, { status: 503 });
    const before = r.api.requests.length;
    await runNow(r);
    const status = await r.settled(r.core.catchUp.status().lastRunAt);
    expect(r.api.requests.slice(before, before + 3).map((q) => q.status)).toEqual([503, 503, 200]);
    expect(status).toMatchObject({ state: 'idle', error: null });
    expect(await callsIn(r)).toHaveLength(2);
  });

  it('waits with a next run time when the API keeps failing, and a later run recovers', async () => {
    const r = await rig();
    await r.settled();
    r.api.fail({ status: 503 }, { status: 502 }, { status: 500 });
    await runNow(r);
    const waiting = await r.settled(r.core.catchUp.status().lastRunAt);
    expect(waiting.state).toBe('waiting');
    expect(waiting.error).toMatch(/not answering \(HTTP 500\).*tries again/);
    expect(Date.parse(waiting.nextRunAt!)).toBeGreaterThan(Date.now() + 30_000);
    r.api.put(...recent(1));
    await runNow(r);
    const recovered = await r.settled(waiting.lastRunAt);
    expect(recovered).toMatchObject({ state: 'idle', error: null });
    expect(await callsIn(r)).toHaveLength(1);
  });

  it('stops on 401 with what to do, and sends nothing more until the settings change', async () => {
    const r = await rig({}, { token: 'a-token-that-was-revoked' });
    const failed = await r.settled();
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('The API token was refused: create a new one in Marketing Edge → Settings → API Access');
    expect(r.api.requests).toHaveLength(1);
    for (let i = 0; i < 5; i++) expect((await runNow(r)).json.state).toBe('failed');
    r.core.catchUp.run('wake');
    r.core.catchUp.run('tunnel');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.api.requests).toHaveLength(1);
    const res = await r.core.appFetch('/api/catch-up/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'marketing-edge', token: TOKEN }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ credentials: { token: 'saved', key: 'saved' } });
    expect(await r.settled(failed.lastRunAt)).toMatchObject({ state: 'idle', error: null });
  });

  it('sends the token and key as headers only, and only Marketing Edge gets a key', async () => {
    const me = await rig();
    await me.settled();
    expect(me.api.requests.every((q) => q.headers['x-organization-token'] === TOKEN && q.headers['subscription-key'] === KEY)).toBe(true);
    const tm = await rig({ provider: 'telmetrics' }, { provider: 'telmetrics', key: null });
    await tm.settled();
    expect(tm.core.catchUp.status()).toMatchObject({ provider: 'telmetrics', state: 'idle', credentials: { token: 'saved', key: 'not-set' } });
    expect(tm.api.requests.every((q) => q.headers['x-organization-token'] === TOKEN && !('subscription-key' in q.headers))).toBe(true);
    for (const q of [...me.api.requests, ...tm.api.requests]) expect(q.url).not.toMatch(/tok-|key-/);
  });

  it('imports the last N days on demand (202), and checks the credentials with one request', async () => {
    const r = await rig();
    await r.settled();
    const before = r.api.requests.length;
    const run = await runNow(r, { days: 30 });
    expect(run.status).toBe(202);
    expect(run.json.state).toBe('running');
    await r.settled(r.core.catchUp.status().lastRunAt);
    const first = query(r.api.requests[before]!.url);
    expect(Date.now() - Date.parse(`${first.get('startdateutc')}Z`)).toBeGreaterThan(30 * 24 * HOUR_MS - 60_000);
    expect((await runNow(r, { days: 91 })).status).toBe(400);

    const checks = r.api.requests.length;
    const ok = (await (await r.core.appFetch('/api/catch-up/check', { method: 'POST' })).json()) as CatchUpCheck;
    expect(ok).toEqual({ ok: true, message: 'Marketing Edge answered: the credentials work.' });
    expect(r.api.requests.length).toBe(checks + 1);
    r.core.catchUp.saveSettings({ provider: 'marketing-edge', key: 'wrong' });
    const refused = (await (await r.core.appFetch('/api/catch-up/check', { method: 'POST' })).json()) as CatchUpCheck;
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/refused/);
  });

  it('is off, says so and asks nothing when no provider is chosen', async () => {
    const r = await rig({}, { provider: 'off' });
    await until(() => r.core.catchUp.status().state === 'off', 'off');
    expect((await runNow(r)).json).toMatchObject({ state: 'off', provider: 'off', baseUrl: null, error: null });
    expect(r.api.requests).toHaveLength(0);
  });

  it('runs one at a time, queues one more, and stops cleanly when the core closes', async () => {
    const r = await rig();
    await r.settled();
    // The next request never answers: a run hangs on it until its timeout.
    r.api.fail({ status: 0 });
    const before = r.api.requests.length;
    for (let i = 0; i < 4; i++) r.core.catchUp.run('demand');
    await until(() => r.api.requests.length > before, 'the hanging request');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.api.requests.length).toBe(before + 1);
    expect(r.core.catchUp.status().state).toBe('running');
    const closing = Date.now();
    await r.core.close();
    expect(Date.now() - closing).toBeLessThan(2000);
    // Neither the queued run nor a retry goes out after the close.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.api.requests.length).toBe(before + 1);
  });
});
