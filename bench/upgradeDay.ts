// npx tsx bench/upgradeDay.ts --data-dir DIR [--compaction] (a history from `npm run gen`, copied: it is changed)
// The day of the upgrade on a generated history: puts it in the state an upgraded database starts in (the
// call-back entries to build, the search index replaced by migration 13, with --compaction the stored rows
// uncompressed as before migration 12), then times the start (open to the store answering its first list of
// call-backs) and each background slice, driven back to back, and reports the worst and the total.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBody, decodeText } from '../electron/core/store/bodyCodec';
import { CallStore } from '../electron/core/store/callStore';
import { Compaction } from '../electron/core/store/compaction';
import { DATABASE_FILE, openDatabase, type Db } from '../electron/core/store/db';
import { BUILD_FLAG } from '../electron/core/store/followUps';
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
  worstMs: number;
  p99Ms: number;
  totalMs: number;
}

/** Runs `step` back to back until it says nothing is left, timing each slice. */
function slices(step: () => boolean): Slices {
  const took: number[] = [];
  for (let more = true; more;) {
    const started = performance.now();
    more = step();
    took.push(performance.now() - started);
  }
  const sorted = [...took].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    slices: took.length,
    worstMs: round(sorted[sorted.length - 1] ?? 0),
    p99Ms: round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
    totalMs: Math.round(took.reduce((a, b) => a + b, 0)),
  };
}

function main(): void {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, compaction: { type: 'boolean' } }, strict: true });
  const source = values['data-dir'];
  if (!source) throw new Error('Usage: npx tsx bench/upgradeDay.ts --data-dir DIR [--compaction]');
  const dir = `${source.replace(/\/$/, '')}-upgrade-day`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(source, DATABASE_FILE), path.join(dir, DATABASE_FILE));
  const setup = openDatabase(dir);
  const calls = setup.prepare<[], number>(`SELECT count(*) FROM calls`).pluck().get();
  asUpgraded(setup, values.compaction ?? false);
  setup.close();

  const started = performance.now();
  const db = openDatabase(dir);
  const store = new CallStore(db);
  const answersMs = performance.now() - started;
  const listed = store.listFollowUps('open').length;
  const firstListMs = performance.now() - started;
  const rebuild = new SearchRebuild(db);
  const search = slices(() => rebuild.step());
  const compaction = new Compaction(db);
  const compact = compaction.pending() ? slices(() => compaction.step()) : null;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const round = (x: number) => Math.round(x);
  console.log(JSON.stringify({ calls, start: { answersMs: round(answersMs), firstListMs: round(firstListMs), listed }, search, compact }, null, 2));
}

main();
