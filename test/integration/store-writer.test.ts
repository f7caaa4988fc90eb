// The group-commit writer against a real SQLite file: one transaction per batch, answers only after COMMIT,
// and a failing commit answers every delivery of the batch with an error instead of an acknowledgement.

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryWriter } from '../../electron/core/ingest/deliveryWriter';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';

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
  return { dir, db, store: new CallStore(db) };
}
afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

describe('database', () => {
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
    const { dir, store } = open();
    const d = callDeliveries(spec);
    const observer = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const committed: number[] = [];
    const writer = new DeliveryWriter(store, (results) => committed.push(results.length));
    const seenAtAnswer: number[] = [];
    const answers = [d.start, d.preprocessed, d.processed].map((body) =>
      writer.submit(delivery(body)).then((r) => {
        // Another connection sees the row when the answer is given: it is committed, not just written.
        seenAtAnswer.push((observer.prepare('SELECT count(*) AS n FROM deliveries WHERE id = ?').get(r.deliveryId) as { n: number }).n);
        return r;
      }),
    );
    const results = await Promise.all(answers);
    observer.close();
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(seenAtAnswer).toEqual([1, 1, 1]);
    expect(writer.stats()).toEqual({ deliveries: 3, batches: 1 });
    expect(committed).toEqual([3]);
  });

  it('rejects every delivery of a batch whose commit fails, leaving nothing half-written', async () => {
    const { db, store } = open();
    db.exec(`CREATE TRIGGER refuse_third AFTER INSERT ON deliveries WHEN NEW.id = 3 BEGIN SELECT RAISE(ABORT, 'disk is full'); END`);
    const writer = new DeliveryWriter(store, () => undefined);
    const d = callDeliveries(spec);
    const first = await writer.submit(delivery(d.start));
    expect(first.outcome).toBe('accepted');
    const outcomes = await Promise.allSettled([d.preprocessed, d.processed].map((b) => writer.submit(delivery(b))));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(db.prepare('SELECT count(*) AS n FROM deliveries').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
  });

  it('keeps a delivery whose processing fails, marked failed with the reason', async () => {
    const { db, store } = open();
    db.exec(`CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'fold exploded'); END`);
    const writer = new DeliveryWriter(store, () => undefined);
    const result = await writer.submit(delivery(callDeliveries(spec).start));
    expect(result).toMatchObject({ status: 200, outcome: 'failed', reason: expect.stringContaining('fold exploded') });
    expect(db.prepare('SELECT outcome, length(body) > 0 AS kept FROM deliveries').get()).toEqual({ outcome: 'failed', kept: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 0 });
  });
});
