// The group-commit writer against a real SQLite file: one transaction per batch, answers only after COMMIT
// and the WAL's fsync, and a failing commit or fsync answers every delivery of the batch with an error
// instead of an acknowledgement.

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryWriter, looksLikeCallStart } from '../../electron/core/ingest/deliveryWriter';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { WalSync } from '../../electron/core/store/walSync';
import { tempDir } from '../support/core';
import { UNDO_MIGRATION_12, UNDO_MIGRATION_6, UNDO_MIGRATION_7, UNDO_MIGRATION_8, UNDO_MIGRATION_9 } from '../support/olderSchema';
import { callDeliveries } from '../support/payloads';
import { loadSeeds } from '../support/seeds';

const spec = { telmetricsId: '1', callerNumber: '9055552955', localStart: '2019-11-15T09:09:54', ringUtc: '2019-11-15T14:09:46.100' };

function delivery(body: string): IncomingDelivery {
  return { receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' };
}

let dirs: string[] = [];
let dbs: Db[] = [];
function open() {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return { dir, db, store: new CallStore(db), wal: new WalSync(`${db.name}-wal`) };
}

/** A WalSync whose fsync is held until the test lets it go (or fails it), to see what waits for the disk. */
class HeldWalSync extends WalSync {
  private held: { resolve: () => void; reject: (e: Error) => void }[] = [];
  override sync(): Promise<void> {
    return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
  }
  get waiting(): number {
    return this.held.length;
  }
  release(): void {
    for (const h of this.held.splice(0)) h.resolve();
  }
  fail(error: Error): void {
    for (const h of this.held.splice(0)) h.reject(error);
  }
}
/** The writer's batch is flushed on the next turn of the event loop; one more lets its promises settle. */
async function batchWritten(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

describe('database', () => {
  it('keeps the number of calls exact without counting them: from an older database, through ingest and deletion', () => {
    const { dir, db, store } = open();
    const spec2 = { ...spec, telmetricsId: '2', callerNumber: '4165550100' };
    store.ingestBatch([callDeliveries(spec).start, callDeliveries(spec2).processed].map(delivery));
    // The database as migration 4 left it, with calls already in it.
    db.exec(UNDO_MIGRATION_12 + UNDO_MIGRATION_9 + UNDO_MIGRATION_8 + UNDO_MIGRATION_7 + UNDO_MIGRATION_6);
    db.exec(`DROP TRIGGER calls_count_insert; DROP TRIGGER calls_count_delete; DROP TABLE call_count`);
    db.pragma(`user_version = 4`);
    db.close();
    const reopened = openDatabase(dir);
    dbs.push(reopened);
    const again = new CallStore(reopened);
    const counted = () => reopened.prepare<[], number>(`SELECT count(*) FROM calls`).pluck().get();
    expect(again.countCalls()).toBe(2);
    const [test] = again.ingestBatch([delivery(callDeliveries({ ...spec, telmetricsId: '3', callerNumber: '6135550199' }).start)]);
    expect(again.countCalls()).toBe(3);
    again.markTestCalls(test!.deliveryId);
    expect(again.deleteTestCalls()).toBe(1);
    expect(again.countCalls()).toBe(counted());
    expect(counted()).toBe(2);
  });

  it('opens with WAL, synchronous=FULL and every migration applied', () => {
    const { db } = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('refuses a database from a newer version instead of damaging it', () => {
    const { dir, db } = open();
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer version of Call Alerts/);
  });
});

describe('DeliveryWriter', () => {
  it('writes deliveries submitted together in one transaction, and answers after the commit', async () => {
    const { dir, store, wal } = open();
    const d = callDeliveries(spec);
    const other = callDeliveries({ ...spec, telmetricsId: '2', callerNumber: '4165550100' });
    const observer = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const committed: number[] = [];
    const writer = new DeliveryWriter(store, wal, (results) => committed.push(results.length));
    const seenAtAnswer: number[] = [];
    const answers = [d.preprocessed, d.processed, other.processed].map((body) =>
      writer.submit(delivery(body)).then((r) => {
        // Another connection sees the row when the answer is given: it is committed, not just written.
        seenAtAnswer.push(observer.prepare<[number], { n: number }>('SELECT count(*) AS n FROM deliveries WHERE id = ?').get(r.deliveryId)!.n);
        return r;
      }),
    );
    const results = await Promise.all(answers);
    observer.close();
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(seenAtAnswer).toEqual([1, 1, 1]);
    expect(writer.stats()).toEqual({ deliveries: 3, batches: 1, syncs: 1 });
    expect(committed).toEqual([3]);
  });

  it('writes the Call Starts of a batch first, in a transaction of their own, and their alerts leave before the rest is written', async () => {
    const { dir, store, wal } = open();
    const first = callDeliveries(spec);
    const second = callDeliveries({ ...spec, telmetricsId: '2', callerNumber: '4165550100' });
    const observer = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const deliveriesSeen = () => observer.prepare<[], number>('SELECT count(*) FROM deliveries').pluck().get();
    const steps: string[] = [];
    const writer = new DeliveryWriter(store, wal, (results) => {
      steps.push(`committed ${results.map((r) => r.changes.some((c) => c.started)).join(',')} (${deliveriesSeen()} stored)`);
      // Where the store worker's outbox sends the alerts to the front.
      queueMicrotask(() => steps.push('alerts sent'));
    });
    const answers = [first.processed, first.start, second.preprocessed, second.start].map((body) => writer.submit(delivery(body)));
    const results = await Promise.all(answers);
    observer.close();
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(steps).toEqual(['committed true,true (2 stored)', 'alerts sent', 'committed false,false (4 stored)', 'alerts sent']);
    expect(writer.stats()).toMatchObject({ deliveries: 4, batches: 2 });
  });

  it('tells a Call Start by its action, before parsing', () => {
    const d = callDeliveries(spec);
    expect([d.start, d.preprocessed, d.processed, 'not json'].map((body) => looksLikeCallStart(delivery(body)))).toEqual([true, false, false, false]);
    expect(looksLikeCallStart(delivery(d.start.replace('CallDetails.CallStartCall', 'call_start')))).toBe(true);
    expect(looksLikeCallStart({ ...delivery(d.start), refusal: { status: 401, reason: 'signature', keep: 'none', declaredSize: 10 } })).toBe(false);
  });

  it('rejects every delivery of a batch whose commit fails, leaving nothing half-written', async () => {
    const { db, store, wal } = open();
    db.exec(`CREATE TRIGGER refuse_third AFTER INSERT ON deliveries WHEN NEW.id = 3 BEGIN SELECT RAISE(ABORT, 'disk is full'); END`);
    const writer = new DeliveryWriter(store, wal, () => undefined);
    const d = callDeliveries(spec);
    const first = await writer.submit(delivery(d.start));
    expect(first.outcome).toBe('accepted');
    const outcomes = await Promise.allSettled([d.preprocessed, d.processed].map((b) => writer.submit(delivery(b))));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(db.prepare('SELECT count(*) AS n FROM deliveries').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
  });

  it('keeps a delivery whose processing fails, marked failed with the reason', async () => {
    const { db, store, wal } = open();
    db.exec(`CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'fold exploded'); END`);
    const writer = new DeliveryWriter(store, wal, () => undefined);
    const result = await writer.submit(delivery(callDeliveries(spec).start));
    expect(result).toMatchObject({ status: 200, outcome: 'failed', reason: expect.stringContaining('fold exploded') });
    expect(db.prepare('SELECT outcome, length(body) > 0 AS kept FROM deliveries').get()).toEqual({ outcome: 'failed', kept: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 0 });
  });

  it('raises the alert at the commit but acknowledges only after the fsync; a failed fsync answers with an error', async () => {
    const { dir, db, store } = open();
    const wal = new HeldWalSync(path.join(dir, 'unused'));
    const committed: string[] = [];
    const writer = new DeliveryWriter(store, wal, (results) => committed.push(...results.map((r) => r.outcome)));
    const d = callDeliveries(spec);
    let answered = false;
    const first = writer.submit(delivery(d.start)).then((r) => ((answered = true), r));
    await batchWritten();
    expect(committed).toEqual(['accepted']);
    expect(wal.waiting).toBe(1);
    expect(answered).toBe(false);
    wal.release();
    expect((await first).outcome).toBe('accepted');

    // The disk failed: no acknowledgement. The row is committed, so the vendor's retry is a duplicate.
    const second = writer.submit(delivery(d.preprocessed));
    await batchWritten();
    wal.fail(new Error('EIO: i/o error, fsync'));
    await expect(second).rejects.toThrow(/EIO/);
    const retry = writer.submit(delivery(d.preprocessed));
    await batchWritten();
    wal.release();
    expect((await retry).outcome).toBe('duplicate');
    expect(db.prepare(`SELECT count(*) AS n FROM events`).get()).toEqual({ n: 2 });
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('waits on close for the fsync of what it wrote', async () => {
    const { dir, store } = open();
    const wal = new HeldWalSync(path.join(dir, 'unused'));
    const writer = new DeliveryWriter(store, wal, () => undefined);
    const answer = writer.submit(delivery(callDeliveries(spec).start));
    let closed = false;
    const closing = writer.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    wal.release();
    await closing;
    expect((await answer).outcome).toBe('accepted');
  });
});

describe('WalSync', () => {
  it('shares one fsync among the commits made while another runs, and never covers a commit with an earlier fsync', async () => {
    const { db, wal } = open();
    db.exec(`INSERT INTO settings (key, value) VALUES ('a', '1')`);
    const first = wal.sync();
    // Made while the first fsync runs: they need one more, which they share.
    const later = [wal.sync(), wal.sync(), wal.sync()];
    expect(later[0]).toBe(later[1]);
    expect(later[1]).toBe(later[2]);
    expect(later[0]).not.toBe(first);
    await Promise.all([first, ...later]);
    expect(wal.count).toBe(2);
    await wal.sync();
    expect(wal.count).toBe(3);
    wal.close();
  });

  it('rejects with the system error when the WAL file cannot be opened', async () => {
    const { dir } = open();
    const wal = new WalSync(path.join(dir, 'no-such-dir', 'calls.sqlite-wal'));
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    // The next commit tries again rather than inheriting the failure.
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    expect(wal.count).toBe(2);
  });
});

describe('stored events', () => {
  it('show each notification as received, read back from its delivery (repeated keys as the parser read them); older rows keep their own copy', () => {
    const { db, store } = open();
    const [result] = store.ingestBatch([delivery(loadSeeds().preprocessed.body)]);
    const callId = result!.changes[0]!.callId;
    // Nothing is stored twice: the notification lives in the delivery's body only.
    expect(db.prepare(`SELECT raw FROM events`).all()).toEqual([{ raw: '' }]);
    const shown = JSON.parse(store.getCallDetail(callId)!.events[0]!.raw) as Record<string, unknown>;
    expect(shown.TelmetricsId).toBe(2079571437);
    // The sample sends MonitorStartTime twice, the value first and null second: the value is kept.
    expect(shown.MonitorStartTime).toBe('2019-11-15T14:09:53.564');

    db.prepare(`UPDATE events SET raw = ?`).run('{"written":"before raw went unused"}');
    expect(store.getCallDetail(callId)!.events[0]!.raw).toBe('{"written":"before raw went unused"}');
  });
});

describe('test calls', () => {
  it('are left out of lists and searches when hidden, and deleted with their search rows and the deliveries that carried only them', () => {
    const { db, store } = open();
    const real = callDeliveries(spec);
    const test = callDeliveries({ ...spec, telmetricsId: '2', callerNumber: '4165550100' });
    const [realStart, testStart, testProcessed, rejected] = store.ingestBatch([real.start, test.start, test.processed, 'not json'].map(delivery));
    const testCallId = testStart!.changes[0]!.callId;
    expect(store.markTestCalls(testStart!.deliveryId)).toEqual([testCallId]);
    expect(store.testCallIds()).toEqual([testCallId]);
    const listed = (q?: string) => store.listCalls({ q }).calls.map((c) => c.id);
    const realCallId = realStart!.changes[0]!.callId;
    expect(listed()).toEqual([testCallId, realCallId].sort((a, b) => b - a));

    store.setTestCallsHidden(true);
    expect(store.testCallsHidden()).toBe(true);
    expect(listed()).toEqual([realCallId]);
    expect(listed('5550100')).toEqual([]);
    store.setTestCallsHidden(false);
    expect(listed('5550100')).toEqual([testCallId]);

    expect(store.deleteTestCalls()).toBe(1);
    expect(store.testCallIds()).toEqual([]);
    expect(listed('5550100')).toEqual([]);
    const searchRows = db.prepare<[string], number>(`SELECT rowid FROM calls_search WHERE calls_search MATCH ?`).pluck();
    expect(searchRows.all('number : "5550100"*')).toEqual([]);
    const kept = store.listDeliveries(10).map((d) => d.id);
    expect(kept).toEqual([rejected!.deliveryId, realStart!.deliveryId]);
    expect(kept).not.toContain(testProcessed!.deliveryId);
    expect(store.countCalls()).toBe(1);
  });
});
