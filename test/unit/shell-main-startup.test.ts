// The main process as wired in electron/shell/main.ts, from launch to the window and the tray it shows, run on the
// Electron stand-in (test/support/electronStandIn.ts). Everything else is real: the core on a SQLite file in a temp
// folder, the tray icons and the log on disk.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { preventable, state } from '../support/electronStandIn';
import { menuLabels, startShell, stopShell, tray, win, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

let shell: ShellHome;
let dataDir = '';
let webhookUrl = '';

beforeAll(async () => {
  shell = await startShell();
  ({ dataDir, webhookUrl } = shell);
});

afterAll(() => stopShell(shell));

describe('startup', () => {
  it('registers with the OS as the builder’s appId, one instance only, its data in the shared data folder', () => {
    expect(state.userModelId).toBe('com.callalerts.desktop');
    expect(state.lockRequested).toBe(true);
    expect(state.name).toBe('Call Alerts');
    expect(state.paths.userData).toBe(dataDir);
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
    expect(state.errorBox).toBeNull();
  });

  it('serves the window from app:// with its CSP, and nothing outside the window folder', async () => {
    expect(state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    const page = await state.protocolHandler!(new Request('app://call-alerts/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    expect((await state.protocolHandler!(new Request('app://call-alerts/..%2f..%2fbuild%2ftray%2ftray-normal.png'))).status).toBe(404);
    expect((await state.protocolHandler!(new Request('app://call-alerts/missing.js'))).status).toBe(404);
  });

  it('grants notifications only, to the app’s pages only', () => {
    const ask = (permission: string, url: string) => {
      let granted: boolean | null = null;
      state.permissionRequest!({ getURL: () => url }, permission, (ok) => (granted = ok));
      return granted;
    };
    expect(ask('notifications', 'app://call-alerts/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'app://call-alerts/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(ask('media', 'app://call-alerts/index.html')).toBe(false);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
    expect(state.permissionCheck!({ getURL: () => 'app://call-alerts/index.html' }, 'geolocation')).toBe(false);
  });

  it('opens the sandboxed window on the call list, hardened against navigation and new windows', () => {
    const { webPreferences } = win().options as { webPreferences: Record<string, unknown> };
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(webPreferences.preload).toBe(path.join(state.appPath, 'dist', 'electron', 'preload.cjs'));
    expect(win().webContents.url).toBe('app://call-alerts/index.html#/calls');
    expect(win().visible).toBe(true);
    // Shown once painted, on the light theme's page colour: no white flash.
    expect(win().shownBeforePaint).toBe(false);
    expect(win().options).toMatchObject({ show: false, backgroundColor: '#f4f6f8' });
    const away = preventable();
    win().webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.prevented).toBe(true);
    const inside = preventable();
    win().webContents.emit('will-navigate', inside, 'app://call-alerts/index.html#/settings');
    expect(inside.prevented).toBe(false);
    // Call back: a tel: link goes to the system's calling app, the window stays.
    const dial = preventable();
    win().webContents.emit('will-navigate', dial, 'tel:+14165550101');
    expect(dial.prevented).toBe(true);
    expect(win().webContents.openHandler!({ url: 'https://recordings.example.com/1.mp3' })).toEqual({ action: 'deny' });
    expect(win().webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(state.openedExternal).toEqual(['tel:+14165550101', 'https://recordings.example.com/1.mp3']);
  });

  it('keeps Electron’s default menu when run from source (a packaged app sets its own)', () => {
    expect(state.applicationMenu).toBeUndefined();
  });

  it('shows the tray: no public URL set up, the menu, a real icon file', () => {
    expect(path.basename(tray().image.path)).toBe('tray-down.png');
    expect(fs.existsSync(tray().image.path)).toBe(true);
    expect(tray().tooltip).toBe('Call Alerts · Public URL: not set up');
    expect(menuLabels()).toEqual([
      'Open call history',
      '---',
      'Public URL: not set up',
      'Set up the public address…',
      '---',
      'Pause alerts for 1 hour',
      'Pause alerts until tomorrow',
      '---',
      'Start at login',
      '---',
      'Quit Call Alerts',
    ]);
    expect(webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/[A-Za-z0-9_-]{22,}$/);
  });

  it('"Set up the public address…" opens the window on the Public URL view', () => {
    tray().pick(/^Set up the public address…$/);
    expect(win().visible).toBe(true);
    expect(win().webContents.url).toBe('app://call-alerts/index.html#/public-url');
  });

  it('writes its log into the data folder', () => {
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/INFO Call Alerts 1\.2\.3 is running/);
    expect(log).not.toContain(webhookUrl.split('/hooks/')[1]!); // the token stays out of the log
  });
});
