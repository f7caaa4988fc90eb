// Knowing who is calling, over real HTTP on loopback with a real SQLite file: names staff save for callers'
// numbers, labels of the tracking numbers, the ad-source filter by channel, the ring window on an injected
// clock, and migration 8 on a database written at schema 7.

import http from 'node:http';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdSourcesResponse, CallDetailResponse, CallStreamEvent, ContactView, LinesResponse, ListCallsResponse } from '../../shared/api';
import { RING_WINDOW_MS } from '../../shared/calls/ringWindow';
import type { Call } from '../../shared/domain';
import { testCallStartBody } from '../../shared/tunnel/testCall';
import { corePool, type TestCore } from '../support/core';
import { callDeliveries, envelope, startNotification, type CallSpec } from '../support/payloads';
import { UNDO_MIGRATION_12, UNDO_MIGRATION_8, UNDO_MIGRATION_9 } from '../support/olderSchema';
import { KNOWN_NAMES_SQL } from '../../electron/core/store/rows';

const pool = corePool();
afterEach(pool.stopStarted);

const PRIYA = '9055802958';
const LINE = '4165550100';

const priya = (n: number, callerName = 'ONTARIO CALLER'): CallSpec => ({
  telmetricsId: `51000000${n}`,
  callerNumber: PRIYA,
  calledNumber: LINE,
  callerName,
  city: 'Hamilton',
  state: 'ON',
  localStart: `2026-11-0${n}T09:00:00`,
  ringUtc: `2026-11-0${n}T13:59:52.000`,
});

