// The deliveries inspector's reads over real HTTP against a started core: every kind filter, search by name,
// by number however it is typed, by envelope id and by "#id"; paging through all of them; bad queries refused
// in words; catch-up answers listed without credentials and re-processed; and migration 11 on a schema-10 file.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAnswerView, DeliveryView, ListApiAnswersResponse, ListDeliveriesResponse, ReprocessApiAnswerResponse } from '../../shared/api';
import { CallStore } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { startTestCore, tempDir, type TestCore } from '../support/core';
import { UNDO_MIGRATION_12 } from '../support/olderSchema';
import { callDeliveries, envelope, type CallSpec } from '../support/payloads';

const PRIYA: CallSpec = {
  telmetricsId: '4200000001',
  callerNumber: '9055802958',
  callerName: 'Priya Shah',
  localStart: '2019-11-15T09:09:54',
  ringUtc: '2019-11-15T14:09:46.100',
};
const BOB: CallSpec = {
  telmetricsId: '4200000002',
  callerNumber: '4165550101',
  callerName: 'Bob Stone',
  localStart: '2019-11-15T10:09:54',
  ringUtc: '2019-11-15T15:09:46.100',
};

const list = (core: TestCore, query: string) => core.api<ListDeliveriesResponse>(`/api/deliveries?${query}`);
const ids = (page: ListDeliveriesResponse) => page.deliveries.map((d) => d.id);

