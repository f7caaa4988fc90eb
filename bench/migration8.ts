// npm run gen -- --calls N --data-dir DIR, then: tsx bench/migration8.ts DIR
// Times migration 8's backfill (each call's name and ad channel from its fold, the lines from the calls) on a
// generated history: takes the database back to schema 7 (test/support/olderSchema.ts) and opens it again.

import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../electron/core/store/db';
import { UNDO_MIGRATION_8 } from '../test/support/olderSchema';

function main(dataDir: string | undefined): void {
  if (!dataDir) throw new Error('Usage: tsx bench/migration8.ts DATA_DIR (a history made by npm run gen)');
  const file = path.join(dataDir, DATABASE_FILE);
  const old = new Database(file);
  old.exec(UNDO_MIGRATION_8);
  old.pragma('user_version = 7');
  const calls = old.prepare<[], number>(`SELECT count(*) FROM calls`).pluck().get() ?? 0;
  old.close();
  const started = performance.now();
  const db = openDatabase(dataDir);
  const seconds = (performance.now() - started) / 1000;
  const lines = db.prepare<[], number>(`SELECT count(*) FROM lines`).pluck().get();
  const named = db.prepare<[], number>(`SELECT count(*) FROM calls WHERE caller_name IS NOT NULL`).pluck().get();
  db.close();
  console.log(JSON.stringify({ calls, seconds: Math.round(seconds * 10) / 10, callsPerSecond: Math.round(calls / seconds), lines, named }, null, 2));
}

main(process.argv[2]);
