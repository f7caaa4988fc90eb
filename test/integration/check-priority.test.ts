// The start-up check reads every page of the call database, minutes on a large history: its thread lowers its
// own CPU priority where the platform gives a thread one (Linux) before it opens the file. The kernel's record
// of each thread of this process shows it at CHECK_NICENESS and every other thread as it was; its verdict is the same.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { quickCheck, quickCheckInBackground } from '../../electron/core/store/databaseHealth';
import { CHECK_NICENESS, keptPriority } from '../../electron/core/thread/threadPriority';
import { tempDir } from '../support/core';

/** A thread's nice value as the kernel keeps it (field 19 of its stat line), or null once it has ended. */
function niceOf(threadId: number): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
  } catch {
    return null;
  }
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

function niceOfEachThread(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const threadId of fs.readdirSync('/proc/self/task').map(Number)) {
    const nice = niceOf(threadId);
    if (nice !== null) nices.set(threadId, nice);
  }
  return nices;
}

const dir = tempDir('call-alerts-check-priority-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real SQLite file of about 200 pages, in rollback-journal mode so that a transaction can keep a reader waiting. */
function databaseFile(name: string): string {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.exec('CREATE TABLE calls (id INTEGER PRIMARY KEY, transcript TEXT); CREATE INDEX calls_transcript ON calls (transcript)');
  const insert = db.prepare('INSERT INTO calls (transcript) VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run(`${i} `.padEnd(3000, 'x'));
  db.close();
  return file;
}

const loweredOnLinux = (threadId: unknown) => keptPriority(process.platform) ?? { lowered: true, threadId, niceness: CHECK_NICENESS };

describe.runIf(process.platform === 'linux')('the start-up check on Linux', () => {
  it('runs at its lowered nice value while every other thread keeps its value, and finds an ok file ok', async () => {
    const file = databaseFile('ok.sqlite');
    // The check waits on this transaction (SQLite's busy timeout, 5 s), long enough for its thread to be seen.
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    const before = niceOfEachThread();
    const checked = quickCheckInBackground(file);
    let during = new Map<number, number>();
    const lowest = () => [...during].filter(([threadId, nice]) => nice === CHECK_NICENESS && !before.has(threadId)).map(([t]) => t);
    await expect
      .poll(
        () => {
          during = niceOfEachThread();
          return lowest().length;
        },
        { timeout: 4000, interval: 20 },
      )
      .toBe(1);
    holder.exec('COMMIT');
    holder.close();
    const [checkThread] = lowest();

    expect(await checked).toEqual({ finding: null, priority: { lowered: true, threadId: checkThread, niceness: CHECK_NICENESS } });
    const front = before.get(process.pid);
    const others = [...during].filter(([threadId]) => threadId !== checkThread);
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter(([threadId, nice]) => nice !== (before.get(threadId) ?? front))).toEqual([]);
  });
});

describe('the start-up check of a damaged file', () => {
  it('finds what SQLite finds on this thread, from its lowered thread', async () => {
    const file = databaseFile('damaged.sqlite');
    const pages = fs.statSync(file).size / 4096;
    const fd = fs.openSync(file, 'r+');
    for (let p = 0; p < 10; p++) fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (Math.floor(pages / 2) + p * 2) * 4096);
    fs.closeSync(fd);
    const db = new Database(file, { readonly: true });
    const finding = quickCheck(db);
    db.close();
    expect(finding).toEqual(expect.any(String));

    expect(await quickCheckInBackground(file)).toEqual({ finding, priority: loweredOnLinux(expect.any(Number)) });
  });
});