describe('the deliveries inspector: filter and search', () => {
  let core: TestCore;
  const id: Record<string, number> = {};
  let priyaEnvelope = '';

  beforeAll(async () => {
    core = await startTestCore();
    const priya = callDeliveries(PRIYA);
    const bob = callDeliveries(BOB);
    const sent = async (name: string, body: string | Buffer, headers?: Record<string, string>) => {
      await core.post(body, headers);
      id[name] = core.store.listDeliveries(1)[0]!.id;
    };
    await sent('priyaStart', priya.start);
    await sent('priyaProcessed', priya.processed);
    await sent('priyaRetry', priya.start);
    await sent('bobStart', bob.start);
    await sent('bobProcessed', bob.processed);
    await sent('badJson', '{"Id": "x", "Notifications": [');
    await sent('noEnvelope', JSON.stringify({ Notifications: [] }));
    await sent('compressed', Buffer.from('\x1f\x8b\x08 not really'), { 'content-encoding': 'gzip' });
    await sent('other', envelope([{ Action: 'Billing.Invoice' }]));
    // As a fold that threw leaves it (the events stay stored).
    const db = new Database(path.join(core.dataDir, DATABASE_FILE));
    db.prepare(`UPDATE deliveries SET outcome = 'failed', reason = 'Stored but not processed: boom' WHERE id = ?`).run(id.bobProcessed);
    priyaEnvelope = (db.prepare(`SELECT envelope_id FROM deliveries WHERE id = ?`).pluck().get(id.priyaStart) as string) ?? '';
    db.close();
  });
  afterAll(() => core.stop());

  it('lists newest first, 50 at most unless asked, with the counts of problems', async () => {
    const page = await list(core, '');
    expect(ids(page)).toEqual(Object.values(id).sort((a, b) => b - a));
    expect(page.nextCursor).toBeNull();
    expect(page.problemCounts).toEqual({ rejected: 2, refused: 1, failed: 1 });
    expect(page.refusedBodies.budgetBytes).toBeGreaterThan(0);
  });

  it('filters by each kind', async () => {
    expect(ids(await list(core, 'kind=accepted'))).toEqual([id.other, id.bobStart, id.priyaProcessed, id.priyaStart]);
    expect(ids(await list(core, 'kind=duplicate'))).toEqual([id.priyaRetry]);
    expect(ids(await list(core, 'kind=rejected'))).toEqual([id.noEnvelope, id.badJson]);
    expect(ids(await list(core, 'kind=refused'))).toEqual([id.compressed]);
    expect(ids(await list(core, 'kind=failed'))).toEqual([id.bobProcessed]);
    const compressed = (await list(core, 'kind=refused')).deliveries[0]!;
    expect(compressed.summary).toBe('Refused: the body was compressed; Marketing Edge never does that. Nothing was changed.');
    expect(compressed.reprocessBlocked).toMatch(/compressed/);
  });

  it('finds by caller name, the calls a retry links to included', async () => {
    const priya = [id.priyaRetry, id.priyaProcessed, id.priyaStart];
    expect(ids(await list(core, 'q=Priya'))).toEqual(priya);
    expect(ids(await list(core, 'q=shah'))).toEqual(priya);
    expect(ids(await list(core, 'q=Bob%20Stone'))).toEqual([id.bobProcessed, id.bobStart]);
    expect(ids(await list(core, 'q=Nobody'))).toEqual([]);
    // By the name staff saved for the number too, and linked by it.
    const saved = await core.appFetch('/api/contacts/4165550101', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Robert Plumbing' }),
    });
    expect(saved.status).toBe(200);
    const plumbing = await list(core, 'q=plumbing');
    expect(ids(plumbing)).toEqual([id.bobProcessed, id.bobStart]);
    expect(plumbing.deliveries[1]!.summary).toBe('Call Start for Robert Plumbing: stored and shown.');
    const start = (await list(core, 'q=Priya')).deliveries.at(-1)!;
    expect(start.summary).toBe('Call Start for Priya Shah: stored and shown.');
    expect(start.calls).toEqual([expect.objectContaining({ displayName: 'Priya Shah', callerNumber: '9055802958', isTest: false })]);
  });

  it('finds by the number however it is typed', async () => {
    const priya = [id.priyaRetry, id.priyaProcessed, id.priyaStart];
    for (const typed of ['9055802958', '(905) 580', '905-580-2958', '+1 905 580 2958', '580 2958', '2958', '905.580']) {
      expect(ids(await list(core, `q=${encodeURIComponent(typed)}`)), typed).toEqual(priya);
    }
    expect(ids(await list(core, 'q=416'))).toEqual([id.bobProcessed, id.bobStart]);
  });

  it('finds by envelope id and by delivery id, filters still applying', async () => {
    expect(ids(await list(core, `q=${priyaEnvelope}`))).toEqual([id.priyaRetry, id.priyaStart]);
    expect(ids(await list(core, `q=${encodeURIComponent(`#${id.badJson}`)}`))).toEqual([id.badJson]);
    expect(ids(await list(core, `q=${id.badJson}`))).toEqual([id.badJson]);
    expect(ids(await list(core, `q=${priyaEnvelope}&kind=duplicate`))).toEqual([id.priyaRetry]);
    // A delivery that reached no call is found by its id only.
    expect(ids(await list(core, 'q=Invoice'))).toEqual([]);
  });

  it('answers one delivery, and 404 for an unknown one', async () => {
    const one = await core.api<DeliveryView>(`/api/deliveries/${id.bobProcessed}`);
    expect(one).toMatchObject({ id: id.bobProcessed, kind: 'failed', reprocessBlocked: null });
    // Named as the call list names it: by the contact saved above.
    expect(one.calls.map((c) => c.displayName)).toEqual(['Robert Plumbing']);
    const missing = await core.appFetch('/api/deliveries/424242');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No delivery with id 424242' });
  });

  it('refuses bad queries with the reason in words', async () => {
    const refusal = async (query: string) => {
      const res = await core.appFetch(`/api/deliveries?${query}`);
      return `${res.status} ${((await res.json()) as { error: string }).error}`;
    };
    expect(await refusal('kind=nope')).toBe('400 kind: must be one of accepted, duplicate, rejected, refused, failed');
    expect(await refusal('limit=0')).toBe('400 limit: must be a whole number from 1 to 500');
    expect(await refusal('limit=501')).toBe('400 limit: must be a whole number from 1 to 500');
    expect(await refusal('before=-1')).toMatch(/^400 before: must be a whole number from 1 to/);
    expect(await refusal('page=2')).toBe('400 Unrecognized key: "page"');
  });
});

describe('paging through every delivery', () => {
  it('reaches each of 260 exactly once, newest first, in pages of 50, and ends with no cursor', async () => {
    const core = await startTestCore();
    try {
      const sent = await Promise.all(Array.from({ length: 260 }, (_, i) => core.post(`{"not json ${i}`)));
      expect(sent.every((r) => r.status === 400)).toBe(true);
      const seen: number[] = [];
      let before: number | null = null;
      let pages = 0;
      do {
        const page: ListDeliveriesResponse = await list(core, before === null ? '' : `before=${before}`);
        expect(page.deliveries.length).toBe(pages < 5 ? 50 : 10);
        seen.push(...ids(page));
        before = page.nextCursor;
        pages++;
      } while (before !== null);
      expect(pages).toBe(6);
      expect(seen).toHaveLength(260);
      expect(new Set(seen).size).toBe(260);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      expect((await list(core, 'limit=500')).deliveries).toHaveLength(260);
      expect((await list(core, 'limit=260')).nextCursor).toBeNull();
      expect((await list(core, 'limit=259')).nextCursor).toBe(seen[258]);
    } finally {
      await core.stop();
    }
  });
});

describe('the answers catch-up kept', () => {
  it('are listed without credentials, and one an older version refused is re-processed', async () => {
    const core = await startTestCore();
    try {
      const body = apiAnswerBody([apiResult(PRIYA), apiResult(BOB)]);
      const db = new Database(path.join(core.dataDir, DATABASE_FILE));
      const bodyId = Number(db.prepare(`INSERT INTO api_bodies (sha256, body) VALUES ('older', ?)`).run(body).lastInsertRowid);
      const answerId = Number(
        db
          .prepare(
            `INSERT INTO api_answers (received_at, provider, url, status, outcome, reason, result_count, body_id)
             VALUES ('2019-11-16T12:00:00.000Z', 'marketing-edge', ?, 200, 'rejected', 'Not a calls answer: (rule of an older version)', 0, ?)`,
          )
          .run('https://user:pw@api.example.com/v1/calls?subscription-key=SECRET-KEY&page=1', bodyId).lastInsertRowid,
      );
      db.close();

      const { answers, nextCursor } = await core.api<ListApiAnswersResponse>('/api/catch-up/answers');
      expect(nextCursor).toBeNull();
      expect(answers.map((a) => a.id)).toEqual([answerId]);
      // A page carries no bodies (an answer can be megabytes), only their sizes; one answer carries its body.
      expect(answers[0]).toMatchObject({ body: '', bodyIncluded: false, bodySize: body.length });
      expect(await core.api<ApiAnswerView>(`/api/catch-up/answers/${answerId}`)).toMatchObject({
        body: body.toString('utf8'),
        bodyIncluded: true,
        bodySize: body.length,
      });
      expect(answers[0]!.url).not.toMatch(/SECRET|pw|user/);
      expect(answers[0]!.url).toContain('page=1');
      expect(answers[0]!.summary).toBe('Not a list of calls: Call Alerts could not read this answer as one. Nothing was changed.');

      const res = await core.appFetch(`/api/catch-up/answers/${answerId}/reprocess`, { method: 'POST' });
      expect(res.status).toBe(200);
      const applied = (await res.json()) as ReprocessApiAnswerResponse;
      expect(applied.result).toBe('applied');
      expect(applied.answer).toMatchObject({ outcome: 'accepted', resultCount: 2, bodyIncluded: true, body: body.toString('utf8') });
      expect(applied.answer.calls.map((c) => c.displayName).sort()).toEqual(['Bob Stone', 'Priya Shah']);
      expect(core.store.countCalls()).toBe(2);

      const again = (await (
        await core.appFetch(`/api/catch-up/answers/${answerId}/reprocess`, { method: 'POST' })
      ).json()) as ReprocessApiAnswerResponse;
      expect(again.result).toBe('unchanged');
      expect(core.store.countCalls()).toBe(2);
      expect((await core.api<ApiAnswerView>(`/api/catch-up/answers/${answerId}`)).outcome).toBe('accepted');
      expect((await core.appFetch('/api/catch-up/answers/999/reprocess', { method: 'POST' })).status).toBe(404);
      expect((await core.appFetch('/api/catch-up/answers?outcome=maybe')).status).toBe(400);
    } finally {
      await core.stop();
    }
  });
});

describe('migration 11', () => {
  it('upgrades a schema-10 database holding deliveries, and the kind filter and the answers read its indexes', () => {
    const dir = tempDir();
    try {
      const db = openDatabase(dir);
      const store = new CallStore(db);
      const row = (body: string) => ({
        receivedAt: new Date().toISOString(),
        headers: {},
        body: Buffer.from(body),
        signature: 'not-checked' as const,
      });
      store.ingestBatch([row(callDeliveries(PRIYA).start), row('{"broken')]);
      db.exec('DROP INDEX deliveries_by_outcome; DROP INDEX deliveries_by_kind; DROP INDEX api_events_by_answer; DROP TABLE removed_test_envelopes');
      db.exec(UNDO_MIGRATION_12);
      db.pragma('user_version = 10');
      db.close();

      const reopened = openDatabase(dir);
      try {
        expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
        const plan = reopened
          .prepare(
            `EXPLAIN QUERY PLAN SELECT count(*) FROM deliveries WHERE outcome IN ('rejected', 'failed') GROUP BY outcome, status IN (401, 413, 415)`,
          )
          .all() as { detail: string }[];
        expect(plan.map((p) => p.detail).join(' ')).toContain('deliveries_by_outcome');
        const planOf = (sql: string) =>
          (reopened.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');
        // A page of a kind, with and without a cursor: read along (outcome, id), never sorted in a temporary b-tree.
        for (const kind of [`d.outcome = 'accepted'`, `d.outcome = 'rejected' AND d.status IN (401, 413, 415)`]) {
          for (const cursor of ['', ' AND d.id < 1000']) {
            const kindPlan = planOf(`SELECT d.* FROM deliveries d WHERE ${kind}${cursor} ORDER BY d.id DESC LIMIT 51`);
            expect(kindPlan, kind + cursor).toContain('deliveries_by_kind');
            expect(kindPlan, kind + cursor).not.toContain('TEMP B-TREE');
          }
        }
        // The calls of a page of answers: found by answer, not by reading every record catch-up kept.
        const answersPlan = planOf(
          `SELECT answer_id, call_id FROM api_events WHERE answer_id IN (SELECT value FROM json_each('[1,2]')) GROUP BY answer_id, call_id ORDER BY answer_id, min(result_index)`,
        );
        expect(answersPlan).toContain('api_events_by_answer');
        expect(answersPlan).not.toMatch(/SCAN api_events\b/);
        const upgraded = new CallStore(reopened);
        expect(upgraded.deliveryProblemCounts()).toEqual({ rejected: 1, refused: 0, failed: 0 });
        expect(upgraded.deliveryPage({ kind: 'accepted' }).deliveries.map((d) => d.summary)).toEqual([
          'Call Start for Priya Shah: stored and shown.',
        ]);
      } finally {
        reopened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
