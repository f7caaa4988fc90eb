// The backup scheduler against a real database file: a day's backup is made once, and a scheduler stopped
// before its first tick writes nothing into a data folder that is being closed.

import fs from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupScheduler, backupsDir, listBackups } from '../../electron/core/store/backups';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { tempDir } from '../support/core';

const opened: { db: Db; dir: string }[] = [];
function database() {
  const dir = tempDir('backups-');
  const db = openDatabase(dir);
  opened.push({ db, dir });
  return { db, dir };
}
afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('backup scheduler', () => {
  it('makes the day’s backup once', async () => {
    const { db, dir } = database();
    const scheduler = new BackupScheduler(db, dir, () => true);
    expect(await scheduler.runIfDue()).toMatch(/calls-\d{4}-\d{2}-\d{2}\.sqlite$/);
    expect(await scheduler.runIfDue()).toBeNull();
    expect(listBackups(dir)).toHaveLength(1);
    await scheduler.stop();
  });

  it('stopped before its first tick, starts no copy', async () => {
    const { db, dir } = database();
    const scheduler = new BackupScheduler(db, dir, () => true);
    scheduler.start();
    await scheduler.stop();
    await nextTurn();
    await nextTurn();
    expect(fs.existsSync(backupsDir(dir))).toBe(false);
    expect(await scheduler.run()).toBeNull();
  });
});
