// What the inspector must never do, over real HTTP against a started core and on real SQLite files: rewrite a
// catch-up answer when the database itself failed (a real SQLITE_FULL), mark an applied delivery failed when
// today's code throws, bring a removed test call back as a real call, hand back credentials or the webhook
// token in headers, or search more loosely than typed.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryView, ListDeliveriesResponse, ReprocessDeliveryResponse } from '../../shared/api';
import { inspectorHandlers } from '../../electron/core/api/inspectorHandlers';
import { ChangeFeed } from '../../electron/core/changeFeed';
import { decodeBody, decodeText } from '../../electron/core/store/bodyCodec';
import { CallStore } from '../../electron/core/store/callStore';
import { broadSearchCalls } from '../../electron/core/store/deliverySearch';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { corePool, tempDir, type TestCore } from '../support/core';
import { callDeliveries, type CallSpec } from '../support/payloads';

const spec = (n: number, callerName: string, callerNumber: string): CallSpec => ({
  telmetricsId: String(4300000000 + n),
  callerNumber,
  callerName,
  localStart: '2019-11-15T09:09:54',
  ringUtc: new Date(Date.UTC(2019, 10, 15, 14, 10, 46, 100) + n * 60_000).toISOString().slice(0, 23),
});
const PRIYA = spec(1, 'Priya Shah', '9055802958');

const { start, stopStarted } = corePool();
afterEach(stopStarted);

function openFile(core: TestCore): Database.Database {
  return new Database(path.join(core.dataDir, DATABASE_FILE));
}

async function reprocess(core: TestCore, id: number): Promise<{ status: number; body: unknown }> {
  const res = await core.appFetch(`/api/deliveries/${id}/reprocess`, { method: 'POST' });
  return { status: res.status, body: await res.json() };
}

const deliveryRow = (core: TestCore, id: number) => {
  const db = openFile(core);
  try {
    return db.prepare(`SELECT * FROM deliveries WHERE id = ?`).get(id);
  } finally {
    db.close();
  }
};

