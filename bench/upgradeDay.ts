// npx tsx bench/upgradeDay.ts --data-dir DIR [--compaction | --in-place] [--start-only]
// The day of the upgrade on a generated history: puts a copy of it in the state an upgraded database starts in
// (the call-back entries to build, the search index replaced by migration 13, with --compaction the stored rows
// uncompressed as before migration 12), then times the start (open to the store answering its first list of
// call-backs) and each background slice, driven back to back (the call-backs counted, the calls indexed again,
// the rows compressed), and reports the worst and the total. --start-only: the call-backs, not the other two.
// --in-place: DIR holds a history written by an older version (e.g. `npm run gen` of a release before
// compression): it is opened where it is, as the app would, so its real migrations run on it (DIR is changed).

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBody, decodeText } from '../electron/core/store/bodyCodec';
import { CallStore } from '../electron/core/store/callStore';
import { Compaction } from '../electron/core/store/compaction';
import { WAL_CHECKPOINT_BYTES } from '../electron/core/store/checkpoints';
import { DATABASE_FILE, openDatabase, stopWriterCheckpoints, unsyncedWrites, type Db } from '../electron/core/store/db';
import { FollowUpBuild } from '../electron/core/store/followUpBuild';
import { BUILD_FLAG, FollowUps } from '../electron/core/store/followUps';
import { MIGRATIONS } from '../electron/core/store/migrations';
import { SearchRebuild } from '../electron/core/store/searchRebuild';

/** The stored rows as the schema before compression held them, and the cursors migration 12 leaves. */
function uncompress(db: Db): void {
  db.function('plain_body', (codec: number, body: Buffer) => decodeBody(codec, body));
  db.function('plain_text', (value: string | Buffer) => (typeof value === 'string' ? value : decodeText(value)));
  db.transaction(() => {
    db.exec(`
      UPDATE deliveries SET body = plain_body(body_codec, body), body_codec = 0, headers = plain_text(headers), actions = plain_text(actions)
        WHERE outcome <> 'rejected';
      UPDATE events SET event = plain_text(event);
      UPDATE api_bodies SET body = plain_body(codec, body), codec = 0;
      UPDATE api_events SET event = plain_text(event);
      DELETE FROM compaction;
      INSERT INTO compaction SELECT 'deliveries', 0, max(id) FROM deliveries HAVING max(id) IS NOT NULL;
      INSERT INTO compaction SELECT 'events', 0, max(id) FROM events HAVING max(id) IS NOT NULL;
      INSERT INTO compaction SELECT 'api_bodies', 0, max(id) FROM api_bodies HAVING max(id) IS NOT NULL;
      INSERT INTO compaction SELECT 'api_events', 0, max(id) FROM api_events HAVING max(id) IS NOT NULL;
    `);
  })();
}

/** An upgraded history: no call-back entries yet (the flag asks for them), the search index as migration 13 leaves it. */
function asUpgraded(db: Db, compaction: boolean): void {
  db.exec(`DELETE FROM follow_ups; DELETE FROM follow_up_calls; INSERT OR REPLACE INTO settings (key, value) VALUES ('${BUILD_FLAG}', '1')`);
  db.transaction(() => db.exec(MIGRATIONS[12]!))();
  if (compaction) uncompress(db);
}