async function send(core: TestCore, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await core.appFetch(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
}

async function postAll(core: TestCore, ...bodies: string[]) {
  for (const body of bodies) expect((await core.post(body)).status).toBe(200);
}

/** Every call event the core's change feed emits from now on. */
function recordFeed(core: TestCore): CallStreamEvent[] {
  const events: CallStreamEvent[] = [];
  core.feed.onCall((event) => events.push(event));
  return events;
}

async function callsOf(core: TestCore, query = ''): Promise<Call[]> {
  return (await core.api<ListCallsResponse>(`/api/calls?limit=200${query}`)).calls;
}

/** A request with an Origin header, which fetch would not send as given. */
function withOrigin(core: TestCore, method: string, path: string, origin: string): Promise<number> {
  const u = new URL(path, core.appUrl);
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${core.appKey}`, origin, 'content-type': 'application/json' };
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(method === 'PUT' ? '{"name":"Mallory"}' : undefined);
  });
}

describe('contacts over HTTP', () => {
  it('saves, reads and removes a name for a number written any way, and refuses bad requests in words', async () => {
    const core = await pool.start();
    const saved = await send(core, 'PUT', `/api/contacts/${encodeURIComponent('(905) 580-2958')}`, {
      name: '  Priya Patel ',
      note: 'Prefers mornings',
    });
    expect(saved.status).toBe(200);
    const view = saved.json as ContactView;
    expect(view).toMatchObject({ number: PRIYA, name: 'Priya Patel', note: 'Prefers mornings' });
    expect(Date.parse(view.updatedAt)).not.toBeNaN();
    expect(await core.api<ContactView>(`/api/contacts/${encodeURIComponent('+1 905 580 2958')}`)).toEqual(view);
    expect((await send(core, 'PUT', `/api/contacts/${PRIYA}`, { name: 'Priya Patel', note: '' })).json).toMatchObject({ note: null });
    expect((await send(core, 'GET', '/api/contacts/4165550199')).status).toBe(404);

    const refusals: [unknown, RegExp][] = [
      [{}, /name/],
      [{ name: '   ' }, /name.*not empty/],
      [{ name: 'x'.repeat(81) }, /at most 80/],
      [{ name: 'Priya', note: 'n'.repeat(501) }, /at most 500/],
      [{ name: 'Priya', colour: 'blue' }, /colour/],
      [{ name: 'Priya', number: '4165550199' }, /"number": given in the path/],
      [{ name: 'Priya\nPatel' }, /one line/],
      [{ name: 'Priya', note: 'Prefers mornings\nLine: Winnipeg' }, /note.*one line/],
      ['[]', /JSON object/],
      ['"Priya"', /JSON/],
    ];
    for (const [body, message] of refusals) {
      const res = await send(core, 'PUT', `/api/contacts/${PRIYA}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.json as { error: string }).error, JSON.stringify(body)).toMatch(message);
    }
    for (const path of ['/api/contacts/priya', '/api/contacts/12', `/api/contacts/${'9'.repeat(16)}`]) {
      const res = await send(core, 'PUT', path, { name: 'Priya' });
      expect(res.status, path).toBe(400);
      expect((res.json as { error: string }).error, path).toMatch(/phone number/);
      expect((await send(core, 'GET', path)).status, path).toBe(400);
    }
    expect(await core.api<ContactView>(`/api/contacts/${PRIYA}`)).toMatchObject({ name: 'Priya Patel', note: null });

    const port = new URL(core.appUrl).port;
    expect(await withOrigin(core, 'PUT', `/api/contacts/${PRIYA}`, 'http://evil.example')).toBe(403);
    expect(await withOrigin(core, 'DELETE', `/api/contacts/${PRIYA}`, 'http://evil.example')).toBe(403);
    expect(await withOrigin(core, 'PUT', `/api/lines/${LINE}`, 'http://evil.example')).toBe(403);
    expect(await withOrigin(core, 'PUT', `/api/contacts/4165550123`, `http://127.0.0.1:${port}`)).toBe(200);
    for (const [method, path] of [
      ['GET', `/api/contacts/${PRIYA}`],
      ['PUT', `/api/contacts/${PRIYA}`],
      ['DELETE', `/api/contacts/${PRIYA}`],
      ['GET', '/api/lines'],
      ['PUT', `/api/lines/${LINE}`],
    ] as const) {
      const res = await fetch(new URL(path, core.appUrl), {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'PUT' ? '{}' : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect(await core.api<ContactView>(`/api/contacts/${PRIYA}`)).toMatchObject({ name: 'Priya Patel' });

    expect((await send(core, 'DELETE', `/api/contacts/${encodeURIComponent('905-580-2958')}`)).json).toEqual({ number: PRIYA, deleted: true });
    expect((await send(core, 'DELETE', `/api/contacts/${PRIYA}`)).json).toEqual({ number: PRIYA, deleted: false });
    expect((await send(core, 'GET', `/api/contacts/${PRIYA}`)).status).toBe(404);
  });

  it('names the number’s calls, finds them by the name, pushes them to open windows and names the next pop', async () => {
    const core = await pool.start();
    const first = callDeliveries(priya(1));
    await postAll(core, first.start, first.preprocessed, first.processed);
    const [before] = await callsOf(core);
    expect(before).toMatchObject({ displayName: '(905) 580-2958', nameSource: 'number', contact: null });
    expect(await callsOf(core, '&q=Priya')).toEqual([]);

    const feed = recordFeed(core);
    expect((await send(core, 'PUT', `/api/contacts/${PRIYA}`, { name: 'Priya Patel', note: 'Prefers mornings' })).status).toBe(200);
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({ alert: null, call: { id: before!.id, displayName: 'Priya Patel', nameSource: 'contact' } });
    expect(feed[0]!.call.contact).toEqual({ name: 'Priya Patel', note: 'Prefers mornings' });
    const detail = await core.api<CallDetailResponse>(`/api/calls/${before!.id}`);
    expect(detail.call).toMatchObject({ displayName: 'Priya Patel', nameSource: 'contact' });
    expect((await callsOf(core, '&q=Priya')).map((c) => c.id)).toEqual([before!.id]);

    feed.length = 0;
    await postAll(core, callDeliveries(priya(2)).start);
    const pop = feed.find((e) => e.alert);
    expect(pop?.alert?.title).toBe('Priya Patel');
    expect(pop?.alert?.body).toMatch(/Prefers mornings/);
    expect(pop?.call).toMatchObject({ displayName: 'Priya Patel', nameSource: 'contact', priorCalls: { count: 1 } });
    expect((await callsOf(core, '&q=Priya')).map((c) => c.displayName)).toEqual(['Priya Patel', 'Priya Patel']);

    feed.length = 0;
    expect((await send(core, 'DELETE', `/api/contacts/${PRIYA}`)).json).toEqual({ number: PRIYA, deleted: true });
    expect(feed.map((e) => [e.call.displayName, e.alert])).toEqual([
      ['(905) 580-2958', null],
      ['(905) 580-2958', null],
    ]);
    expect(await callsOf(core, '&q=Priya')).toEqual([]);
  });

  it('names a ringing call by the real name the vendor gave the number on an earlier call', async () => {
    const core = await pool.start();
    const named = callDeliveries(priya(1, 'OKONKWO ADAEZE'));
    await postAll(core, named.start, named.preprocessed, named.processed);
    const feed = recordFeed(core);
    await postAll(core, callDeliveries(priya(2, 'WIRELESS CALLER')).start);
    expect(feed[0]?.alert?.title).toBe('Okonkwo Adaeze');
    const [ringing, earlier] = await callsOf(core);
    expect(ringing).toMatchObject({ displayName: 'Okonkwo Adaeze', nameSource: 'vendor', priorCalls: { count: 1, lastOutcome: 'answered' } });
    expect(earlier).toMatchObject({ displayName: 'Okonkwo Adaeze', nameSource: 'vendor', callerCity: 'Hamilton', callerState: 'ON' });
    // Found by the name it is shown by, though its own caller ID is a placeholder.
    expect((await callsOf(core, '&q=okonkwo')).map((c) => c.id)).toEqual([ringing!.id, earlier!.id]);
  });
});

