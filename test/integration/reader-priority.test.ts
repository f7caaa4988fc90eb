// The reader thread, which runs searches back to back, lowers its own CPU priority where the platform gives a
// thread one (Linux): the kernel's record of each thread of this process shows the reader niced and every other
// thread (this one, libuv's pool that syncs the WAL) at the normal priority. Elsewhere it keeps the normal one.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase } from '../../electron/core/store/db';
import { createReaderPool, READER_YOUNG_GENERATION_MB, type ReaderPool } from '../../electron/core/thread/readerPool';
import { READER_NICENESS } from '../../electron/core/thread/threadPriority';
import { validRequest } from '../../shared/contract/requests';
import { tempDir } from '../support/core';
import { storeOneCallersCalls } from '../support/readerHistory';

/** A thread's nice value as the kernel keeps it: field 19 of its stat line, counted after the name's ')'. */
function niceOf(threadId: number): number {
  const stat = fs.readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

const threadsOfThisProcess = () => fs.readdirSync('/proc/self/task').map(Number);

let dir: string;
let pool: ReaderPool;

beforeAll(async () => {
  dir = tempDir('call-alerts-reader-priority-');
  const db = openDatabase(dir);
  storeOneCallersCalls(new CallStore(db), '4165550100', 20);
  db.close();
  pool = createReaderPool({ dataDir: dir, fallback: () => Promise.reject(new Error('the reader is down')) });
  await pool.running();
}, 60_000);

afterAll(async () => {
  await pool?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the reader thread', () => {
  it('keeps a small young generation: its answers are garbage once sent', () => {
    expect(pool.youngGenerationMb()).toBe(READER_YOUNG_GENERATION_MB);
  });
});

describe.runIf(process.platform === 'linux')('the reader thread on Linux', () => {
  it('runs at a lower CPU priority, and only it', async () => {
    const priority = pool.priority();
    expect(priority).toEqual({ lowered: true, threadId: expect.any(Number), niceness: READER_NICENESS });
    const reader = (priority as { threadId: number }).threadId;
    expect(threadsOfThisProcess()).toContain(reader);
    expect(niceOf(reader)).toBe(READER_NICENESS);
    // Searches still answer, and the thread pool an fsync uses is at the normal priority.
    await pool.run('listCalls', validRequest('listCalls', { q: '4165550100', limit: 5 }));
    await fs.promises.stat(dir);
    const others = threadsOfThisProcess().filter((t) => t !== reader);
    expect(others.length).toBeGreaterThan(0);
    expect(others.map(niceOf).filter((nice) => nice !== 0)).toEqual([]);
  });
});
