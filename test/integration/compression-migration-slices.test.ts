// Migration 12's compaction on rows of very different sizes: a slice stops when its budget is spent, whatever
// the rows weigh (API answers of 500 kB, webhooks of 1 kB), at least one row each, and every row reads back
// byte for byte. In the background it waits while webhooks arrive and stops when the store closes. Real
// SQLite files in temp dirs.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { QUIET_MS } from '../../electron/core/store/backgroundSlices';
import { decodeBody, encodeBody } from '../../electron/core/store/bodyCodec';
import { CallStore } from '../../electron/core/store/callStore';
import { Compaction, COMPACTION_SLICE_MS } from '../../electron/core/store/compaction';
import { openDatabase, stopWriterCheckpoints, type Db } from '../../electron/core/store/db';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';

let dirs: string[] = [];
let dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

function open(): Db {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return db;
}

const WORDS = 'thanks for calling furnace repair tomorrow morning appointment water heater leaking basement quote price'.split(' ');
const words = (count: number) => Array.from({ length: count }, () => WORDS[crypto.randomInt(WORDS.length)]).join(' ');

/** An API answer of about 500 kB, each different (the table keeps a body once). */
function bigAnswer(n: number): Buffer {
  const results = Array.from({ length: 380 }, (_, i) =>
    apiResult({
      telmetricsId: String(3_000_000_000 + n * 1000 + i),
      callerNumber: `416${String(n * 1000 + i).padStart(7, '0')}`,
      callerName: `Caller ${crypto.randomBytes(6).toString('hex')}`,
      localStart: '2019-11-15T09:10:00',
      ringUtc: '2019-11-15T14:10:00.000',
      transcript: `Agent: thanks for calling. Caller: ${words(40)}`,
    }),
  );
  return apiAnswerBody(results);
}

