// Re-process, over real HTTP against a started core with its SQLite file: a delivery an older version refused
// is applied today (the call appears, pushed as replayed, no alert), then changes nothing; one already applied
// changes nothing in the database; a failed one is folded again; a refused one cannot run; and the app's key
// and origin rules hold.

import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallStreamEvent, DeliveryView, ReprocessDeliveryResponse } from '../../shared/api';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { corePool, type TestCore } from '../support/core';
import { callDeliveries, type CallSpec } from '../support/payloads';

const PRIYA: CallSpec = {
  telmetricsId: '4100000001',
  callerNumber: '9055802958',
  callerName: 'Priya Shah',
  city: 'Hamilton',
  state: 'ON',
  localStart: '2019-11-15T09:09:54',
  ringUtc: '2019-11-15T14:09:46.100',
};

const OLDER_RULE = 'Not a webhook envelope: (rule of an older version)';

const { start, stopStarted } = corePool();
afterEach(stopStarted);

/** A second connection to the core's database file (WAL: it sees the core's commits and the core sees its own). */
function openFile(core: TestCore): Database.Database {
  return new Database(path.join(core.dataDir, DATABASE_FILE));
}

/** The canonical "failed before a fix" row: rejected by an older version, its whole body a valid Call Start, no events. */
function seedRejectedByOlderVersion(core: TestCore, body: string): number {
  const db = openFile(core);
  try {
    const info = db
      .prepare(
        `INSERT INTO deliveries (received_at, envelope_id, attempt, outcome, reason, signature, status, notification_count, actions, headers,
           body, body_size, body_sha256, body_kept)
         VALUES (?, NULL, NULL, 'rejected', ?, 'not-checked', 400, 0, '[]', '{"content-type":"application/json"}', ?, ?, NULL, 'whole')`,
      )
      .run('2019-11-15T14:10:03.252Z', OLDER_RULE, Buffer.from(body), Buffer.byteLength(body));
    return Number(info.lastInsertRowid);
  } finally {
    db.close();
  }
}

/** Every row of every table Re-process may write, as text: equal before and after means nothing changed. */
function snapshot(core: TestCore): string {
  const db = openFile(core);
  try {
    const tables = ['deliveries', 'events', 'calls', 'follow_ups', 'follow_up_calls', 'lines', 'rejected_body_bytes', 'call_count'];
    return JSON.stringify(
      tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()),
      (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v),
    );
  } finally {
    db.close();
  }
}

function callRows(core: TestCore): string {
  const db = openFile(core);
  try {
    return JSON.stringify(db.prepare(`SELECT * FROM calls ORDER BY id`).all());
  } finally {
    db.close();
  }
}

async function reprocess(core: TestCore, id: number): Promise<{ status: number; body: unknown }> {
  const res = await core.appFetch(`/api/deliveries/${id}/reprocess`, { method: 'POST' });
  return { status: res.status, body: await res.json() };
}

