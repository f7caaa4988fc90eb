// People to call back, over real HTTP on loopback with a real SQLite file: entries opening and merging per
// caller, closing by hand and by a later answered call, reopening, notes kept as typed, refusals, the
// stream's follow-ups event, restarts, and calls fetched by catch-up counting too.

import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetailResponse, FollowUpsEvent, FollowUpsResponse, ListCallsResponse, SettingsResponse } from '../../shared/api';
import type { FollowUp } from '../../shared/domain';
import type { ApiAnswer } from '../../electron/core/store/callStore';
import { FOLLOW_UPS_LISTED } from '../../electron/core/store/followUps';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { startCatchUpRig, until } from '../support/catchUp';
import { corePool, startTestCore, tempDir, type TestCore } from '../support/core';
import { UNDO_MIGRATION_12, UNDO_MIGRATION_9 } from '../support/olderSchema';
import { missedCall, storeCalls } from '../support/missedCalls';
import { envelope, preprocessedNotification, processedNotification, startNotification, type CallSpec } from '../support/payloads';

const pool = corePool();
afterEach(pool.stopStarted);

const ANN = '4165550111';
const BOB = '6475550122';
const DESK = hostname().trim() || 'This computer';

let serial = 0;
/** A call from `number` at a local (Eastern, UTC−5) time of 2026-11-02, e.g. "09:00". */
function spec(number: string, time: string, how: 'missed' | 'answered' | 'voicemail'): CallSpec {
  serial++;
  return {
    telmetricsId: `62000${String(serial).padStart(4, '0')}`,
    callerNumber: number,
    callerName: number === ANN ? 'Ann Lee' : 'WIRELESS CALLER',
    city: 'Toronto',
    state: 'ON',
    localStart: `2026-11-02T${time}:00`,
    ringUtc: `2026-11-02T${String(Number(time.slice(0, 2)) + 5).padStart(2, '0')}${time.slice(2)}:00.000`,
    answered: how === 'answered',
  };
}

/** Sends a whole call (Start, then one envelope with its details) and returns its id. */
async function call(core: TestCore, number: string, time: string, how: 'missed' | 'answered' | 'voicemail'): Promise<number> {
  const c = spec(number, time, how);
  const processed = { ...processedNotification(c), ...(how === 'voicemail' ? { VoicemailDetected: true } : {}) };
  expect((await core.post(envelope([startNotification(c)]))).status).toBe(200);
  expect((await core.post(envelope([preprocessedNotification(c), processed]))).status).toBe(200);
  const { calls } = await core.api<ListCallsResponse>(`/api/calls?q=${number}&limit=200`);
  return calls.find((k) => k.telmetricsId === c.telmetricsId)!.id;
}

async function send(core: TestCore, method: string, path: string, body?: unknown) {
  const res = await core.appFetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
}

const followUps = async (core: TestCore, state?: 'open' | 'done') =>
  (await core.api<FollowUpsResponse>(`/api/follow-ups${state ? `?state=${state}` : ''}`)).followUps;
const detail = (core: TestCore, id: number) => core.api<CallDetailResponse>(`/api/calls/${id}`);
const at = (time: string) => new Date(`2026-11-02T${time}:00-05:00`).toISOString();