describe('the earlier-name lookup', () => {
  it('reads only the number’s named calls, so a number with thousands of unnamed calls costs no more', async () => {
    const core = await pool.start();
    await postAll(core, callDeliveries(priya(1)).start);
    const db = new Database(`${core.dataDir}/calls.sqlite`, { readonly: true });
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${KNOWN_NAMES_SQL}`).all({ number: PRIYA, startedMs: Date.now() }) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX calls_named_by_caller \(caller_number=\? AND started_ms<\?\)/);
    } finally {
      db.close();
    }
  });
});

describe('lines over HTTP', () => {
  it('learns the ad’s name from a Processed webhook, keeps it through later Call Starts, and shows the label staff give', async () => {
    const core = await pool.start();
    await postAll(core, callDeliveries(priya(1)).start);
    expect((await core.api<LinesResponse>('/api/lines')).lines).toEqual([
      { number: LINE, label: null, adName: null, name: '(416) 555-0100', lastCallAt: expect.any(String) as string },
    ]);
    expect((await callsOf(core))[0]!.lineLabel).toBeNull();

    const first = callDeliveries(priya(1));
    await postAll(core, first.preprocessed, first.processed, callDeliveries(priya(2)).start);
    const [learned] = (await core.api<LinesResponse>('/api/lines')).lines;
    expect(learned).toMatchObject({ number: LINE, label: null, adName: 'ABC Company', name: 'ABC Company' });
    const [latest] = await callsOf(core);
    expect(Date.parse(learned!.lastCallAt!)).toBe(Date.parse(latest!.startedAt!));
    expect((await callsOf(core)).map((c) => c.lineLabel)).toEqual(['ABC Company', 'ABC Company']);

    const feed = recordFeed(core);
    const saved = await send(core, 'PUT', `/api/lines/${encodeURIComponent('(416) 555-0100')}`, { label: ' Downtown clinic ' });
    expect(saved.json).toEqual({ ...learned!, label: 'Downtown clinic', name: 'Downtown clinic' });
    expect(feed.map((e) => [e.call.lineLabel, e.alert])).toEqual([
      ['Downtown clinic', null],
      ['Downtown clinic', null],
    ]);
    feed.length = 0;
    await postAll(core, callDeliveries(priya(3)).start);
    expect(feed[0]?.call.lineLabel).toBe('Downtown clinic');
    expect(feed[0]?.alert?.body).toMatch(/Line: Downtown clinic/);

    expect((await send(core, 'PUT', `/api/lines/${LINE}`, { label: '' })).json).toMatchObject({ label: null, name: 'ABC Company' });
    expect((await callsOf(core))[0]!.lineLabel).toBe('ABC Company');

    // A line may be labelled before its first call.
    expect((await send(core, 'PUT', '/api/lines/2045550111', { label: 'Winnipeg' })).json).toEqual({
      number: '2045550111',
      label: 'Winnipeg',
      adName: null,
      name: 'Winnipeg',
      lastCallAt: null,
    });
    await postAll(core, callDeliveries({ ...priya(4), telmetricsId: '5200000001', callerNumber: '2045550123', calledNumber: '2045550111' }).start);
    expect((await callsOf(core))[0]).toMatchObject({ calledNumber: '2045550111', lineLabel: 'Winnipeg' });
    expect((await core.api<LinesResponse>('/api/lines')).lines.map((l) => l.name)).toEqual(['Winnipeg', 'ABC Company']);

    for (const body of [{}, { label: 'x'.repeat(61) }, { label: 'Downtown', colour: 'blue' }, { label: 42 }, { label: 'Down\ttown' }]) {
      const res = await send(core, 'PUT', `/api/lines/${LINE}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.json as { error: string }).error, JSON.stringify(body)).toMatch(/label|colour/);
    }
    expect((await send(core, 'PUT', '/api/lines/downtown', { label: 'Downtown' })).status).toBe(400);
  });
});