/** The `call` events of the live stream, as they come. */
async function openStream(core: TestCore) {
  const controller = new AbortController();
  const res = await core.appFetch('/api/stream', { signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<CallStreamEvent> {
      while (!/event: call\n[^]*?\n\n/.test(buffer)) buffer += (await reader.read()).value ?? '';
      const block = buffer.slice(buffer.indexOf('event: call'));
      const end = block.indexOf('\n\n');
      buffer = block.slice(end + 2);
      return JSON.parse(block.slice(block.indexOf('data: ') + 6, end)) as CallStreamEvent;
    },
    close: () => controller.abort(),
  };
}

describe('Re-process of a delivery an older version refused', () => {
  it('applies it today: the call appears, pushed as replayed with no alert; again, nothing changes', async () => {
    const core = await start();
    const body = callDeliveries(PRIYA).start;
    const id = seedRejectedByOlderVersion(core, body);
    const before = await core.api<DeliveryView>(`/api/deliveries/${id}`);
    expect(before).toMatchObject({ kind: 'rejected', reprocessBlocked: null, calls: [] });
    expect(before.summary).toBe('Not a Marketing Edge webhook: Call Alerts could not read it as one. Nothing was changed.');

    const stream = await openStream(core);
    const first = await reprocess(core, id);
    expect(first.status).toBe(200);
    const applied = first.body as ReprocessDeliveryResponse;
    expect(applied.result).toBe('applied');
    expect(applied.message).toBe('Applied: the call from Priya Shah is up to date now.');
    expect(applied.delivery).toMatchObject({ outcome: 'accepted', kind: 'accepted', reason: null, notificationCount: 1 });
    expect(applied.delivery.summary).toBe('Call Start for Priya Shah: stored and shown.');
    expect(applied.delivery.calls).toHaveLength(1);
    expect(applied.delivery.calls[0]).toMatchObject({ displayName: 'Priya Shah', callerNumber: '9055802958', isTest: false });

    const pushed = await stream.next();
    stream.close();
    expect(pushed).toMatchObject({ alert: null, replayed: true, call: { id: applied.delivery.calls[0]!.callId, callerName: 'Priya Shah' } });
    expect(core.store.countCalls()).toBe(1);
    // Found by the calls' search, as a call from live ingest is.
    expect((await core.api<{ calls: { id: number }[] }>('/api/calls?q=Priya')).calls.map((c) => c.id)).toEqual([applied.delivery.calls[0]!.callId]);

    const rows = callRows(core);
    const again = await reprocess(core, id);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: 'unchanged', delivery: { outcome: 'accepted' } });
    expect((again.body as ReprocessDeliveryResponse).message).toBe('Nothing to change: the call from Priya Shah already has everything in it.');
    expect(callRows(core)).toBe(rows);
    // A retry of it now arrives as a duplicate, linked to the same call.
    expect((await core.post(body.replace('"Attempt": 1', '"Attempt": 2'))).status).toBe(200);
    const [retry] = core.store.listDeliveries(1);
    expect(retry).toMatchObject({ kind: 'duplicate', calls: [{ callId: applied.delivery.calls[0]!.callId }] });
    expect(core.store.countCalls()).toBe(1);
  });
});

describe('Re-process of a refused delivery whose retry was applied since', () => {
  it('reads it as the retry it was: a duplicate, linked to the call, nothing else changed', async () => {
    const core = await start();
    const body = callDeliveries(PRIYA).start;
    const id = seedRejectedByOlderVersion(core, body);
    expect((await core.post(body.replace('"Attempt": 1', '"Attempt": 2'))).status).toBe(200);
    const rows = callRows(core);
    const answer = (await reprocess(core, id)).body as ReprocessDeliveryResponse;
    expect(answer.result).toBe('unchanged');
    expect(answer.delivery).toMatchObject({ kind: 'duplicate', calls: [{ displayName: 'Priya Shah' }] });
    expect(callRows(core)).toBe(rows);
  });
});

describe('Re-process of a delivery already applied', () => {
  it('answers unchanged and changes nothing in the database', async () => {
    const core = await start();
    const d = callDeliveries(PRIYA);
    for (const body of [d.start, d.preprocessed, d.processed]) expect((await core.post(body)).status).toBe(200);
    const [processed] = core.store.listDeliveries(1);
    const before = snapshot(core);
    const answer = await reprocess(core, processed!.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: 'unchanged', delivery: { id: processed!.id, outcome: 'accepted' } });
    expect(snapshot(core)).toBe(before);
  });

  it('answers unchanged for a duplicate, which links to the call its first copy made', async () => {
    const core = await start();
    const { start: body } = callDeliveries(PRIYA);
    await core.post(body);
    await core.post(body);
    const [duplicate, first] = core.store.listDeliveries(2);
    expect(duplicate).toMatchObject({ kind: 'duplicate', calls: [{ callId: first!.calls[0]!.callId }] });
    expect(duplicate!.summary).toBe('Call Start for Priya Shah, sent again by Marketing Edge (a retry); the call already had it, nothing changed.');
    const before = snapshot(core);
    expect((await reprocess(core, duplicate!.id)).body).toMatchObject({ result: 'unchanged', delivery: { outcome: 'duplicate' } });
    expect(snapshot(core)).toBe(before);
  });
});

