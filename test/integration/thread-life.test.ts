// The store worker's life at its edges: a close() that comes while a restarted worker is still opening the
// store. Nothing may outlive the front: the data folder's lock and the database (its last connection closed
// removes the WAL).
// Real worker threads, real listeners on loopback, real SQLite files.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockDataFolder } from '../../electron/core/dataFolderLock';
import { startTestFront } from '../support/front';
import { envelope, startNotification } from '../support/payloads';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const walOf = (dataDir: string) => path.join(dataDir, 'calls.sqlite-wal');

const oneCall = () =>
  envelope(
    [
      startNotification({
        telmetricsId: '7300001',
        callerNumber: '4165550001',
        localStart: '2026-11-02T09:00:00',
        ringUtc: '2026-11-02T14:00:00.000',
      }),
    ],
    {
      id: 'life-1',
    },
  );

describe('the store worker at its edges', () => {
  it('close() during a restart lets the starting worker open, then closes it cleanly', async () => {
    const errors = vi.spyOn(console, 'error');
    const t = await startTestFront();
    dirs.push(t.dataDir);
    expect((await t.post(oneCall())).status).toBe(200);
    await t.crashWorker();
    expect(t.front.storeThread().state).toBe('restarting');
    // The next worker is started after 200 ms and takes longer than that to open the store (tsx alone ~0.6 s).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.front.storeThread().state).toBe('restarting');
    await t.front.close();

    expect(t.front.storeThread().state).toBe('stopped');
    const said = errors.mock.calls.map((args) => String(args[0]));
    expect(said.filter((line) => /Could not close the call database cleanly|did not finish starting/.test(line))).toEqual([]);
    // The lock is released (this process may take it again) and the database closed (the WAL removed).
    lockDataFolder(t.dataDir).release();
    expect(fs.existsSync(walOf(t.dataDir))).toBe(false);
  }, 30_000);
});
