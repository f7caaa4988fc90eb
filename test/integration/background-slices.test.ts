// The scheduling of the work on a stored history after start (electron/core/store/backgroundSlices.ts), on a
// real SQLite file: slices commit without their own fsync, leave the thread idle as long as they took, wait
// while webhooks arrive, and a task that throws is retried with back-off, logged once, the others going on.

import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { idleAfter, QUIET_MS, retryDelay, runInBackground, type BackgroundTask } from '../../electron/core/store/backgroundSlices';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { tempDir } from '../support/core';

let dirs: string[] = [];
let dbs: Db[] = [];
let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  for (const db of dbs) if (db.open) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
  stops = [];
});

function open(): Db {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(dir);
  db.exec(`CREATE TABLE work (n INTEGER)`);
  dbs.push(db);
  return db;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const spin = (ms: number) => {
  for (const until = performance.now() + ms; performance.now() < until;);
};

/** A task of `slices` slices, each a write of its own that holds the thread `ms`; records when each ran. */
function writes(db: Db, slices: number, ms = 0, name = 'Counting') {
  const ran: { start: number; end: number; synchronous: number }[] = [];
  const insert = db.prepare(`INSERT INTO work (n) VALUES (?)`);
  const task: BackgroundTask = {
    name,
    pending: () => ran.length < slices,
    step: () => {
      const start = performance.now();
      db.transaction(() => insert.run(ran.length))();
      spin(ms);
      ran.push({ start, end: performance.now(), synchronous: db.pragma('synchronous', { simple: true }) as number });
      return ran.length < slices;
    },
  };
  return { task, ran };
}

describe('background slices', () => {
  it('commit without fsync, and leave the thread idle between them as long as they took', async () => {
    const db = open();
    const { task, ran } = writes(db, 12, 8);
    stops.push(runInBackground(db, [task]));
    while (ran.length < 12) await sleep(10);
    // synchronous=NORMAL (1) inside the slice, FULL (2) again after it.
    expect(ran.map((r) => r.synchronous)).toEqual(ran.map(() => 1));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    for (let i = 1; i < ran.length; i++) {
      const took = ran[i - 1]!.end - ran[i - 1]!.start;
      expect(ran[i]!.start - ran[i - 1]!.end).toBeGreaterThanOrEqual(took * 0.9);
    }
    expect(db.prepare(`SELECT count(*) FROM work`).pluck().get()).toBe(12);
    expect(idleAfter(0.2)).toBe(1);
    expect(idleAfter(7.3)).toBe(8);
  });

  it('wait while webhooks arrive, and go on once they stop', async () => {
    const db = open();
    const { task, ran } = writes(db, 3);
    let lastWebhook = performance.now();
    const arriving = setInterval(() => (lastWebhook = performance.now()), 50);
    stops.push(runInBackground(db, [task], { busy: () => performance.now() - lastWebhook < QUIET_MS }));
    await sleep(600);
    expect(ran.length).toBe(0);
    clearInterval(arriving);
    const stopped = performance.now();
    while (ran.length < 3) await sleep(10);
    expect(ran[0]!.start - stopped).toBeGreaterThanOrEqual(QUIET_MS - 60);
  });

  it('retry a task that threw with back-off, say so once with the reason, and run the others meanwhile', async () => {
    const db = open();
    const tries: number[] = [];
    const failing: BackgroundTask = {
      name: 'Compressing the stored history',
      pending: () => true,
      step: () => {
        tries.push(performance.now());
        if (tries.length <= 2) throw new Error('database or disk is full');
        return false;
      },
    };
    const other = writes(db, 30, 0, 'Indexing');
    const logged: string[] = [];
    stops.push(runInBackground(db, [failing, other.task], { log: (m) => logged.push(m) }));
    while (tries.length < 3) await sleep(20);
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(retryDelay(1) - 20);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(retryDelay(2) - 20);
    expect(logged[0]).toMatch(/^Compressing the stored history stopped: database or disk is full/);
    expect(logged.filter((m) => m.includes('stopped'))).toHaveLength(1);
    // The other task went on while the first waited.
    expect(other.ran.length).toBe(30);
    expect(other.ran[29]!.end).toBeLessThan(tries[1]!);
    expect([retryDelay(1), retryDelay(2), retryDelay(3), retryDelay(30)]).toEqual([1000, 2000, 4000, 600_000]);
  }, 10_000);

  it('stop when told, and when the database closes', async () => {
    const db = open();
    const first = writes(db, 1000);
    const stop = runInBackground(db, [first.task]);
    while (first.ran.length < 2) await sleep(2);
    stop();
    const at = first.ran.length;
    await sleep(100);
    expect(first.ran.length).toBe(at);

    const second = writes(db, 1000);
    stops.push(runInBackground(db, [second.task]));
    while (second.ran.length < 2) await sleep(2);
    db.close();
    const closedAt = second.ran.length;
    await sleep(100);
    expect(second.ran.length).toBe(closedAt);
  });
});
