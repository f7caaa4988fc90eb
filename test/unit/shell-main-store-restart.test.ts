// The tray as wired in electron/shell/main.ts while the call database's thread restarts, on the Electron stand-in with
// the real front (its store in a worker). The front is caught on its way out of startFront so the test can make its
// thread look restarting for as long as it needs (telling the tray as the front does), and can end the real worker as
// a crash would: the tray, told of each change, draws the restart (200 ms) and goes quiet once it runs again.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreFront, StoreThreadStatus } from '../../electron/core/thread/front';
import { FRONT_TEST_HOOKS, type WorkerFront } from '../../electron/core/thread/workerFront';
import { blockDatabase, unblockDatabase } from '../support/blockedDatabase';
import { postWebhook } from '../support/core';
import { callDeliveries, SAMPLE_CALLER } from '../support/payloads';
import { menuLabels, startShell, stopShell, tray, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

const caught = vi.hoisted(() => ({ front: null as CoreFront | null, told: [] as ((status: StoreThreadStatus) => void)[] }));
vi.mock('../../electron/core/thread/start', async (importOriginal) => {
  const start = await importOriginal<typeof import('../../electron/core/thread/start')>();
  return {
    ...start,
    startFront: async (options: Parameters<typeof start.startFront>[0]) => {
      const front = (caught.front = await start.startFront(options));
      // The tray's subscriptions, so the test can tell it of a restart it stages.
      const subscribe = front.onStoreThreadChange.bind(front);
      front.onStoreThreadChange = (listener) => (caught.told.push(listener), subscribe(listener));
      return front;
    },
  };
});

const RESTARTING = '⚠ Restarting the call database… calls will come in again in a moment';
let shell: ShellHome;

beforeAll(async () => {
  shell = await startShell();
});

afterAll(() => stopShell(shell));

describe('the tray while the call database restarts', () => {
  it('runs the store in its worker thread, and says nothing about it while it runs', () => {
    expect(caught.front!.storeThread()).toMatchObject({ thread: 'worker', state: 'running' });
    expect(menuLabels()).not.toContain(RESTARTING);
  });

  it('says so as soon as it is told, with the down icon, and goes quiet once the thread runs again', () => {
    const front = caught.front!;
    const real = front.storeThread.bind(front);
    const restarting: StoreThreadStatus = { ...real(), state: 'restarting', restarts: 1 };
    expect(caught.told.length).toBeGreaterThan(0);
    front.storeThread = () => restarting;
    try {
      caught.told.forEach((listener) => listener(restarting));
      expect(menuLabels()[0]).toBe(RESTARTING);
      expect(tray().image.path).toMatch(/tray-down\.png$/);
      expect(tray().tooltip).toMatch(/^Call Alerts · restarting the call database/);
    } finally {
      front.storeThread = real;
    }
    caught.told.forEach((listener) => listener(real()));
    expect(menuLabels()).not.toContain(RESTARTING);
  });

  it('survives its worker ending as a crash would: webhooks are taken again once it is back', async () => {
    const front = caught.front as WorkerFront;
    const drawn: string[] = [];
    const setContextMenu = tray().setContextMenu.bind(tray());
    tray().setContextMenu = (menu) => (drawn.push(menu.items[0]?.label ?? ''), setContextMenu(menu));
    await front[FRONT_TEST_HOOKS].terminateWorker();
    await expect.poll(() => front.storeThread().state, { timeout: 10_000 }).toBe('running');
    expect(front.storeThread().restarts).toBe(1);
    const delivery = callDeliveries({ ...SAMPLE_CALLER, telmetricsId: '5200000042' }).start;
    expect((await postWebhook(shell.webhookUrl, delivery)).status).toBe(200);
    // The restart was drawn while it lasted, and is gone now that the thread runs.
    expect(drawn).toContain(RESTARTING);
    expect(menuLabels()).not.toContain(RESTARTING);
  });

  it('says why while its restarts cannot open the database, and goes quiet once they can', async () => {
    const front = caught.front as WorkerFront;
    const cannotOpen = /^⚠ Cannot open the call database: the file cannot be opened\. Calls are refused; it keeps trying$/;
    const aside = blockDatabase(shell.dataDir, 'folder');
    await front[FRONT_TEST_HOOKS].terminateWorker();
    await expect.poll(() => menuLabels()[0], { timeout: 10_000 }).toMatch(cannotOpen);
    // Not "in a moment": the line above says what stops it.
    expect(menuLabels()).not.toContain(RESTARTING);
    expect(tray().image.path).toMatch(/tray-down\.png$/);
    unblockDatabase(shell.dataDir, aside);
    await expect.poll(() => front.storeThread().state, { timeout: 20_000 }).toBe('running');
    expect(menuLabels()[0]).toBe('Open call history');
    const delivery = callDeliveries({ ...SAMPLE_CALLER, telmetricsId: '5200000043' }).start;
    expect((await postWebhook(shell.webhookUrl, delivery)).status).toBe(200);
  }, 40_000);
});
