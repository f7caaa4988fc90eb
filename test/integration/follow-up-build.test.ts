// The call-back entries of a history from before them (an upgrade, a bulk import) counted after start, in
// slices, on real SQLite files: the store answers at once and says it is still counting; the slices end with
// exactly the entries the one-shot build (every number recomputed in one transaction) gives on the same calls
// and marks; webhooks meanwhile are folded in; a restart goes on where the last slice stopped; and through the
// core's store (its timers) the end is pushed once, whole, with none of the built entries pushed as changes.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase } from '../../bench/generate';
import { openCoreStore } from '../../electron/core/coreStore';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/core/store/db';
import { BUILT_THROUGH, FollowUpBuild } from '../../electron/core/store/followUpBuild';
import { BUILD_FLAG, FollowUps } from '../../electron/core/store/followUps';
import type { FollowUpsEvent } from '../../shared/api';
import { until } from '../support/catchUp';
import { tempDir } from '../support/core';
import { callDeliveries, type CallSpec } from '../support/payloads';

const generated = tempDir('call-alerts-follow-up-build-');
const dirs: string[] = [generated];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const setting = (db: Db, key: string) => db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck().get(key);
const count = (db: Db, sql: string) => db.prepare(sql).pluck().get() as number;
/** Every stored entry and which entry holds each call. */
const entries = (db: Db) => ({
  entries: db.prepare(`SELECT * FROM follow_ups ORDER BY id`).all(),
  members: db.prepare(`SELECT * FROM follow_up_calls ORDER BY call_id`).all(),
});

/** The entries as they were built before (one transaction at start, every number with a missed call recomputed). */
function oneShot(db: Db): ReturnType<typeof entries> {
  const followUps = new FollowUps(db, () => new Map());
  const numbers = db
    .prepare<[], string>(`SELECT DISTINCT caller_number FROM calls WHERE outcome IN ('missed', 'voicemail') AND caller_number IS NOT NULL`)
    .pluck();
  db.exec('BEGIN');
  try {
    db.exec(`DELETE FROM follow_ups; DELETE FROM follow_up_calls`);
    for (const number of numbers.all()) followUps.recompute(number);
    return entries(db);
  } finally {
    db.exec('ROLLBACK');
  }
}

/** A copy of the generated history as an upgrade leaves it: no entries, the flag asking for them (the marks kept). */
function upgradedCopy(): string {
  const dir = tempDir('call-alerts-follow-up-build-');
  dirs.push(dir);
  fs.copyFileSync(path.join(generated, DATABASE_FILE), path.join(dir, DATABASE_FILE));
  const db = openDatabase(dir);
  db.exec(`DELETE FROM follow_ups; DELETE FROM follow_up_calls; INSERT INTO settings (key, value) VALUES ('${BUILD_FLAG}', '1')`);
  db.close();
  return dir;
}

/** Runs slices of no budget (a number each, then as the pace allows) until `stop` says so or none is left; returns how many. */
function slices(build: FollowUpBuild, stop: () => boolean = () => false): number {
  let n = 0;
  while (!stop() && build.step(0)) n++;
  return n;
}