describe('Re-process of a delivery whose fold failed', () => {
  it('folds its call again from the events it stored, and reads it accepted', async () => {
    const core = await start();
    const d = callDeliveries({ ...PRIYA, answered: true, seconds: 95 });
    await core.post(d.start);
    const db = openFile(core);
    const afterStart = db.prepare(`SELECT * FROM calls`).get() as Record<string, unknown>;
    db.close();
    await core.post(d.processed);
    const [processed] = core.store.listDeliveries(1);
    // As a fold that threw leaves it: the events stored, the call as it was before them, the delivery failed.
    const other = openFile(core);
    other
      .prepare(`UPDATE deliveries SET outcome = 'failed', reason = 'Stored but not processed: Cannot read properties of undefined' WHERE id = ?`)
      .run(processed!.id);
    other.prepare(`UPDATE calls SET status = @status, outcome = @outcome, ended_ms = @ended_ms, data = @data WHERE id = @id`).run(afterStart);
    other.close();
    const failed = await core.api<DeliveryView>(`/api/deliveries/${processed!.id}`);
    expect(failed).toMatchObject({ kind: 'failed', reprocessBlocked: null });
    expect(failed.summary).toBe(
      'Call Processed for Priya Shah: stored, but not applied to a call: Call Alerts could not read it. Update Call Alerts, then Re-process.',
    );

    const answer = (await reprocess(core, processed!.id)).body as ReprocessDeliveryResponse;
    expect(answer.result).toBe('applied');
    expect(answer.delivery).toMatchObject({ outcome: 'accepted', reason: null });
    expect(core.store.getCall(answer.delivery.calls[0]!.callId)).toMatchObject({ status: 'processed', durationSeconds: 95 });
  });
});

describe('Re-process of a delivery that is no webhook today either', () => {
  it('answers still-rejected in words and changes no call', async () => {
    const core = await start();
    expect((await core.post('{"Id": "abc", "Notifications": [')).status).toBe(400);
    const [bad] = core.store.listDeliveries(1);
    const answer = await reprocess(core, bad!.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      result: 'still-rejected',
      message: 'It still cannot be read today: the body is not valid JSON, so nothing was changed.',
      delivery: { id: bad!.id, kind: 'rejected', reason: bad!.reason },
    });
    expect(core.store.countCalls()).toBe(0);
  });
});

describe('what Re-process refuses', () => {
  it('a compressed body: 409 with the words', async () => {
    const core = await start();
    expect((await core.post(Buffer.from(callDeliveries(PRIYA).start), { 'content-encoding': 'gzip' })).status).toBe(415);
    const [compressed] = core.store.listDeliveries(1);
    expect(await reprocess(core, compressed!.id)).toEqual({
      status: 409,
      body: { error: 'It cannot be re-processed: its body was compressed, and Call Alerts never unpacks a body.' },
    });
  });

  it('a refused body kept only in part: 409 with the words', async () => {
    const core = await start({ webhookSecret: '123456789012345678901234567890123456789012345678', signatureMode: 'enforce' });
    // Longer than the 4 KiB of a refused body that are kept.
    const long = JSON.stringify({ ...(JSON.parse(callDeliveries(PRIYA).start) as object), Padding: 'x'.repeat(6000) });
    expect((await core.post(long)).status).toBe(401);
    const [refused] = core.store.listDeliveries(1);
    expect(refused).toMatchObject({ kind: 'refused', bodyKept: 'head', bodySize: Buffer.byteLength(long) });
    expect(refused!.reprocessBlocked).toBe('It cannot be re-processed: its signature did not match, so it may not come from Marketing Edge.');
    const answer = await reprocess(core, refused!.id);
    expect(answer).toEqual({ status: 409, body: { error: refused!.reprocessBlocked } });
    expect(core.store.countCalls()).toBe(0);
  });

  it('an unknown id (404), a request without the key (401) and one from another origin (403)', async () => {
    const core = await start();
    expect(await reprocess(core, 999)).toEqual({ status: 404, body: { error: 'No delivery with id 999' } });
    expect((await core.appFetch('/api/deliveries/999')).status).toBe(404);
    const unkeyed = await fetch(new URL('/api/deliveries/1/reprocess', core.appUrl), { method: 'POST' });
    expect(unkeyed.status).toBe(401);
    expect((await fetch(new URL('/api/deliveries', core.appUrl))).status).toBe(401);
    const port = new URL(core.appUrl).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/deliveries/1/reprocess',
          method: 'POST',
          headers: { Authorization: `Bearer ${core.appKey}`, Origin: 'http://evil.example' },
        },
        (res) => (res.resume(), resolve(res.statusCode!)),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
