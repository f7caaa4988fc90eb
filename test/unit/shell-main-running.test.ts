// The main process as wired in electron/shell/main.ts, once running, on the Electron stand-in
// (test/support/electronStandIn.ts) while the test plays the person and the OS: webhooks over loopback HTTP, a click
// on a notification, tray items, IPC from a frame, a second launch, waking from sleep, quit. Everything else is
// real: the core on a SQLite file in a temp folder, the settings and the autostart entry on disk.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, invokeChannel } from '../../shared/ipc';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { electron, state } from '../support/electronStandIn';
import { callDeliveries } from '../support/payloads';
import { postWebhook } from '../support/core';
import { menuLabels, startShell, stopShell, tray, until, win, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

let shell: ShellHome;
let home = '';
let dataDir = '';
let webhookUrl = '';

beforeAll(async () => {
  shell = await startShell();
  ({ home, dataDir, webhookUrl } = shell);
});

afterAll(() => stopShell(shell));

/** A value in the settings table, read from the database file as another process would. */
function storedSetting(key: string): string | null {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value ?? null;
  } finally {
    db.close();
  }
}

describe('a call comes in', () => {
  let callId = 0;

  it('pops a native notification, sends the call to the window, and counts it unseen while nobody looks', async () => {
    win().hide();
    const call = callDeliveries({
      telmetricsId: '5100000001',
      callerNumber: '4165550123',
      callerName: 'Robin Poe',
      city: 'Guelph',
      state: 'ON',
      localStart: '2019-11-15T09:09:54',
      ringUtc: '2019-11-15T14:09:46.100',
    });
    expect((await postWebhook(webhookUrl, call.start)).status).toBe(200);
    const toast = await until(() => state.notifications[0], 'the notification');
    expect(toast.options.title).toBe('Robin Poe');
    expect(toast.options.body).toContain('(416) 555-0123');
    expect(toast.options.body).toContain('Guelph, ON');
    expect(toast.options.icon).toBe(path.join(state.appPath, 'build', 'icons', '256x256.png'));
    const pushed = win().webContents.sent.filter(([channel]) => channel === 'call-alerts:event:call');
    expect(pushed).toHaveLength(1);
    callId = (pushed[0]![1] as { call: { id: number } }).call.id;
    expect(menuLabels()[0]).toBe('Open call history (1 new call)');
    expect(state.badge).toBe(1);
  });

  it('a click on the notification opens the window on that call, which clears the unseen count', () => {
    state.notifications[0]!.emit('click');
    expect(win().visible).toBe(true);
    expect(win().webContents.sent.at(-1)).toEqual(['call-alerts:event:openCall', callId]);
    expect(menuLabels()[0]).toBe('Open call history');
    expect(state.badge).toBe(0);
  });

  it('closing the window hides it to the tray', () => {
    win().close();
    expect(win().visible).toBe(false);
    expect(state.windows).toHaveLength(1);
  });

  it('pausing from the tray silences alerts and survives in the settings; resume brings them back', async () => {
    const before = Date.now();
    tray().pick(/^Pause alerts for 1 hour$/);
    expect(menuLabels()).toContain('Resume alerts');
    // Written by the store's thread: on disk a moment later.
    await expect.poll(() => storedSetting('alertsPausedUntil') ?? '').toMatch(/^\d+$/);
    const stored = Number(storedSetting('alertsPausedUntil'));
    expect(stored - before).toBeGreaterThanOrEqual(3_600_000);
    expect(stored - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(path.basename(tray().image.path)).toBe('tray-down.png'); // a missing public URL outranks the pause
    const call = callDeliveries({
      telmetricsId: '5100000002',
      callerNumber: '4165550124',
      callerName: 'Quinn Ash',
      localStart: '2019-11-15T10:00:00',
      ringUtc: '2019-11-15T15:00:00.000',
    });
    expect((await postWebhook(webhookUrl, call.start)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(state.notifications).toHaveLength(1);
    tray().pick(/^Resume alerts$/);
    expect(menuLabels()).toContain('Pause alerts for 1 hour');
    await expect.poll(() => storedSetting('alertsPausedUntil')).toBe('');
  });

  it('start at login writes the autostart entry and ticks the item', () => {
    tray().pick(/^Start at login$/);
    const entry = fs.readFileSync(path.join(home, 'config', 'autostart', 'call-alerts.desktop'), 'utf8');
    expect(entry).toContain('--hidden');
    expect(tray().menu.items.find((i) => i.label === 'Start at login')!.checked).toBe(true);
    tray().pick(/^Start at login$/);
    expect(fs.existsSync(path.join(home, 'config', 'autostart', 'call-alerts.desktop'))).toBe(false);
  });
});

describe('IPC from the window', () => {
  const invoke = (channel: string, sender: unknown, frame: unknown, ...args: unknown[]) =>
    Promise.resolve().then(() => state.handlers.get(invokeChannel(channel as never))!({ sender, senderFrame: frame }, ...args));

  it('has a handler for every channel of the contract', () => {
    expect([...state.handlers.keys()].sort()).toEqual(IPC_CHANNELS.map(invokeChannel).sort());
  });

  it('answers the window’s top frame from the core', async () => {
    const contents = win().webContents;
    const list = (await invoke('listCalls', contents, contents.mainFrame, {})) as { calls: { callerName: string }[] };
    expect(list.calls.map((c) => c.callerName)).toEqual(['Quinn Ash', 'Robin Poe']);
  });

  it('refuses a subframe or another web contents', async () => {
    const contents = win().webContents;
    await expect(invoke('listCalls', contents, { url: 'app://call-alerts/index.html' }, {})).rejects.toThrow(/^Refused/);
    await expect(invoke('listCalls', { mainFrame: null }, contents.mainFrame, {})).rejects.toThrow(/^Refused/);
  });
});

describe('the rest of the app’s life', () => {
  it('a second launch shows the window', () => {
    expect(win().visible).toBe(false);
    electron.app.emit('second-instance');
    expect(win().visible).toBe(true);
  });

  it('waking from sleep redraws the tray', () => {
    tray().tooltip = '';
    electron.powerMonitor.emit('resume');
    expect(tray().tooltip).toContain('Call Alerts');
  });

  it('Quit closes the core (webhooks stop) before the process ends', async () => {
    tray().pick(/^Quit Call Alerts$/);
    await until(() => state.quitted, 'the app to quit');
    expect(tray().destroyed).toBe(true);
    await expect(fetch(webhookUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