describe('the ad-source filter', () => {
  it('groups the sources by channel, filters by a channel or one source, and leaves test calls out', async () => {
    const core = await pool.start();
    const specs: CallSpec[] = [
      { ...priya(1, 'Ann Lee'), telmetricsId: '5300000001', callerNumber: '4165550101', utmSource: 'google' },
      { ...priya(2, 'Bob Stone'), telmetricsId: '5300000002', callerNumber: '4165550102', utmSource: 'google' },
      { ...priya(3, 'Cara Diaz'), telmetricsId: '5300000003', callerNumber: '4165550103', utmSource: 'bing' },
    ];
    for (const spec of specs) {
      const d = callDeliveries(spec);
      await postAll(core, d.start, d.preprocessed, d.processed);
    }
    const calls = await callsOf(core);
    const google = calls.filter((c) => c.callerNumber !== '4165550103');
    expect(new Set(google.map((c) => c.adChannel))).toEqual(new Set([google[0]!.adChannel]));
    expect(google[0]!.adChannel).toBe('Google Ads');
    await postAll(core, testCallStartBody(Date.now(), 'contacts-lines'));
    core.store.markTestCalls(core.store.listDeliveries(1)[0]!.id);
    const testCall = (await callsOf(core)).find((c) => !calls.some((k) => k.id === c.id))!;
    expect(testCall.adSource).not.toBeNull();

    const { channels } = await core.api<AdSourcesResponse>('/api/ad-sources');
    const listed = channels.flatMap((g) => g.sources);
    expect(listed).not.toContain(testCall.adSource);
    expect(listed.sort()).toEqual([...new Set(calls.map((c) => c.adSource!))].sort());
    for (const group of channels) {
      for (const source of group.sources) expect(calls.find((c) => c.adSource === source)?.adChannel).toBe(group.channel);
    }
    expect(channels.map((g) => g.channel)).toEqual([...channels.map((g) => g.channel)].sort((a, b) => a.localeCompare(b)));

    const byChannel = await callsOf(core, `&adChannel=${encodeURIComponent('Google Ads')}`);
    expect(byChannel.map((c) => c.id).sort()).toEqual(google.map((c) => c.id).sort());
    const bySource = await callsOf(core, `&adSource=${encodeURIComponent(google[0]!.adSource!)}`);
    expect(bySource.map((c) => c.adSource)).toEqual(google.map(() => google[0]!.adSource));
    expect(await callsOf(core, `&adChannel=${encodeURIComponent('Yelp')}`)).toEqual([]);
    // The test call's tracking number is not one of the office's lines.
    expect((await core.api<LinesResponse>('/api/lines')).lines.map((l) => l.number)).toEqual([LINE]);
  });
});

