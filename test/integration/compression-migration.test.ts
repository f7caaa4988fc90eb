// Migration 12 on a database the previous schema wrote (bodies, headers and events stored as they came, each
// notification copied into events.raw): every read shows the same before, halfway and after, the compaction
// stopped halfway (the app quit) carries on at the next start, and it runs by itself in the background.
// Real SQLite files in temp dirs.

import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody, decodeText } from '../../electron/core/store/bodyCodec';
import { CallStore, type ApiAnswer, type IncomingDelivery } from '../../electron/core/store/callStore';
import { Compaction, notificationText } from '../../electron/core/store/compaction';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { REFUSED_HEAD_BYTES } from '../../electron/core/store/rows';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { tempDir } from '../support/core';
import { callDeliveries, type CallSpec } from '../support/payloads';
import { loadSeeds, withCrlf } from '../support/seeds';

const seeds = loadSeeds();
let dirs: string[] = [];
let dbs: Db[] = [];
function open(dir: string): Db {
  const db = openDatabase(dir);
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

const delivery = (body: string | Buffer, extra: Partial<IncomingDelivery> = {}): IncomingDelivery => ({
  receivedAt: '2019-11-15T14:20:00.000Z',
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-source-system': 'Telmetrics Inc.' },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  signature: 'not-checked',
  ...extra,
});
const caller = (i: number): CallSpec => ({
  telmetricsId: String(2079572000 + i),
  callerNumber: `41655501${String(i).padStart(2, '0')}`,
  callerName: `Caller ${i}`,
  localStart: `2019-11-15T09:${String(10 + i).padStart(2, '0')}:00`,
  ringUtc: `2019-11-15T14:${String(10 + i).padStart(2, '0')}:00.000`,
  transcript: i % 2 ? 'Agent: thanks for calling. Caller: I need a furnace repair.' : undefined,
});
const answer = (results: unknown[]): ApiAnswer => ({
  provider: 'marketing-edge',
  url: 'https://edgeapi.test/marketingedge/v5/api/calls?pagenumber=1',
  status: 200,
  receivedAt: Date.parse('2019-11-16T08:00:00Z'),
  body: apiAnswerBody(results),
});

/** A history of every kind of row: accepted calls, a duplicate, a refused head, a rejected invalid UTF-8 body, an empty one, an API answer. */
async function history(db: Db): Promise<void> {
  const store = new CallStore(db);
  for (let i = 0; i < 12; i++) {
    const d = callDeliveries(caller(i));
    store.ingestBatch([delivery(d.start), delivery(d.preprocessed), delivery(d.processed)]);
    if (i === 3) store.ingestBatch([delivery(d.processed)]);
  }
  const big = Buffer.from(withCrlf(seeds.processed.body).repeat(6));
  store.ingestBatch([
    delivery(big, { signature: 'invalid', refusal: { status: 401, reason: 'signature does not match', keep: 'head' } }),
    delivery(Buffer.concat([Buffer.from(withCrlf(seeds.start.body)), Buffer.from([0xff, 0xc3, 0x28])])),
    delivery(Buffer.alloc(0)),
  ]);
  await store.ingestApiAnswer(answer([apiResult(caller(20)), apiResult(caller(21))]));
}

/** What the previous schema stored: every value as it came, raw filled, no codec columns (as migration 11 left it). */
function backToSchema11(db: Db): void {
  const deliveries = db.prepare(`SELECT id, body, body_codec, headers FROM deliveries`).all() as {
    id: number;
    body: Buffer;
    body_codec: number;
    headers: Buffer;
  }[];
  for (const d of deliveries) {
    db.prepare(`UPDATE deliveries SET body = ?, body_codec = 0, headers = ? WHERE id = ?`).run(
      decodeBody(d.body_codec, d.body),
      decodeText(d.headers),
      d.id,
    );
  }
  const events = db.prepare(`SELECT e.id, e.event, e.notification_index, d.body FROM events e JOIN deliveries d ON d.id = e.delivery_id`).all() as {
    id: number;
    event: Buffer;
    notification_index: number;
    body: Buffer;
  }[];
  for (const e of events)
    db.prepare(`UPDATE events SET event = ?, raw = ? WHERE id = ?`).run(decodeText(e.event), notificationText(e.body, e.notification_index), e.id);
  const bodies = db.prepare(`SELECT id, body, codec FROM api_bodies`).all() as { id: number; body: Buffer; codec: number }[];
  for (const b of bodies) db.prepare(`UPDATE api_bodies SET body = ?, codec = 0 WHERE id = ?`).run(decodeBody(b.codec, b.body), b.id);
  for (const e of db.prepare(`SELECT id, event FROM api_events`).all() as { id: number; event: Buffer }[]) {
    db.prepare(`UPDATE api_events SET event = ? WHERE id = ?`).run(decodeText(e.event), e.id);
  }
  db.exec(`
    ALTER TABLE deliveries DROP COLUMN body_codec; ALTER TABLE api_bodies DROP COLUMN codec; ALTER TABLE api_bodies DROP COLUMN size;
    DROP TABLE compaction; CREATE INDEX calls_by_caller ON calls (caller_number, started_ms);
    UPDATE rejected_body_bytes SET n = (SELECT coalesce(sum(length(body)), 0) FROM deliveries WHERE outcome = 'rejected');
  `);
  db.pragma('user_version = 11');
}

/** Everything the window and Re-process read of the history: deliveries, call details with their webhook events, answers. */
function reads(db: Db): string {
  const store = new CallStore(db);
  const deliveries = store.listDeliveries(500);
  const rows = deliveries.map((d) => {
    const row = store.deliveryRow(d.id)!;
    return { ...row, body: row.body.toString('base64') };
  });
  const calls = store.listCalls({ limit: 500 }).calls.map((c) => store.getCallDetail(c.id));
  const answers = store.listApiAnswers({ limit: 50 }).answers.map((a) => ({ ...a, kept: store.getApiAnswer(a.id), body: null }));
  const reprocess = answers.map((a) => store.getApiAnswer(a.id)?.body);
  return JSON.stringify({ deliveries, rows, calls, answers, reprocess });
}

/** A history written by today's code, with what it reads, then put back (still open) to schema 11 as the previous version left it. */
async function olderHistory(): Promise<{ dir: string; built: Db; expected: string }> {
  const dir = tempDir();
  dirs.push(dir);
  const built = open(dir);
  await history(built);
  const expected = reads(built);
  backToSchema11(built);
  return { dir, built, expected };
}

const pending = (db: Db) => db.prepare(`SELECT tbl, done_id, last_id FROM compaction ORDER BY tbl`).all() as { tbl: string; done_id: number }[];

describe('migration 12 on a history the previous schema wrote', () => {
  it('reads the same before, halfway (stopped and started again) and after, and stores every old value compressed', async () => {
    const { dir, built, expected } = await olderHistory();
    const sizeBefore = (built.prepare(`SELECT sum(length(body)) FROM deliveries`).pluck().get() as number) + 0;
    built.close();

    const db = open(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(pending(db).map((p) => p.tbl)).toEqual(['api_bodies', 'api_events', 'deliveries', 'events']);
    expect(reads(db)).toBe(expected);
    // Halfway: a few rows done, then the app quits.
    const compaction = new Compaction(db);
    compaction.step(0);
    compaction.step(0);
    expect(pending(db).length).toBeGreaterThan(0);
    expect(reads(db)).toBe(expected);
    const halfway = pending(db);
    db.close();

    const again = open(dir);
    expect(pending(again)).toEqual(halfway);
    expect(reads(again)).toBe(expected);
    const rest = new Compaction(again);
    while (rest.step(5));
    expect(pending(again)).toEqual([]);
    expect(reads(again)).toBe(expected);
    // Every value is stored compressed where that makes it smaller (a rejected body stays as received: the
    // refused-body budget counts it so), no notification is kept twice, and every foreign key still holds.
    expect(again.prepare(`SELECT outcome, body_codec AS codec FROM deliveries WHERE length(body) > 100 GROUP BY 1, 2 ORDER BY 1`).all()).toEqual([
      { outcome: 'accepted', codec: 1 },
      { outcome: 'duplicate', codec: 1 },
      { outcome: 'rejected', codec: 0 },
    ]);
    expect(again.pragma('foreign_key_check')).toEqual([]);
    expect(again.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(again.prepare(`SELECT count(*) FROM deliveries WHERE typeof(headers) = 'text'`).pluck().get()).toBe(0);
    expect(again.prepare(`SELECT count(*) FROM events WHERE typeof(event) = 'text' OR raw <> ''`).pluck().get()).toBe(0);
    expect(again.prepare(`SELECT count(*) FROM api_bodies WHERE codec = 0`).pluck().get()).toBe(0);
    expect(again.prepare(`SELECT count(*) FROM api_events WHERE typeof(event) = 'text'`).pluck().get()).toBe(0);
    expect(again.prepare(`SELECT sum(length(body)) FROM deliveries`).pluck().get()).toBeLessThan(sizeBefore / 3);
    // The refused-body budget counts the bytes kept, as stored.
    expect(again.prepare(`SELECT n FROM rejected_body_bytes`).pluck().get()).toBe(
      again.prepare(`SELECT coalesce(sum(length(body)), 0) FROM deliveries WHERE outcome = 'rejected'`).pluck().get(),
    );
    // The refused head is still its first bytes exactly.
    const head = again.prepare(`SELECT id FROM deliveries WHERE body_kept = 'head'`).pluck().get() as number;
    const row = new CallStore(again).deliveryRow(head)!;
    expect(row.body.equals(Buffer.from(withCrlf(seeds.processed.body).repeat(6)).subarray(0, REFUSED_HEAD_BYTES))).toBe(true);
  });

  it('keeps an old raw that the body does not give back exactly', async () => {
    const { dir, built } = await olderHistory();
    built.prepare(`UPDATE events SET raw = '{"written":"by hand"}' WHERE id = 1`).run();
    built.close();
    const db = open(dir);
    const compaction = new Compaction(db);
    while (compaction.step(5));
    expect(db.prepare(`SELECT raw FROM events WHERE raw <> ''`).pluck().all()).toEqual(['{"written":"by hand"}']);
  });

  it('runs by itself after start, a slice at a time, until nothing is left', async () => {
    const { dir, built, expected } = await olderHistory();
    built.close();
    const db = open(dir);
    new CallStore(db);
    expect(pending(db).length).toBe(4);
    for (let turn = 0; turn < 1000 && pending(db).length > 0; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pending(db)).toEqual([]);
    expect(reads(db)).toBe(expected);
  });

  it('has nothing to do on a new database', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = open(dir);
    expect(pending(db)).toEqual([]);
    expect(new Compaction(db).step()).toBe(false);
  });
});
