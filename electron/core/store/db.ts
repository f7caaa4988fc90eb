import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'calls.sqlite';

/**
 * Opens (creating if needed) the call database in `dataDir`: WAL with synchronous=FULL, so a committed
 * transaction survives a crash or power cut, then applies any migrations not yet applied.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.prepare<[], number>(`PRAGMA user_version`).pluck().get() ?? 0;
  if (current > MIGRATIONS.length) {
    throw new Error(`The call database was written by a newer version of Call Alerts (schema ${current}, this version knows ${MIGRATIONS.length}).`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