/** Rows as the schema before compression stored them, with the cursor migration 12 leaves. */
function storedRaw(db: Db, bodies: Buffer[]): void {
  const insert = db.prepare(`INSERT INTO api_bodies (sha256, body) VALUES (?, ?)`);
  for (const b of bodies) insert.run(crypto.createHash('sha256').update(b).digest('hex'), b);
  db.exec(`INSERT INTO compaction SELECT 'api_bodies', 0, max(id) FROM api_bodies`);
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const cursor = (db: Db) => db.prepare(`SELECT done_id FROM compaction WHERE tbl = 'api_bodies'`).pluck().get() as number | undefined;

describe('the compaction of migration 12', () => {
  it('keeps each slice to its budget with rows of 500 kB, and gives every row back byte for byte', () => {
    const db = open();
    const bodies = Array.from({ length: 70 }, (_, n) => bigAnswer(n));
    expect(bodies[0]!.length).toBeGreaterThan(450_000);
    storedRaw(db, bodies);
    // Checkpoints off the writer, as the store thread runs (they would stall a commit in any slice).
    stopWriterCheckpoints(db);
    // Times are the process's CPU time (the slice holds the thread that long), not the wall clock, which the
    // machine's other work stretches. One row's cost: compressing it, and deleting and writing it again
    // (counted as much again).
    const packing = bodies.slice(0, 3).map((b) => {
      const started = process.cpuUsage();
      encodeBody(b);
      return cpuMs(started);
    });
    const rowMs = 2 * Math.max(...packing);

    const compaction = new Compaction(db);
    const slices: { ms: number; rows: number }[] = [];
    for (let more = true, done = 0; more;) {
      const started = process.cpuUsage();
      more = compaction.step();
      const now = cursor(db) ?? bodies.length;
      slices.push({ ms: cpuMs(started), rows: now - done });
      done = now;
    }
    // More than a chunk of rows, in many slices, each moving on, none past three budgets and one row.
    expect(slices.length).toBeGreaterThan(4);
    expect(slices.every((s) => s.rows >= 1)).toBe(true);
    const worst = Math.max(...slices.map((s) => s.ms));
    console.log(
      `compaction of 70 answers of 500 kB: ${slices.length} slices (${slices.map((s) => s.rows).join(' ')} rows), worst ${worst.toFixed(1)} ms CPU, one row ~${rowMs.toFixed(1)} ms`,
    );
    expect(worst).toBeLessThan(3 * COMPACTION_SLICE_MS + rowMs);

    const stored = db.prepare(`SELECT body, codec, size FROM api_bodies ORDER BY id`).all() as { body: Buffer; codec: number; size: number }[];
    expect(stored).toHaveLength(bodies.length);
    for (const [i, row] of stored.entries()) {
      expect(row.codec).toBe(1);
      expect(row.size).toBe(bodies[i]!.length);
      expect(decodeBody(row.codec, row.body).equals(bodies[i]!)).toBe(true);
    }
  }, 120_000);

  it("counts a chunk's writes into the slice's budget, so a slice ends within it and one row", () => {
    const db = open();
    storedRaw(
      db,
      Array.from({ length: 200 }, (_, n) => Buffer.from(`{"answer":${n},"results":[]}`)),
    );
    // A clock that only the writes move, a millisecond a row deleted and one inserted: packing costs nothing by
    // it, so a slice that leaves its writes out of the budget writes a whole chunk of 64 rows past it.
    let clock = 0;
    db.function('spend', (ms: number) => (clock += ms));
    db.exec(`CREATE TEMP TRIGGER deleting AFTER DELETE ON api_bodies BEGIN SELECT spend(1); END`);
    db.exec(`CREATE TEMP TRIGGER inserting AFTER INSERT ON api_bodies BEGIN SELECT spend(1); END`);
    const compaction = new Compaction(db, () => clock);
    const slices: { ms: number; rows: number }[] = [];
    for (let more = true, done = 0; more;) {
      const started = clock;
      more = compaction.step();
      const now = cursor(db) ?? 200;
      slices.push({ ms: clock - started, rows: now - done });
      done = now;
    }
    const rowMs = 2;
    expect(slices.every((s) => s.rows >= 1 && s.ms <= COMPACTION_SLICE_MS + rowMs)).toBe(true);
    expect(slices.reduce((sum, s) => sum + s.rows, 0)).toBe(200);
  });

  it('takes one row of a slice whose budget is spent, so a slice of big rows still moves on', () => {
    const db = open();
    storedRaw(
      db,
      Array.from({ length: 3 }, (_, n) => bigAnswer(n)),
    );
    const compaction = new Compaction(db);
    expect(compaction.step(0)).toBe(true);
    expect(cursor(db)).toBe(1);
  });

  it('waits in the background while webhooks arrive, and stops when the store closes', async () => {
    const db = open();
    storedRaw(
      db,
      Array.from({ length: 6 }, (_, n) => bigAnswer(n)),
    );
    const store = new CallStore(db);
    const deliveries = Array.from({ length: 12 }, (_, i) => {
      const d = callDeliveries({
        telmetricsId: String(2079572000 + i),
        callerNumber: `41655501${String(i).padStart(2, '0')}`,
        localStart: '2019-11-15T09:10:00',
        ringUtc: '2019-11-15T14:10:00.000',
      });
      return { receivedAt: '2019-11-15T14:20:00.000Z', headers: {}, body: Buffer.from(d.processed), signature: 'not-checked' as const };
    });
    // Webhooks for over twice the quiet time, a batch each turn of the event loop (the same ones again: duplicates).
    for (let i = 0, until = performance.now() + 2.5 * QUIET_MS; performance.now() < until; i++) {
      store.ingestBatch([deliveries[i % deliveries.length]!]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(cursor(db)).toBe(0);
    while ((cursor(db) ?? 6) < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    store.close();
    const at = cursor(db);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cursor(db)).toBe(at);
    expect(at).toBeLessThan(6);
  });
});
