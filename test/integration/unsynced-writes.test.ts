import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, unsyncedWrites, type Db } from '../../electron/core/store/db';

const SYNC_NORMAL = 1;
const SYNC_FULL = 2;

describe('unsyncedWrites', () => {
  let dir: string;
  let db: Db;
  afterEach(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes it runs without SQLite’s fsync, every time, and puts FULL back after', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsynced-'));
    db = openDatabase(dir);
    const unsynced = unsyncedWrites(db);
    const mode = () => db.pragma('synchronous', { simple: true });
    expect(mode()).toBe(SYNC_FULL);
    for (let round = 0; round < 3; round++) {
      expect(unsynced(mode)).toBe(SYNC_NORMAL);
      expect(mode()).toBe(SYNC_FULL);
    }
    expect(() =>
      unsynced(() => {
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(mode()).toBe(SYNC_FULL);
  });
});
