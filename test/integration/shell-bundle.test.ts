// The start-up smoke test of the real bundle: dist/electron/main.cjs as build/bundle.ts makes it, run under plain Node in
// its own process on the stand-in Electron binary (test/support/electronStandInProcess.ts), which throws on any API used
// before ready that needs it. Driven as a person and the OS would: start, a real webhook over loopback HTTP, a click on
// its notification, the tray menu, quit; and a start-up that fails.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataFolder } from '../../electron/core/dataFolderLock';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { IPC_CHANNELS, invokeChannel } from '../../shared/ipc';
import type { SettingsResponse } from '../../shared/api';
import { buildApp, startApp, type BuiltApp, type RunningApp } from '../support/bundledShell';
import { postWebhook, tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';

let built: BuiltApp;
let home = '';

beforeAll(async () => {
  built = await buildApp();
  home = tempDir('shell-bundle-home-');
});

afterAll(() => {
  built.remove();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the bundled main process, from start to quit', () => {
  let app: RunningApp;
  let webhookUrl = '';
  let callId = 0;

  afterAll(() => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  });

  it('starts in the stand-in’s ready order: the window shown once painted, the tray, every IPC handler', async () => {
    app = startApp(built, home);
    const s = await app.until((s) => s.trays.length > 0 && s.windows[0]?.visible && s, 'the window and the tray');
    expect(s.ready).toBe(true);
    expect(s.name).toBe('Call Alerts');
    expect(s.userModelId).toBe('com.callalerts.desktop');
    expect(s.paths.userData).toBe(app.dataDir);
    expect(s.privileged.map((p) => p.scheme)).toEqual(['app']);
    expect(s.handlers.sort()).toEqual(IPC_CHANNELS.map(invokeChannel).sort());
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]).toMatchObject({ url: 'app://call-alerts/index.html#/calls', shownBeforePaint: false, backgroundColor: '#f4f6f8' });
    expect(s.applicationMenu).toBe('default'); // run from source: Electron's own menu, for development
    expect(s.errorBox).toBeNull();
    expect(fs.existsSync(path.join(app.dataDir, DATABASE_FILE))).toBe(true);
  });

  it('the tray leads to the public address, never to the local URL the log names (its token left out of the log)', async () => {
    expect((await app.snapshot()).trays[0]!.labels).not.toContain('Copy webhook URL');
    await app.send({ do: 'pick-tray-item', label: '^Set up the public address…$' });
    expect((await app.snapshot()).windows[0]!.url).toBe('app://call-alerts/index.html#/public-url');
    webhookUrl = ((await app.send({ do: 'invoke', channel: invokeChannel('getSettings') })) as SettingsResponse).webhookUrl;
    expect(webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/[A-Za-z0-9_-]{22,}$/);
    const logged = /webhook listener (http:\/\/127\.0\.0\.1:\d+)\/hooks\/…/.exec(app.output());
    expect(logged?.[1]).toBe(new URL(webhookUrl).origin);
    expect(app.output()).not.toContain(webhookUrl.split('/hooks/')[1]!);
  });

  it('a real webhook becomes a native notification with the caller, and a push to the window', async () => {
    await app.send({ do: 'close-window' });
    const call = callDeliveries({
      telmetricsId: '5200000001',
      callerNumber: '4165550123',
      callerName: 'Robin Poe',
      city: 'Guelph',
      state: 'ON',
      localStart: '2019-11-15T09:09:54',
      ringUtc: '2019-11-15T14:09:46.100',
    });
    expect((await postWebhook(webhookUrl, call.start)).status).toBe(200);
    const s = await app.until((s) => s.notifications.length > 0 && s, 'the notification');
    expect(s.notifications).toHaveLength(1);
    expect(s.notifications[0]!.title).toBe('Robin Poe');
    expect(s.notifications[0]!.body).toContain('(416) 555-0123');
    expect(s.notifications[0]!.body).toContain('Guelph, ON');
    const pushes = s.windows[0]!.sent.filter(([channel]) => channel === 'call-alerts:event:call');
    expect(pushes).toHaveLength(1);
    callId = (pushes[0]![1] as { call: { id: number; callerName: string } }).call.id;
    expect((pushes[0]![1] as { call: { callerName: string } }).call.callerName).toBe('Robin Poe');
    expect(s.windows[0]!.visible).toBe(false);
    expect(s.trays[0]!.labels[0]).toBe('Open call history (1 new call)');
  });

  it('a click on the notification opens the window on that call', async () => {
    await app.send({ do: 'click-notification', index: 0 });
    const s = await app.snapshot();
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]!.visible).toBe(true);
    expect(s.windows[0]!.sent.at(-1)).toEqual(['call-alerts:event:openCall', callId]);
    expect(s.trays[0]!.labels[0]).toBe('Open call history');
  });

  it('the tray pauses and resumes alerts', async () => {
    await app.send({ do: 'pick-tray-item', label: '^Pause alerts for 1 hour$' });
    expect((await app.snapshot()).trays[0]!.labels).toContain('Resume alerts');
    await app.send({ do: 'pick-tray-item', label: '^Resume alerts$' });
    expect((await app.snapshot()).trays[0]!.labels).toContain('Pause alerts for 1 hour');
  });

  it('Quit ends the process with 0, the call on disk and the data folder free', async () => {
    await app.send({ do: 'pick-tray-item', label: '^Quit Call Alerts$' });
    expect(await app.exited).toBe(0);
    expect(fs.existsSync(path.join(app.dataDir, LOCK_FILE))).toBe(false);
    lockDataFolder(app.dataDir).release();
    const db = new Database(path.join(app.dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.prepare('SELECT caller_number FROM calls').all()).toEqual([{ caller_number: '4165550123' }]);
    } finally {
      db.close();
    }
  });
});

describe('a start-up that fails', () => {
  it('shows the error box and exits with 1 (here: another copy holds the data folder)', async () => {
    const dataDir = path.join(home, 'config', 'Call Alerts');
    fs.mkdirSync(dataDir, { recursive: true });
    const lock = lockDataFolder(dataDir);
    try {
      const app = startApp(built, home);
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(
        `[stand-in dialog.showErrorBox] Call Alerts could not start: Call Alerts is already running with this data folder (process ${process.pid}).`,
      );
    } finally {
      lock.release();
    }
  });

  it('the stand-in itself refuses an API used before ready, as Electron does', async () => {
    const appDir = path.join(home, 'too-early');
    fs.mkdirSync(appDir, { recursive: true });
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'too-early', version: '0.0.0', main: 'main.cjs' }));
    fs.writeFileSync(path.join(appDir, 'main.cjs'), "const { Tray } = require('electron');\nnew Tray('icon.png');\n");
    const app = startApp({ ...built, appDir }, home);
    expect(await app.exited).not.toBe(0);
    expect(app.output()).toContain('new Tray() cannot be used before the app is ready');
  });
});