describe('people to call back', () => {
  it('opens one entry per caller, closes it on a later answered call, and opens a new one for a new missed call', async () => {
    const core = await pool.start();
    const first = await call(core, ANN, '09:00', 'missed');
    const second = await call(core, ANN, '09:30', 'missed');
    const third = await call(core, ANN, '09:40', 'voicemail');
    const bob = await call(core, BOB, '09:20', 'missed');

    const open = await followUps(core);
    expect(open.map((f) => f.callerNumber)).toEqual([ANN, BOB]);
    expect(open[0]).toEqual<FollowUp>({
      id: first,
      callerNumber: ANN,
      displayName: 'Ann Lee',
      calls: 3,
      lastCallAt: at('09:40'),
      lastCallId: third,
      callIds: [third, second, first],
      reason: 'voicemail',
      state: 'open',
      doneAt: null,
      doneBy: null,
      resolution: null,
      note: null,
      reachedCallId: null,
    });
    expect(open[1]).toMatchObject({ id: bob, calls: 1, reason: 'missed', displayName: '(647) 555-0122' });
    const d = await detail(core, first);
    expect(d.followUp).toEqual(open[0]);
    expect(d.notes).toEqual([]);
    expect(d.call).toMatchObject({ followUpState: 'open', calledAgainAt: at('09:30'), openedAt: null });
    expect((await detail(core, third)).call.calledAgainAt).toBeNull();

    const answered = await call(core, ANN, '10:05', 'answered');
    expect((await followUps(core)).map((f) => f.callerNumber)).toEqual([BOB]);
    const done = await followUps(core, 'done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      id: first,
      state: 'done',
      resolution: 'reached-later',
      doneAt: at('10:05'),
      reachedCallId: answered,
      doneBy: null,
    });
    expect((await detail(core, second)).call.followUpState).toBe('done');
    expect((await detail(core, answered)).followUp).toBeNull();
    expect((await detail(core, answered)).call.followUpState).toBeNull();

    const again = await call(core, ANN, '11:00', 'missed');
    const reopened = await followUps(core);
    expect(reopened.map((f) => [f.id, f.calls])).toEqual([
      [again, 1],
      [bob, 1],
    ]);
    expect((await followUps(core, 'done')).map((f) => f.id)).toEqual([first]);
  });

  it('marks an entry done with a note and who did it, reopens it, and keeps notes exactly as typed', async () => {
    const core = await pool.start();
    const missed = await call(core, ANN, '09:00', 'missed');
    const later = await call(core, ANN, '09:10', 'missed');

    const marked = await send(core, 'POST', `/api/calls/${later}/follow-up`, { state: 'done', note: 'Left a message ✓' });
    expect(marked.status).toBe(200);
    expect((marked.json as CallDetailResponse).followUp).toMatchObject({
      id: missed,
      state: 'done',
      resolution: 'marked',
      doneBy: DESK,
      note: 'Left a message ✓',
    });
    expect(Date.parse((marked.json as CallDetailResponse).followUp!.doneAt!)).not.toBeNaN();
    expect(await followUps(core)).toEqual([]);

    const named = await send(core, 'PUT', '/api/settings', { deskName: '  Front desk ' });
    expect((named.json as SettingsResponse).deskName).toBe('Front desk');
    expect((await core.api<SettingsResponse>('/api/settings')).deskName).toBe('Front desk');
    const back = await send(core, 'POST', `/api/calls/${missed}/follow-up`, { state: 'open', note: 'Not reached' });
    expect((back.json as CallDetailResponse).followUp).toMatchObject({ state: 'open', doneBy: null, resolution: null, note: 'Not reached' });
    const joined = await call(core, ANN, '09:30', 'missed');
    expect((await followUps(core))[0]).toMatchObject({ id: missed, calls: 3, callIds: [joined, later, missed] });
    const closed = await send(core, 'POST', `/api/calls/${joined}/follow-up`, { state: 'done', by: 'Maria' });
    expect((closed.json as CallDetailResponse).followUp).toMatchObject({ state: 'done', doneBy: 'Maria', note: null });
    expect((await detail(core, missed)).call.followUpState).toBe('done');

    const text = '  Called back — “Tuesday at 3” 🙂\n\tsecond line  ';
    const noted = await send(core, 'POST', `/api/calls/${missed}/notes`, { text });
    expect(noted.status).toBe(200);
    await send(core, 'POST', `/api/calls/${missed}/notes`, { text: 'Second', by: 'Maria' });
    const notes = (await detail(core, missed)).notes;
    expect(notes.map((n) => [n.text, n.by])).toEqual([
      [text, 'Front desk'],
      ['Second', 'Maria'],
    ]);
    expect(notes[0]!.id).toBeLessThan(notes[1]!.id);
    expect(Date.parse(notes[0]!.at)).not.toBeNaN();
  });

  it('refuses bad bodies in words, unknown calls with 404, calls outside any entry with 409, and other origins', async () => {
    const core = await pool.start();
    const missed = await call(core, ANN, '09:00', 'missed');
    const answered = await call(core, BOB, '09:05', 'answered');

    const refusals: [string, unknown, RegExp][] = [
      ['follow-up', {}, /state/],
      ['follow-up', { state: 'closed' }, /open or done/],
      ['follow-up', { state: 'done', by: 'Front\ndesk' }, /one line/],
      ['follow-up', { state: 'done', note: 'n'.repeat(2001) }, /at most 2000/],
      ['follow-up', { state: 'done', colour: 'blue' }, /colour/],
      ['follow-up', { state: 'done', id: 3 }, /given in the path/],
      ['follow-up', '[]', /JSON object/],
      ['notes', {}, /text/],
      ['notes', { text: ' \n ' }, /must not be empty/],
      ['notes', { text: 42 }, /text/],
    ];
    for (const [what, body, message] of refusals) {
      const res = await send(core, 'POST', `/api/calls/${missed}/${what}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.json as { error: string }).error, JSON.stringify(body)).toMatch(message);
    }
    expect((await send(core, 'POST', '/api/calls/abc/notes', { text: 'x' })).status).toBe(400);
    expect((await send(core, 'PUT', '/api/settings', { deskName: '   ' })).status).toBe(400);
    const listed = await send(core, 'GET', '/api/follow-ups?state=closed');
    expect(listed.status).toBe(400);
    expect((listed.json as { error: string }).error).toMatch(/open or done/);

    for (const [what, body] of [
      ['follow-up', { state: 'done' }],
      ['notes', { text: 'x' }],
      ['opened', undefined],
    ] as const) {
      const res = await send(core, 'POST', `/api/calls/99999/${what}`, body);
      expect(res.status, what).toBe(404);
      expect((res.json as { error: string }).error).toBe('No call with id 99999');
    }
    const conflict = await send(core, 'POST', `/api/calls/${answered}/follow-up`, { state: 'done' });
    expect(conflict).toEqual({ status: 409, json: { error: 'This call has no call-back entry' } });

    const u = new URL(`/api/calls/${missed}/follow-up`, core.appUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const headers = { authorization: `Bearer ${core.appKey}`, origin: 'http://evil.example', 'content-type': 'application/json' };
      const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end('{"state":"done"}');
    });
    expect(status).toBe(403);
    expect((await followUps(core))[0]).toMatchObject({ id: missed, state: 'open' });
  });

  it('answers how many are open in all, also past the 500 the list stops at', async () => {
    const dataDir = tempDir();
    const callers = FOLLOW_UPS_LISTED + 312;
    const calls = Array.from({ length: callers }, (_, i) => missedCall(i + 1, { telmetricsId: 5_400_000_000, callerNumber: 4_165_570_000 }));
    expect(await storeCalls(dataDir, calls)).toBe(callers);
    const core = await pool.start({ dataDir });

    const open = await core.api<FollowUpsResponse>('/api/follow-ups');
    expect(open.followUps).toHaveLength(FOLLOW_UPS_LISTED);
    expect(open).toMatchObject({ open: callers, building: false });
    // The most recent ones: the list is cut at its oldest end.
    expect(open.followUps[0]!.callerNumber).toBe(String(4_165_570_000 + callers));
    expect((await core.api<FollowUpsResponse>('/api/follow-ups?state=done')).open).toBe(callers);

    await send(core, 'POST', `/api/calls/${open.followUps[0]!.lastCallId}/follow-up`, { state: 'done' });
    const after = await core.api<FollowUpsResponse>('/api/follow-ups');
    expect(after.open).toBe(callers - 1);
    expect(after.followUps).toHaveLength(FOLLOW_UPS_LISTED);
    expect(core.openFollowUps()).toBe(callers - 1);
  });

  it('keeps the first opening of a call', async () => {
    const core = await pool.start();
    const missed = await call(core, ANN, '09:00', 'missed');
    const first = await send(core, 'POST', `/api/calls/${missed}/opened`);
    const openedAt = (first.json as CallDetailResponse).call.openedAt;
    expect(Date.parse(openedAt!)).not.toBeNaN();
    await new Promise((r) => setTimeout(r, 5));
    const second = await send(core, 'POST', `/api/calls/${missed}/opened`);
    expect((second.json as CallDetailResponse).call.openedAt).toBe(openedAt);
    expect((await core.api<ListCallsResponse>('/api/calls')).calls[0]!.openedAt).toBe(openedAt);
  });

  it('sends follow-ups on the stream, with the open count and the entries as they now stand', async () => {
    const core = await pool.start();
    const controller = new AbortController();
    const res = await core.appFetch('/api/stream', { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextFollowUps = async (): Promise<FollowUpsEvent> => {
      const marker = 'event: follow-ups\ndata: ';
      while (!buffer.includes(marker) || !buffer.slice(buffer.indexOf(marker)).includes('\n\n')) buffer += (await reader.read()).value ?? '';
      const block = buffer.slice(buffer.indexOf(marker) + marker.length);
      const end = block.indexOf('\n\n');
      buffer = block.slice(end + 2);
      return JSON.parse(block.slice(0, end)) as FollowUpsEvent;
    };
    try {
      const missed = await call(core, ANN, '09:00', 'missed');
      const opened = await nextFollowUps();
      expect(opened.open).toBe(1);
      expect(opened.changed).toEqual([expect.objectContaining({ id: missed, state: 'open', callerNumber: ANN })]);
      await send(core, 'POST', `/api/calls/${missed}/follow-up`, { state: 'done', by: 'Maria' });
      const done = await nextFollowUps();
      expect(done).toEqual({ open: 0, changed: [expect.objectContaining({ id: missed, state: 'done', doneBy: 'Maria' })], building: false });
      await send(core, 'PUT', `/api/contacts/${ANN}`, { name: 'Ann Smith' });
      expect(await nextFollowUps()).toEqual({
        open: 0,
        changed: [expect.objectContaining({ id: missed, displayName: 'Ann Smith' })],
        building: false,
      });
    } finally {
      controller.abort();
    }
  });

  it('keeps entries, marks, notes and openings across a restart, and builds the entries of a history from before them', async () => {
    const dataDir = tempDir();
    let core = await startTestCore({ dataDir });
    const missed = await call(core, ANN, '09:00', 'missed');
    await call(core, BOB, '09:10', 'missed');
    await send(core, 'POST', `/api/calls/${missed}/follow-up`, { state: 'done', by: 'Maria', note: 'Booked' });
    await send(core, 'POST', `/api/calls/${missed}/notes`, { text: 'Wants a quote' });
    await send(core, 'POST', `/api/calls/${missed}/opened`);
    const before = { open: await followUps(core), done: await followUps(core, 'done'), detail: await detail(core, missed) };
    await core.close();

    core = await pool.start({ dataDir });
    expect({ open: await followUps(core), done: await followUps(core, 'done'), detail: await detail(core, missed) }).toEqual(before);
    await core.close();

    // The same history as a version before call-backs left it (schema 8): its missed calls become entries.
    const old = new Database(path.join(dataDir, 'calls.sqlite'));
    old.exec(UNDO_MIGRATION_12 + UNDO_MIGRATION_9);
    old.pragma('user_version = 8');
    old.close();
    const upgraded = await pool.start({ dataDir });
    // Counted after start, in the background: the list says so until they are.
    await until(async () => !(await upgraded.api<FollowUpsResponse>('/api/follow-ups')).building, 'the call-backs counted');
    expect((await followUps(upgraded)).map((f) => [f.callerNumber, f.calls, f.state])).toEqual([
      [BOB, 1, 'open'],
      [ANN, 1, 'open'],
    ]);
    expect((await detail(upgraded, missed)).call).toMatchObject({ followUpState: 'open', openedAt: null });
  });

  it('counts calls fetched by catch-up, in whatever order they arrive', async () => {
    const core = await pool.start();
    const answered = await call(core, ANN, '10:00', 'answered');
    const caught = (c: CallSpec): ApiAnswer => ({
      provider: 'marketing-edge',
      url: 'https://edgeapi.test/marketingedge/v5/api/calls?pagenumber=1',
      status: 200,
      receivedAt: Date.parse('2026-11-02T18:00:00Z'),
      body: apiAnswerBody([apiResult(c)]),
    });
    // Rang before the answered call, learned of only now: reached already.
    await core.store.ingestApiAnswer(caught(spec(ANN, '09:00', 'missed')));
    const done = await followUps(core, 'done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ callerNumber: ANN, resolution: 'reached-later', reachedCallId: answered, calls: 1 });
    expect(await followUps(core)).toEqual([]);

    await core.store.ingestApiAnswer(caught(spec(BOB, '11:00', 'missed')));
    const open = await followUps(core);
    expect(open).toEqual([expect.objectContaining({ callerNumber: BOB, calls: 1, state: 'open' })]);
    expect((await detail(core, open[0]!.id)).call).toMatchObject({ caughtUp: true, followUpState: 'open' });
  });
});

describe('people to call back, from a catch-up run', () => {
  it('opens entries for the missed calls and voicemails a run brings, and pushes them', async () => {
    const r = await startCatchUpRig();
    try {
      await r.settled();
      const events: FollowUpsEvent[] = [];
      r.core.feed.onFollowUps((e) => events.push(e));
      const now = Date.now();
      r.api.put(
        { id: 7100001, startMs: now - 3 * 3_600_000, callerNumber: ANN, answered: false },
        { id: 7100002, startMs: now - 2 * 3_600_000, callerNumber: ANN, answered: false, voicemail: true },
        { id: 7100003, startMs: now - 3_600_000, callerNumber: BOB, answered: true },
      );
      const since = r.core.catchUp.status().lastRunAt;
      await r.core.appFetch('/api/catch-up/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await r.settled(since);
      const open = await followUps(r.core);
      expect(open.map((f) => [f.callerNumber, f.calls, f.reason])).toEqual([[ANN, 2, 'voicemail']]);
      expect(events.at(-1)).toEqual({ open: 1, changed: [expect.objectContaining({ id: open[0]!.id, calls: 2 })], building: false });
    } finally {
      await r.stop();
    }
  });
});
