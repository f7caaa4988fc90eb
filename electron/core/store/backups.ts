// Daily copies of the call database in the data folder's backups/, the last 7 kept, so damage or a deleted
// file loses at most a day's history. SQLite's online backup API copies a consistent snapshot while
// webhooks keep being written; a restore replaces the database only while the app is stopped.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { quickCheck } from './databaseHealth';
import { BACKUPS_FOLDER, DATABASE_FILE, type Db } from './db';

export const KEEP_BACKUPS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the scheduler looks whether a day has passed (a laptop asleep at midnight catches up). */
const CHECK_EVERY_MS = 60 * 60 * 1000;
const PAGES_PER_STEP = 100;
const NAME = /^calls-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_FOLDER);
}

/** The backups, newest first. */
export function listBackups(dataDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupsDir(dataDir));
  } catch {
    return [];
  }
  return names
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .map((n) => path.join(backupsDir(dataDir), n));
}

/** Writes today's backup (replacing an earlier one of today) and drops all but the newest KEEP_BACKUPS. */
export async function backupNow(db: Db, dataDir: string, now = new Date(), cancelled: () => boolean = () => false): Promise<string> {
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `calls-${now.toISOString().slice(0, 10)}.sqlite`);
  const tmp = `${file}.partial`;
  fs.rmSync(tmp, { force: true });
  try {
    // 100 pages (400 KB) per turn of the event loop, so webhooks are read meanwhile; a throw abandons the copy.
    await db.backup(tmp, {
      progress: () => {
        if (cancelled()) throw new BackupCancelled();
        return PAGES_PER_STEP;
      },
    });
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fs.renameSync(tmp, file);
  for (const old of listBackups(dataDir).slice(KEEP_BACKUPS)) fs.rmSync(old, { force: true });
  return file;
}

class BackupCancelled extends Error {}

export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private running: Promise<string | null> | null = null;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    /** False while the database is lost or damaged: a bad copy must not push a good one out. */
    private readonly healthy: () => boolean,
  ) {}

  start(): void {
    if (this.stopping) return;
    const tick = () => void this.runIfDue();
    this.timer = setInterval(tick, CHECK_EVERY_MS);
    this.timer.unref();
    setImmediate(tick);
  }

  /** Backs up when the newest backup is a day old or there is none. */
  runIfDue(now = Date.now()): Promise<string | null> {
    if (this.stopping) return Promise.resolve(null);
    const newest = listBackups(this.dataDir)[0];
    const age = newest ? now - fs.statSync(newest).mtimeMs : Infinity;
    return age >= DAY_MS ? this.run() : Promise.resolve(null);
  }

  run(): Promise<string | null> {
    // A tick scheduled before stop() may still come: it must not start a copy into a folder being closed.
    if (this.stopping) return Promise.resolve(null);
    this.running ??= (async () => {
      try {
        if (!this.healthy()) return null;
        return await backupNow(this.db, this.dataDir, new Date(), () => this.stopping);
      } catch (error) {
        if (error instanceof BackupCancelled) return null;
        console.error(`Could not back up the call database into ${backupsDir(this.dataDir)}: ${(error as Error).message}`);
        return null;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Abandons a backup under way (the app is quitting; today's will be made at the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/**
 * Replaces the data folder's database with `backup` (the app must be stopped: the caller holds the data
 * folder's lock). The database it replaces is kept beside it, renamed, never deleted.
 */
export function restoreBackup(dataDir: string, backup: string): { restored: string; keptAs: string | null } {
  const source = path.resolve(backup);
  if (!fs.existsSync(source)) throw new Error(`No backup at ${source}. The backups are in ${backupsDir(dataDir)}.`);
  let check: Database.Database | null = null;
  try {
    check = new Database(source, { readonly: true, fileMustExist: true });
    const finding = quickCheck(check);
    if (finding) throw new Error(finding);
  } catch (error) {
    throw new Error(`${source} is not a usable copy of the call database (${(error as Error).message}); choose another backup.`, { cause: error });
  } finally {
    check?.close();
  }
  const target = path.join(dataDir, DATABASE_FILE);
  let keptAs: string | null = null;
  if (fs.existsSync(target)) {
    keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, keptAs);
  }
  // The old database's WAL must not be replayed into the restored copy.
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, keptAs ? keptAs + suffix : `${target}${suffix}.old`);
  }
  const tmp = `${target}.restoring`;
  fs.copyFileSync(source, tmp);
  fs.renameSync(tmp, target);
  return { restored: target, keptAs };
}
