// The store worker's life at its edges: a close() that comes while a restarted worker is still opening the
// store, and a start that fails after the worker is up. Either way nothing may outlive the front: the
// listeners' ports, the data folder's lock and the database (its last connection closed removes the WAL).
// Real worker threads, real listeners on loopback, real SQLite files.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockDataFolder } from '../../electron/core/dataFolderLock';
import { startFront } from '../../electron/core/thread/start';
import { tempDir } from '../support/core';
import { startTestFront } from '../support/front';
import { envelope, startNotification } from '../support/payloads';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const walOf = (dataDir: string) => path.join(dataDir, 'calls.sqlite-wal');

/** A port nothing listens on now (the OS's choice, given back at once). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether this process can listen on `port` (nothing else holds it). */
async function canListen(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

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

  it('a start that fails after the worker is up releases the worker, both listeners and the lock', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    // A folder where the app's key should be: it is read after the store worker is ready, and cannot be.
    fs.mkdirSync(path.join(dataDir, 'app-key'));
    const [webhookPort, appPort] = [await freePort(), await freePort()];
    const options = { dataDir, webhookPort, appPort, timeZone: 'UTC', storeThread: 'worker' } as const;
    await expect(startFront(options)).rejects.toThrow(/Cannot read the app key/);

    expect(await canListen(webhookPort)).toBe(true);
    expect(await canListen(appPort)).toBe(true);
    lockDataFolder(dataDir).release();
    expect(fs.existsSync(walOf(dataDir))).toBe(false);
    // Mended, the folder starts as usual.
    fs.rmdirSync(path.join(dataDir, 'app-key'));
    const front = await startFront(options);
    await front.close();
  }, 30_000);
});
