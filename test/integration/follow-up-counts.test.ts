// The call-back entries counted by state without counting them (migration 15), on real SQLite files: through
// live webhooks (a missed call opening an entry, one merging into it, an answered call closing one), marks done
// and open again, a bulk delete and the background build that counts the history again, the kept counts always
// equal a fresh count(*); and a database at schema 14 that already holds entries is upgraded to the right counts.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/core/store/db';
import { FollowUpBuild } from '../../electron/core/store/followUpBuild';
import { BUILD_FLAG, FollowUps } from '../../electron/core/store/followUps';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import type { FollowUpState } from '../../shared/domain';
import { tempDir } from '../support/core';
import { UNDO_MIGRATION_15 } from '../support/olderSchema';
import { callDeliveries } from '../support/payloads';
import { incoming } from '../support/readerHistory';

const generated = tempDir('call-alerts-follow-up-counts-');
const dirs: string[] = [generated];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

beforeAll(async () => {
  await generateDatabase({ dataDir: generated, calls: 1500, seed: 5, workers: 0 });
}, 120_000);

function copy(): string {
  const dir = tempDir('call-alerts-follow-up-counts-');
  dirs.push(dir);
  fs.copyFileSync(path.join(generated, DATABASE_FILE), path.join(dir, DATABASE_FILE));
  return dir;
}

type PerState = Record<FollowUpState, number>;

/** The counts as kept and as counted afresh, per state. */
function counts(db: Db): { kept: PerState; counted: PerState } {
  const perState = (sql: string) => Object.fromEntries(db.prepare<[], [FollowUpState, number]>(sql).raw().all()) as PerState;
  return {
    kept: perState(`SELECT state, n FROM follow_up_counts ORDER BY state`),
    counted: perState(`SELECT s, (SELECT count(*) FROM follow_ups WHERE state = s) FROM (SELECT 'done' AS s UNION ALL SELECT 'open')`),
  };
}

function expectExact(db: Db, store: CallStore): PerState {
  const { kept, counted } = counts(db);
  expect(kept).toEqual(counted);
  expect(store.openFollowUps()).toBe(counted.open);
  expect(store.followUpListing('open').open).toBe(counted.open);
  return counted;
}

let serial = 0;
/** A whole call from `number` after the history's end (its Start and its details). */
function call(number: string, answered: boolean): IncomingDelivery[] {
  serial++;
  const d = callDeliveries({
    telmetricsId: `7800${String(serial).padStart(5, '0')}`,
    callerNumber: number,
    localStart: `2026-01-02T10:${String(serial).padStart(2, '0')}:00`,
    ringUtc: `2026-01-02T15:${String(serial).padStart(2, '0')}:00.000`,
    answered,
  });
  return [d.start, d.processed].map(incoming);
}

describe('the call-back entries counted by state', () => {
  it('stay exact through webhooks, marks, a bulk delete and the background build', () => {
    const db = openDatabase(copy());
    try {
      const store = new CallStore(db);
      store.close();
      const start = expectExact(db, store);
      expect(start.open).toBeGreaterThan(50);
      expect(start.done).toBeGreaterThan(10);

      const openNumber = db.prepare<[], string>(`SELECT caller_number FROM follow_ups WHERE state = 'open' ORDER BY id LIMIT 1`).pluck().get()!;
      // A new caller missed (an entry opens), missed again (it merges), then reached (it closes, rewritten in place).
      store.ingestBatch(call('0000000001', false));
      expect(expectExact(db, store).open).toBe(start.open + 1);
      store.ingestBatch(call('0000000001', false));
      expect(expectExact(db, store).open).toBe(start.open + 1);
      store.ingestBatch(call(openNumber, true));
      expect(expectExact(db, store)).toEqual({ open: start.open, done: start.done + 1 });

      const [entry] = store.followUpsOfNumber('0000000001');
      expect(store.markFollowUp(entry!.lastCallId, 'done', 'Maria', 'Booked')).toBe(true);
      expect(expectExact(db, store)).toEqual({ open: start.open - 1, done: start.done + 2 });
      expect(store.markFollowUp(entry!.lastCallId, 'open', 'Sam', null)).toBe(true);
      expect(expectExact(db, store)).toEqual({ open: start.open, done: start.done + 1 });

      // As an upgrade or a bulk import leaves it: no entries, then counted again in slices, a webhook meanwhile.
      db.exec(`DELETE FROM follow_ups; DELETE FROM follow_up_calls; INSERT INTO settings (key, value) VALUES ('${BUILD_FLAG}', '1')`);
      expect(expectExact(db, store)).toEqual({ open: 0, done: 0 });
      const build = new FollowUpBuild(db, new FollowUps(db, () => new Map()));
      for (let i = 0; i < 5; i++) build.step(0);
      store.ingestBatch(call('0000000002', false));
      expectExact(db, store);
      while (build.step(0));
      expect(expectExact(db, store)).toEqual({ open: start.open + 1, done: start.done + 1 });
    } finally {
      db.close();
    }
  });

  it('are counted by the migration on a database at schema 14 that holds entries', () => {
    const dir = copy();
    let db = openDatabase(dir);
    const store = new CallStore(db);
    store.close();
    const open = db.prepare<[], number>(`SELECT last_call_id FROM follow_ups WHERE state = 'open' ORDER BY id LIMIT 3`).pluck().all();
    for (const id of open) store.markFollowUp(id, 'done', 'Maria', null);
    const before = counts(db).counted;
    expect(before.open).toBeGreaterThan(50);
    db.exec(UNDO_MIGRATION_15);
    db.pragma(`user_version = ${MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE IF NOT EXISTS follow_up_counts'))}`);
    db.close();

    db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(counts(db)).toEqual({ kept: before, counted: before });
    } finally {
      db.close();
    }
  });
});
