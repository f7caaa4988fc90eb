// Catch-up in the desktop app as wired in electron/shell/main.ts, on the Electron stand-in: the window saves the
// API credentials over IPC (the first run imports, quietly), calls come in at the vendor while the PC sleeps,
// and powerMonitor's resume fetches them: one native summary, whose click opens the call list, and no pop
// for each call. The core is real (SQLite in a temp folder); the vendor's API is its loopback stand-in.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallStreamEvent, CatchUpEvent, CatchUpStatus } from '../../shared/api';
import { eventChannel, invokeChannel } from '../../shared/ipc';
import { HOUR_MS, KEY, TOKEN, until } from '../support/catchUp';
import { electron, state } from '../support/electronStandIn';
import { startShell, stopShell, win, type ShellHome } from '../support/shellApp';
import { startVendorApiStandIn, type VendorApiStandIn } from '../support/vendorApiStandIn';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

let shell: ShellHome;
let api: VendorApiStandIn;

beforeAll(async () => {
  api = await startVendorApiStandIn({ token: TOKEN, key: KEY });
  shell = await startShell();
});

afterAll(async () => {
  stopShell(shell);
  await api.close();
});

/** An IPC call from the window's top frame, as the preload makes it. */
function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  const contents = win().webContents;
  return Promise.resolve().then(
    () => state.handlers.get(invokeChannel(channel as never))!({ sender: contents, senderFrame: contents.mainFrame }, ...args) as T,
  );
}

/** The calls pushed to the window, each once: a missed call comes again when its call-back entry opens. */
const pushedCallIds = () => new Set(pushed<CallStreamEvent>('call').map((e) => e.call.id));

const pushed = <T>(name: 'call' | 'catch-up') =>
  win()
    .webContents.sent.filter(([channel]) => channel === eventChannel(name))
    .map(([, payload]) => payload as T);

async function settledAfter(since: string | null): Promise<CatchUpStatus> {
  return until(async () => {
    const status = await invoke<CatchUpStatus>('catchUpStatus');
    return status.lastRunAt !== since && status.state === 'idle' ? status : null;
  }, 'a catch-up run to finish');
}

describe('catch-up in the desktop app', () => {
  it('saving the API credentials imports the recent calls without a pop', async () => {
    const now = Date.now();
    api.put(
      { id: 7_100_001, startMs: now - 5 * HOUR_MS, callerNumber: '4165550301' },
      { id: 7_100_002, startMs: now - 4 * HOUR_MS, callerNumber: '4165550302', answered: false },
    );
    const saved = await invoke<CatchUpStatus>('saveCatchUpSettings', { provider: 'marketing-edge', baseUrl: api.baseUrl, token: TOKEN, key: KEY });
    expect(saved.credentials).toEqual({ token: 'saved', key: 'saved' });
    const status = await settledAfter(null);
    expect(status.lastResult).toMatchObject({ fetched: 2, added: 2 });
    expect(pushedCallIds().size).toBe(2);
    expect(pushed<CallStreamEvent>('call').every((e) => e.alert === null)).toBe(true);
    // A first import is no news: the run reports its calls with no alert to show.
    expect(pushed('catch-up')).toEqual([{ added: 2, missed: 1, alert: null }]);
    expect(state.notifications).toEqual([]);
  });

  it('waking from sleep fetches what came in meanwhile: one native summary, no pop per call, and its click opens the list', async () => {
    const before = await invoke<CatchUpStatus>('catchUpStatus');
    const pushedBefore = pushed<CallStreamEvent>('call').length;
    const idsBefore = pushedCallIds();
    const now = Date.now();
    api.put(
      { id: 7_100_003, startMs: now - 30 * 60_000, callerNumber: '4165550303', answered: false },
      { id: 7_100_004, startMs: now - 20 * 60_000, callerNumber: '4165550304' },
      { id: 7_100_005, startMs: now - 10 * 60_000, callerNumber: '4165550305', answered: false },
    );
    win().hide();
    electron.powerMonitor.emit('resume');
    const status = await settledAfter(before.lastRunAt);
    expect(status.lastResult).toMatchObject({ added: 3 });
    await until(() => state.notifications.length > 0, 'the summary');
    await new Promise((r) => setTimeout(r, 200));
    expect(state.notifications.map((n) => [n.options.title, n.options.body])).toEqual([
      ['3 calls that did not reach this PC', '2 missed — open the call list'],
    ]);
    const calls = pushed<CallStreamEvent>('call').slice(pushedBefore);
    expect(new Set(calls.map((e) => e.call.id)).size).toBe(3);
    expect(calls.some((e) => idsBefore.has(e.call.id))).toBe(false);
    expect(calls.every((e) => e.alert === null)).toBe(true);
    expect(pushed<CatchUpEvent>('catch-up').slice(1)).toEqual([
      { added: 3, missed: 2, alert: { title: '3 calls that did not reach this PC', body: '2 missed — open the call list' } },
    ]);
    const sentBefore = win().webContents.sent.length;
    state.notifications[0]!.emit('click');
    expect(win().visible).toBe(true);
    expect(
      win()
        .webContents.sent.slice(sentBefore)
        .filter(([channel]) => channel === eventChannel('openCall')),
    ).toEqual([]);
  });
});
