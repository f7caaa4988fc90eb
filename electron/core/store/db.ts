import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BACKUPS_FOLDER, DATABASE_FILE } from '../paths';
import { WAL_CHECKPOINT_BYTES } from './checkpoints';
import { registerDerivedColumns } from './derivedColumns';
import { MIGRATIONS } from './migrations';
import { explainAddonError, type RunningRuntime } from './sqliteAddon';

export type Db = Database.Database;

export { BACKUPS_FOLDER, DATABASE_FILE };

/** A start-up failure worded for the person starting the app: which file, why, and what to do. */
export function describeOpenError(file: string, error: unknown, running: RunningRuntime = process.versions): string {
  const e = error as NodeJS.ErrnoException;
  const addon = explainAddonError(error, running);
  if (addon) return addon;
  const cause = e.message;
  const backups = path.join(path.dirname(file), BACKUPS_FOLDER);
  switch (e.code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return (
        `The call database ${file} cannot be read (${cause}): it is damaged, or another program wrote over it. ` +
        `Restore a backup from ${backups} (npm run serve -- --restore-backup FILE), or move the file away to start with an empty history.`
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_READONLY':
    case 'SQLITE_IOERR':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENOTDIR':
    case 'EISDIR':
      return (
        `Cannot open the call database ${file} (${cause}): check that its folder exists, is a folder this user can write to, ` +
        `and is not on a read-only or disconnected drive; or choose another data folder with --data-dir.`
      );
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return `Cannot open the call database ${file} (${cause}): the disk is full. Free some space and start Call Alerts again.`;
    default:
      return `Cannot open the call database ${file}: ${cause}`;
  }
}

/**
 * Opens (creating if needed) the call database in `dataDir`: WAL with synchronous=FULL, so a committed
 * transaction survives a crash or power cut, then applies any migrations not yet applied. `nativeBinding`:
 * the addon to load instead of the one in node_modules (the desktop app run from source, see sqliteBinding.ts).
 */
export function openDatabase(dataDir: string, nativeBinding?: string): Db {
  const file = path.join(dataDir, DATABASE_FILE);
  let db: Db | null = null;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    db = new Database(file, { nativeBinding });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof NewerDatabaseError) throw error;
    throw new Error(describeOpenError(file, error), { cause: error });
  }
}

class NewerDatabaseError extends Error {}

/**
 * Opens the call database for reading only (the reader thread): no migrations, no writes. The writer opened
 * it first and migrated it; a schema other than this version's is refused, as the reads are written for it.
 */
export function openReadOnlyDatabase(dataDir: string, nativeBinding?: string): Db {
  const file = path.join(dataDir, DATABASE_FILE);
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
    db.pragma('busy_timeout = 5000');
    const version = db.prepare<[], number>(`PRAGMA user_version`).pluck().get() ?? 0;
    if (version !== MIGRATIONS.length) throw new Error(`The call database has schema ${version}, this version reads ${MIGRATIONS.length}.`);
    return db;
  } catch (error) {
    db?.close();
    throw new Error(describeOpenError(file, error), { cause: error });
  }
}

/**
 * Stops the writer checkpointing inside its commits (SQLite's automatic checkpoint stalled a commit up to
 * 63 ms): another connection checkpoints instead (./checkpoints.ts). A WAL reset then truncates the file back
 * to the checkpoint threshold, so its size says how far it has grown since. Call after the migrations, which
 * rely on the automatic checkpoint between their batches. `thresholdBytes`: the checkpointer's (tests lower it).
 */
export function stopWriterCheckpoints(db: Db, thresholdBytes = WAL_CHECKPOINT_BYTES): void {
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${thresholdBytes}`);
}

/**
 * Runs writes that commit without SQLite's own fsync (synchronous=NORMAL), then puts FULL back: the caller
 * syncs the WAL itself (./walSync.ts) before anything depends on the writes being on disk.
 */
export function unsyncedWrites(db: Db): <T>(write: () => T) => T {
  // Set each time, not by statements prepared once: SQLite applies this pragma when it prepares it.
  return (write) => {
    db.pragma('synchronous = NORMAL');
    try {
      return write();
    } finally {
      db.pragma('synchronous = FULL');
    }
  };
}

export function migrate(db: Db): void {
  const current = db.prepare<[], number>(`PRAGMA user_version`).pluck().get() ?? 0;
  if (current > MIGRATIONS.length) {
    throw new NewerDatabaseError(
      `The call database was written by a newer version of Call Alerts (schema ${current}, this version knows ${MIGRATIONS.length}).`,
    );
  }
  // Migration 8 fills the columns derived from each call's fold through these.
  if (current < MIGRATIONS.length) registerDerivedColumns(db);
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