describe('Re-process of a catch-up answer when the database is full', () => {
  it('rethrows SQLITE_FULL unchanged and leaves the answer as it was', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    try {
      // An answer an older version refused, holding enough calls that applying them needs new pages.
      const results = Array.from({ length: 60 }, (_, i) => apiResult(spec(i, `Caller ${i}`, `90555${String(10000 + i)}`)));
      const bodyId = Number(db.prepare(`INSERT INTO api_bodies (sha256, body) VALUES ('older', ?)`).run(apiAnswerBody(results)).lastInsertRowid);
      const answerId = Number(
        db
          .prepare(
            `INSERT INTO api_answers (received_at, provider, url, status, outcome, reason, result_count, body_id)
             VALUES ('2019-11-16T12:00:00.000Z', 'marketing-edge', 'https://api.example.com/v1/calls', 200, 'rejected', 'older rule', 0, ?)`,
          )
          .run(bodyId).lastInsertRowid,
      );
      const store = new CallStore(db);
      const before = JSON.stringify(db.prepare(`SELECT * FROM api_answers`).all());
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      const handlers = inspectorHandlers({ store, feed: new ChangeFeed() });
      await expect(handlers.reprocessApiAnswer(answerId)).rejects.toMatchObject({ code: 'SQLITE_FULL' });
      db.pragma('max_page_count = 1073741823');
      expect(JSON.stringify(db.prepare(`SELECT * FROM api_answers`).all())).toBe(before);
      // Slices merged before the failure may stay (each is its own transaction, sized by time); the rest follow.
      expect(store.countCalls()).toBeLessThan(60);
      // Room again: it is applied.
      expect((await handlers.reprocessApiAnswer(answerId))!.result).toBe('applied');
      expect(store.countCalls()).toBe(60);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Re-process when today\u2019s code throws', () => {
  it('leaves an accepted delivery as it was and answers still-failed in words', async () => {
    const core = await start();
    await core.post(callDeliveries(PRIYA).start);
    const [accepted] = core.store.listDeliveries(1);
    // Its event unreadable today: the refold throws (a SyntaxError, not SQLite's).
    const db = openFile(core);
    db.prepare(`UPDATE events SET event = '{not json' WHERE delivery_id = ?`).run(accepted!.id);
    db.close();
    const row = deliveryRow(core, accepted!.id);
    const answer = await reprocess(core, accepted!.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: 'still-failed', delivery: { outcome: 'accepted', reason: null } });
    expect((answer.body as ReprocessDeliveryResponse).message).toMatch(/^Still not applied: this version of Call Alerts cannot read it either/);
    expect(deliveryRow(core, accepted!.id)).toEqual(row);
  });

  it('leaves an accepted delivery as it was when its stored body cannot be read today', async () => {
    const core = await start();
    await core.post(callDeliveries(PRIYA).start);
    const [accepted] = core.store.listDeliveries(1);
    const db = openFile(core);
    db.prepare(`UPDATE deliveries SET body = ?, body_codec = 0 WHERE id = ?`).run(Buffer.from('{"Id": '), accepted!.id);
    db.close();
    const row = deliveryRow(core, accepted!.id);
    expect((await reprocess(core, accepted!.id)).body).toMatchObject({ result: 'still-rejected', delivery: { outcome: 'accepted', reason: null } });
    expect(deliveryRow(core, accepted!.id)).toEqual(row);
  });

  it('keeps an accepted delivery whose re-process adds nothing as it was, an older version\u2019s reason included', async () => {
    const core = await start();
    await core.post(callDeliveries(PRIYA).start);
    const [accepted] = core.store.listDeliveries(1);
    const db = openFile(core);
    db.prepare(`UPDATE deliveries SET reason = 'noted by an older version' WHERE id = ?`).run(accepted!.id);
    db.close();
    const row = deliveryRow(core, accepted!.id);
    expect((await reprocess(core, accepted!.id)).body).toMatchObject({ result: 'unchanged', delivery: { reason: 'noted by an older version' } });
    expect(deliveryRow(core, accepted!.id)).toEqual(row);
  });
});

describe('Re-process of a copy of a removed test call', () => {
  it('is refused in words, for a retry and for one an older version rejected; no call comes back', async () => {
    const core = await start();
    const body = callDeliveries(spec(2, 'Test Caller', '5550100000')).start;
    await core.post(body);
    const [first] = core.store.listDeliveries(1);
    expect(core.store.markTestCalls(first!.id)).toHaveLength(1);
    await core.post(body.replace('"Attempt": 1', '"Attempt": 2'));
    const [retry] = core.store.listDeliveries(1);
    expect(retry!.kind).toBe('duplicate');
    // As an older version that refused it left it: no envelope id recorded.
    const db = openFile(core);
    const rejected = Number(
      db
        .prepare(
          `INSERT INTO deliveries (received_at, envelope_id, attempt, outcome, reason, signature, status, notification_count, actions, headers,
             body, body_size, body_sha256, body_kept)
           VALUES ('2019-11-15T14:10:03.252Z', NULL, NULL, 'rejected', 'older rule', 'not-checked', 400, 0, '[]', '{}', ?, ?, NULL, 'whole')`,
        )
        .run(Buffer.from(body), Buffer.byteLength(body)).lastInsertRowid,
    );
    db.close();
    expect(core.store.deleteTestCalls()).toBe(1);
    expect(core.store.countCalls()).toBe(0);

    const leftover = await core.api<DeliveryView>(`/api/deliveries/${retry!.id}`);
    expect(leftover.reprocessBlocked).toMatch(/^Its test call was removed/);
    expect(await reprocess(core, retry!.id)).toEqual({ status: 409, body: { error: leftover.reprocessBlocked } });
    const before = deliveryRow(core, rejected);
    expect(await reprocess(core, rejected)).toEqual({ status: 409, body: { error: leftover.reprocessBlocked } });
    expect(deliveryRow(core, rejected)).toEqual(before);
    expect(core.store.countCalls()).toBe(0);
  });

  it('no longer blocks its envelope once a later delivery of it made a call', async () => {
    const core = await start();
    const body = callDeliveries(spec(6, 'Sam Ortiz', '9055550606')).start;
    await core.post(body);
    expect(core.store.markTestCalls(core.store.listDeliveries(1)[0]!.id)).toHaveLength(1);
    expect(core.store.deleteTestCalls()).toBe(1);
    // Marketing Edge sends the same envelope again (a retry after the test call was removed): a real call now.
    await core.post(body.replace('"Attempt": 1', '"Attempt": 2'));
    const [later] = core.store.listDeliveries(1);
    expect(later).toMatchObject({ kind: 'accepted', calls: [{ displayName: 'Sam Ortiz', isTest: false }] });
    expect((await core.api<DeliveryView>(`/api/deliveries/${later!.id}`)).reprocessBlocked).toBeNull();
    expect(await reprocess(core, later!.id)).toMatchObject({ status: 200, body: { result: 'unchanged' } });
    expect(core.store.countCalls()).toBe(1);
  });
});

describe('the headers of a delivery', () => {
  it('are stored and shown with credentials masked and the webhook token replaced; the body stays exact', async () => {
    const core = await start();
    const token = new URL(core.webhookUrl).pathname.split('/').pop()!;
    expect(token.length).toBeGreaterThan(20);
    const body = callDeliveries(PRIYA).start;
    await core.post(body, {
      authorization: 'Bearer s3cr3t',
      cookie: 'session=abc',
      'x-api-key': 'KEY-123',
      'x-forwarded-uri': `/hooks/${token}?x=1`,
      'x-envoy-original-path': `/hooks/${token}`,
      'x-request-id': 'req-7',
    });
    const [delivery] = core.store.listDeliveries(1);
    const shown = (await core.api<ListDeliveriesResponse>('/api/deliveries')).deliveries[0]!;
    for (const view of [delivery!, shown, await core.api<DeliveryView>(`/api/deliveries/${shown.id}`)]) {
      expect(view.headers).toMatchObject({
        authorization: '…',
        cookie: '…',
        'x-api-key': '…',
        'x-forwarded-uri': '/hooks/…?x=1',
        'x-envoy-original-path': '/hooks/…',
        'x-request-id': 'req-7',
      });
      expect(JSON.stringify(view.headers)).not.toMatch(new RegExp(`s3cr3t|abc|KEY-123|${token}`));
      expect(view.body).toBe(body);
    }
    // Stored masked too (the headers are not signed), the body byte for byte.
    const row = deliveryRow(core, shown.id) as { headers: Buffer; body: Buffer; body_codec: number };
    const stored = { headers: decodeText(row.headers), body: decodeBody(row.body_codec, row.body) };
    expect(JSON.parse(stored.headers)).toMatchObject({ authorization: '…', 'x-forwarded-uri': '/hooks/…?x=1', 'x-request-id': 'req-7' });
    expect(stored.headers).not.toMatch(new RegExp(`s3cr3t|KEY-123|${token}`));
    expect(stored.body.equals(Buffer.from(body))).toBe(true);
  });
});

describe('what a search finds', () => {
  it('a number with its country code, every word typed, and "#id" as an id only', async () => {
    const core = await start();
    const calls = [PRIYA, spec(3, 'Room 12 Dental', '4165550303'), spec(4, 'Room Service', '4165550404'), spec(5, 'Unit 123', '6475550505')];
    const id: Record<string, number> = {};
    for (const c of calls) {
      await core.post(callDeliveries(c).start);
      id[c.callerName!] = core.store.listDeliveries(1)[0]!.id;
    }
    const found = async (q: string) =>
      (await core.api<ListDeliveriesResponse>(`/api/deliveries?q=${encodeURIComponent(q)}`)).deliveries.map((d) => d.id);
    for (const typed of ['+19055802958', '19055802958', '1 905 580 2958']) expect(await found(typed), typed).toEqual([id['Priya Shah']]);
    expect(await found('Room 12')).toEqual([id['Room 12 Dental']]);
    expect(await found('Room 0404')).toEqual([id['Room Service']]);
    expect(await found('Room')).toEqual([id['Room Service'], id['Room 12 Dental']]);
    expect(await found('#123')).toEqual([]);
    expect(await found('Unit 123')).toEqual([id['Unit 123']]);
    expect(await found(`#${id['Unit 123']}`)).toEqual([id['Unit 123']]);
  });
});

describe('a search matching most calls', () => {
  it('walks the deliveries newest first and pages through every match exactly once', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    try {
      const store = new CallStore(db);
      const row = (body: string) => ({
        receivedAt: new Date().toISOString(),
        headers: {},
        body: Buffer.from(body),
        signature: 'not-checked' as const,
      });
      // 600 calls from 905 (more than broadSearchCalls(630) = 500) and 30 from 647, interleaved.
      const bodies = Array.from(
        { length: 630 },
        (_, i) => callDeliveries(spec(i, `Caller ${i}`, i % 21 === 20 ? `647555${String(1000 + i)}` : `905555${String(1000 + i)}`)).start,
      );
      store.ingestBatch(bodies.map(row));
      expect(broadSearchCalls(store.countCalls())).toBe(500);
      const all = store
        .listDeliveries({ limit: 500 })
        .concat(store.listDeliveries({ limit: 500, before: store.listDeliveries({ limit: 500 }).at(-1)!.id }));
      const expected = all.filter((d) => d.calls.some((c) => c.callerNumber?.startsWith('905'))).map((d) => d.id);
      expect(expected).toHaveLength(600);
      const seen: number[] = [];
      let before: number | undefined;
      do {
        const page = store.deliveryPage({ q: '905', limit: 50, before });
        seen.push(...page.deliveries.map((d) => d.id));
        before = page.nextCursor ?? undefined;
      } while (before !== undefined);
      expect(seen).toEqual(expected);
      // A narrow one gathers its matches.
      expect(store.deliveryPage({ q: '647555' }).deliveries.map((d) => d.id)).toEqual(
        all.filter((d) => d.calls.some((c) => c.callerNumber?.startsWith('647'))).map((d) => d.id),
      );
      expect(store.deliveryPage({ q: '647555' }).deliveries).toHaveLength(30);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