describe('the ring window', () => {
  it('lists a Call Start as ringing only within the window, then says no details yet', async () => {
    let now = Date.parse('2026-12-01T15:00:00.000Z');
    const core = await pool.start({ now: () => now });
    const ringAt = new Date(now - 30_000).toISOString().slice(0, 23);
    await postAll(core, envelope([startNotification({ ...priya(1), ringUtc: ringAt })], { utc: ringAt }));
    const [call] = await callsOf(core);
    expect(call!.status).toBe('ringing');
    expect((await callsOf(core, '&status=ringing')).map((c) => c.id)).toEqual([call!.id]);

    now += RING_WINDOW_MS - 30_000;
    expect((await callsOf(core, '&status=ringing')).map((c) => c.id)).toEqual([call!.id]);
    now += 1;
    expect((await core.api<CallDetailResponse>(`/api/calls/${call!.id}`)).call.status).toBe('no-details');
    expect(await callsOf(core, '&status=ringing')).toEqual([]);
    expect((await callsOf(core))[0]!.status).toBe('no-details');
  });

  it('times a Call Start that sent no time by its arrival, in the list as in the ringing filter', async () => {
    let now = Date.now();
    const core = await pool.start({ now: () => now });
    await postAll(core, envelope([startNotification({ ...priya(1), ringUtc: '' })], { utc: '' }));
    const [call] = await callsOf(core);
    expect(call).toMatchObject({ status: 'ringing', ringAt: null, startedAt: null });
    expect((await callsOf(core, '&status=ringing')).map((c) => c.id)).toEqual([call!.id]);

    now += RING_WINDOW_MS + 60_000;
    expect(await callsOf(core, '&status=ringing')).toEqual([]);
    expect((await callsOf(core))[0]!.status).toBe('no-details');
  });
});

describe('migration 8', () => {
  it('keeps every call of a database written at schema 7 and fills the names, ad channels and lines', async () => {
    const first = await pool.start();
    const named = callDeliveries({ ...priya(1, "mary o'brien"), utmSource: 'google' });
    const other = callDeliveries({ ...priya(3, 'HAMILTON ON'), telmetricsId: '5400000001', callerNumber: '4165550177' });
    await postAll(first, named.start, named.preprocessed, named.processed, callDeliveries(priya(2)).start, other.start, other.processed);
    const expected = await callsOf(first);
    await first.close();

    const file = `${first.dataDir}/calls.sqlite`;
    const old = new Database(file);
    old.exec(UNDO_MIGRATION_12 + UNDO_MIGRATION_9 + UNDO_MIGRATION_8);
    old.exec(`UPDATE calls SET ad_source = 'google / cpc'`);
    // An older version kept a caller ID that is only the caller's city as the name.
    old.exec(`UPDATE calls SET data = json_set(data, '$.callerName', 'HAMILTON') WHERE telmetrics_id = '5400000001'`);
    old.pragma('user_version = 7');
    old.close();

    const core = await pool.start({ dataDir: first.dataDir });
    expect(await callsOf(core)).toEqual(expected.map((c) => (c.telmetricsId === '5400000001' ? { ...c, callerName: 'HAMILTON' } : c)));
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare(`SELECT id, caller_name, ad_source, ad_channel FROM calls ORDER BY id`).all();
      expect(rows).toEqual(
        [...expected]
          .sort((a, b) => a.id - b.id)
          .map((c) => ({
            id: c.id,
            caller_name: c.telmetricsId === priya(1).telmetricsId ? "Mary O'Brien" : null,
            ad_source: c.adSource,
            ad_channel: c.adChannel,
          })),
      );
      expect(db.prepare(`SELECT number, label, ad_name, last_call_ms FROM lines`).all()).toEqual([
        { number: LINE, label: null, ad_name: 'ABC Company', last_call_ms: Math.max(...expected.map((c) => Date.parse(c.startedAt!))) },
      ]);
    } finally {
      db.close();
    }
    const ringing = expected.find((c) => c.callerNumber === PRIYA && c.telmetricsId !== priya(1).telmetricsId);
    expect(ringing).toMatchObject({ displayName: "Mary O'Brien", nameSource: 'vendor', lineLabel: 'ABC Company' });
    expect(expected.find((c) => c.callerNumber === '4165550177')).toMatchObject({ displayName: '(416) 555-0177', nameSource: 'number' });
    const { channels } = await core.api<AdSourcesResponse>('/api/ad-sources');
    expect(channels.flatMap((g) => g.sources)).not.toContain('google / cpc');
  });
});