interface Slices {
  slices: number;
  p50Ms: number;
  p99Ms: number;
  worstMs: number;
  totalMs: number;
  /** The process's CPU time per slice: what the slice held the thread for, which the machine's load does not stretch. */
  cpu: { p50Ms: number; p99Ms: number; worstMs: number };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The p50, p99 and worst of some times, to a tenth of a millisecond. */
function spread(times: number[]): { p50Ms: number; p99Ms: number; worstMs: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => round1(sorted[Math.floor(sorted.length * q)] ?? 0);
  return { p50Ms: at(0.5), p99Ms: at(0.99), worstMs: round1(sorted[sorted.length - 1] ?? 0) };
}

/**
 * Runs `step` back to back until it says nothing is left, timing each slice; committed as the app's runner
 * does, and checkpointed as its store worker is: never inside a commit, by another thread (here between two
 * slices, untimed) once the WAL passes the threshold.
 */
function slices(db: Db, step: () => boolean): Slices {
  const unsynced = unsyncedWrites(db);
  const wal = `${db.name}-wal`;
  const took: number[] = [];
  const cpu: number[] = [];
  for (let more = true; more;) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    more = unsynced(step);
    const used = process.cpuUsage(cpuStarted);
    took.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    if ((fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0) > WAL_CHECKPOINT_BYTES) db.pragma('wal_checkpoint(PASSIVE)');
  }
  return { slices: took.length, ...spread(took), totalMs: Math.round(took.reduce((a, b) => a + b, 0)), cpu: spread(cpu) };
}

/** A copy of `source` in the state an upgraded database starts in. */
function upgradedCopy(source: string, compaction: boolean): string {
  const dir = `${source.replace(/\/$/, '')}-upgrade-day`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(source, DATABASE_FILE), path.join(dir, DATABASE_FILE));
  const setup = openDatabase(dir);
  asUpgraded(setup, compaction);
  setup.close();
  return dir;
}

/** Bytes of the database file and its WAL, and the bytes its pages in use hold. */
function sizes(dir: string, db?: Db): { fileBytes: number; inUseBytes?: number } {
  const fileBytes = ['', '-wal']
    .map((tail) => path.join(dir, DATABASE_FILE + tail))
    .reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0);
  if (!db) return { fileBytes };
  const pragma = (name: string) => db.pragma(name, { simple: true }) as number;
  return { fileBytes, inUseBytes: (pragma('page_count') - pragma('freelist_count')) * pragma('page_size') };
}

function main(): void {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, compaction: { type: 'boolean' }, 'in-place': { type: 'boolean' }, 'start-only': { type: 'boolean' } },
    strict: true,
  });
  const source = values['data-dir'];
  if (!source) throw new Error('Usage: npx tsx bench/upgradeDay.ts --data-dir DIR [--compaction | --in-place] [--start-only]');
  const inPlace = values['in-place'] ?? false;
  const dir = inPlace ? source : upgradedCopy(source, values.compaction ?? false);
  const before = sizes(dir);

  const started = performance.now();
  const db = openDatabase(dir);
  const schemaMs = performance.now() - started;
  const store = new CallStore(db);
  stopWriterCheckpoints(db);
  // The background work is driven below, slice after slice, not on the store's timers.
  store.close();
  const answersMs = performance.now() - started;
  const calls = db.prepare<[], number>(`SELECT count(*) FROM calls`).pluck().get() ?? 0;
  const listed = store.listFollowUps('open').length;
  const firstListMs = performance.now() - started;
  const build = new FollowUpBuild(db, new FollowUps(db, () => new Map()));
  const callBacks = { ...slices(db, () => build.step()), listed: store.listFollowUps('open').length };
  const startOnly = values['start-only'] ?? false;
  const rebuild = new SearchRebuild(db);
  const search = startOnly ? null : slices(db, () => rebuild.step());
  const compaction = new Compaction(db);
  const compact = !startOnly && compaction.pending() ? slices(db, () => compaction.step()) : null;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const after = sizes(dir, db);
  db.close();
  if (!inPlace) fs.rmSync(dir, { recursive: true, force: true });
  const round = (x: number) => Math.round(x);
  const perCall = (bytes: number | undefined) => (bytes === undefined || calls === 0 ? null : round(bytes / calls));
  const size = {
    fileBytesPerCallBefore: perCall(before.fileBytes),
    fileBytesPerCallAfter: perCall(after.fileBytes),
    inUseBytesPerCallAfter: perCall(after.inUseBytes),
  };
  const start = { schemaMs: round(schemaMs), answersMs: round(answersMs), firstListMs: round(firstListMs), listed };
  console.log(JSON.stringify({ calls, inPlace, start, callBacks, search, compact, size }, null, 2));
}

main();