function delivery(body: string): IncomingDelivery {
  return { receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' };
}

let serial = 0;
/** A whole call from `number` after the history's end (its Start and its details). */
function call(number: string, answered: boolean): IncomingDelivery[] {
  serial++;
  const spec: CallSpec = {
    telmetricsId: `7700${String(serial).padStart(5, '0')}`,
    callerNumber: number,
    localStart: `2026-01-02T09:${String(serial).padStart(2, '0')}:00`,
    ringUtc: `2026-01-02T14:${String(serial).padStart(2, '0')}:00.000`,
    answered,
  };
  const d = callDeliveries(spec);
  return [delivery(d.start), delivery(d.processed)];
}

beforeAll(async () => {
  await generateDatabase({ dataDir: generated, calls: 1500, seed: 5, workers: 0 });
  // Marks staff made (done, done then open again) are part of what the entries are built from.
  const db = openDatabase(generated);
  const store = new CallStore(db);
  store.close();
  const open = db.prepare<[], number>(`SELECT last_call_id FROM follow_ups WHERE state = 'open' ORDER BY id LIMIT 6`).pluck().all();
  for (const id of open) store.markFollowUp(id, 'done', 'Maria', 'Booked');
  store.markFollowUp(open[0]!, 'open', 'Sam', null);
  db.close();
}, 120_000);

describe('counting the call-backs of a history from before them', () => {
  it('answers at once, saying it is still counting, and builds in slices the entries the one-shot build gives', () => {
    const db = openDatabase(upgradedCopy());
    try {
      const expected = oneShot(db);
      expect(expected.entries.length).toBeGreaterThan(100);
      expect(count(db, `SELECT count(*) FROM follow_up_marks`)).toBe(7);

      const store = new CallStore(db);
      store.close();
      expect(store.followUpsBuilding()).toBe(true);
      expect(count(db, `SELECT count(*) FROM follow_ups`)).toBe(0);
      expect(store.listFollowUps('open')).toEqual([]);

      const build = new FollowUpBuild(db, new FollowUps(db, () => new Map()));
      expect(slices(build)).toBeGreaterThan(20);
      expect(entries(db)).toEqual(expected);
      expect([setting(db, BUILD_FLAG), setting(db, BUILT_THROUGH)]).toEqual([undefined, undefined]);
      expect(store.followUpsBuilding()).toBe(false);
      expect(store.takeFollowUpChanges()).toBeNull();
    } finally {
      db.close();
    }
  });

  it('folds the webhooks that arrive meanwhile, behind and ahead of the slices', () => {
    const db = openDatabase(upgradedCopy());
    try {
      const store = new CallStore(db);
      store.close();
      const numbers = db
        .prepare<[], string>(`SELECT DISTINCT caller_number FROM calls WHERE outcome = 'missed' ORDER BY caller_number`)
        .pluck()
        .all();
      const [early, late] = [numbers[1]!, numbers[numbers.length - 2]!];
      const build = new FollowUpBuild(db, new FollowUps(db, () => new Map()));
      slices(build, () => (setting(db, BUILT_THROUGH) ?? '') > numbers[Math.floor(numbers.length / 2)]!);
      expect(store.followUpsBuilding()).toBe(true);

      // Behind the slices: a caller already counted misses us again, another is reached; ahead: one missed, a new caller.
      for (const [number, answered] of [
        [early, false],
        [numbers[0]!, true],
        [late, false],
        ['0000000001', false],
      ] as const) {
        store.ingestBatch(call(number, answered));
        const changed = store.takeFollowUpChanges();
        const entry = store.followUpsOfNumber(number).at(-1)!;
        expect(changed?.entryIds).toEqual([entry.id]);
        expect(entry.state).toBe(answered ? 'done' : 'open');
      }
      slices(build);
      expect(entries(db)).toEqual(oneShot(db));
      expect(store.followUpsOfNumber('0000000001')).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('goes on where it stopped after a restart', () => {
    const dir = upgradedCopy();
    let db = openDatabase(dir);
    const expected = oneShot(db);
    const all = slices(new FollowUpBuild(db, new FollowUps(db, () => new Map())));
    db.close();

    fs.rmSync(path.join(dir, DATABASE_FILE));
    fs.copyFileSync(path.join(generated, DATABASE_FILE), path.join(dir, DATABASE_FILE));
    db = openDatabase(dir);
    db.exec(`DELETE FROM follow_ups; DELETE FROM follow_up_calls; INSERT INTO settings (key, value) VALUES ('${BUILD_FLAG}', '1')`);
    let done = 0;
    slices(new FollowUpBuild(db, new FollowUps(db, () => new Map())), () => ++done > 10);
    const through = setting(db, BUILT_THROUGH);
    const built = count(db, `SELECT count(*) FROM follow_ups`);
    expect(through).toBeDefined();
    db.close();

    db = openDatabase(dir);
    try {
      expect(count(db, `SELECT count(*) FROM follow_ups`)).toBe(built);
      const resumed = slices(new FollowUpBuild(db, new FollowUps(db, () => new Map())));
      // Not from the first number again: the slices left are those after the progress kept.
      expect(resumed).toBeLessThan(all - 5);
      expect(entries(db)).toEqual(expected);
    } finally {
      db.close();
    }
  });

  it("through the core's store: pushes the end once, whole, and none of the built entries as changes", async () => {
    const dir = upgradedCopy();
    const reference = openDatabase(dir);
    const open = oneShot(reference).entries.filter((e) => (e as { state: string }).state === 'open').length;
    reference.close();

    const core = openCoreStore({ dataDir: dir, webhookPort: 9, timeZone: 'UTC' });
    try {
      const pushed: FollowUpsEvent[] = [];
      core.feed.onFollowUps((event) => pushed.push(event));
      expect(core.handlers.listFollowUps(undefined)).toEqual({ followUps: [], open: 0, building: true });
      await until(() => !core.store.followUpsBuilding(), 'the call-backs counted');
      expect(pushed).toEqual([{ open, changed: [], building: false }]);
      expect(core.openFollowUps()).toBe(open);
      expect(core.handlers.listFollowUps(undefined)).toMatchObject({ open, building: false });

      // The next webhook pushes its own caller's entry alone.
      for (const d of call('0000000002', false)) {
        const result = await core.receive({ receivedAt: d.receivedAt, headers: {}, body: d.body, signature: undefined, encoding: null });
        expect(result.status).toBe(200);
      }
      await until(() => pushed.length > 1, 'the webhook pushed');
      expect(pushed.slice(1).map((e) => [e.open, e.changed.map((f) => f.callerNumber), e.building])).toEqual([[open + 1, ['0000000002'], false]]);
    } finally {
      await core.close();
    }
  }, 60_000);
});
