// The main process as wired in electron/shell/main.ts, run end to end with the Electron runtime replaced by
// ElectronStandIn: an object with Electron's API shape that records what the app asks of it (windows, tray,
// notifications, IPC handlers, protocol, session) and lets the test play the person and the OS (click a
// notification, pick a tray item, send IPC from a frame, quit). Everything else is real: the core on a
// SQLite file in a temp folder, webhooks over loopback HTTP, the tray icons and the secrets file on disk.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, invokeChannel } from '../../shared/ipc';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { callDeliveries } from '../support/payloads';
import { postWebhook } from '../support/core';
import { ROOT } from '../support/headless';

const standIn = await vi.hoisted(async () => {
  const { createCipheriv, createDecipheriv, randomBytes } = await import('node:crypto');

  type Listener = (...args: never[]) => unknown;
  class Emitter {
    private readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener): this {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]): unknown[] {
      return (this.listeners.get(event) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));
    }
  }
  const preventable = () => ({
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  });

  const state = {
    appPath: '',
    paths: {} as Record<string, string>,
    name: '',
    userModelId: '',
    lockRequested: false,
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    permissionRequest: null as null | ((contents: unknown, permission: string, callback: (ok: boolean) => void) => void),
    permissionCheck: null as null | ((contents: unknown, permission: string) => boolean),
    windows: [] as BrowserWindow[],
    trays: [] as Tray[],
    notifications: [] as Notification[],
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    clipboard: '',
    openedExternal: [] as string[],
    quitRequests: 0,
    quitted: false,
    errorBox: null as null | [string, string],
    badge: 0,
  };

  class WebContents extends Emitter {
    url = '';
    readonly mainFrame = { url: '' };
    readonly sent: [string, unknown][] = [];
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    getURL() {
      return this.url;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
  }

  class BrowserWindow extends Emitter {
    readonly webContents = new WebContents();
    visible = false;
    focused = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
      app.emit('web-contents-created', preventable(), this.webContents);
    }
    async loadURL(url: string) {
      this.webContents.url = url;
      this.webContents.mainFrame.url = url;
      this.webContents.emit('did-finish-load');
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
      this.blur();
    }
    focus() {
      this.focused = true;
      this.emit('focus');
    }
    blur() {
      this.focused = false;
      this.emit('blur');
    }
    isMinimized() {
      return false;
    }
    restore() {}
    isDestroyed() {
      return false;
    }
    isFocused() {
      return this.focused;
    }
    /** The person clicks the close button. */
    close() {
      const event = preventable();
      this.emit('close', event);
      if (!event.prevented) this.emit('closed');
    }
  }

  class Tray extends Emitter {
    image: { path: string };
    tooltip = '';
    title = '';
    menu: { items: { label?: string; type?: string; checked?: boolean; enabled?: boolean; click?: () => void }[] } = { items: [] };
    destroyed = false;
    constructor(image: { path: string }) {
      super();
      this.image = image;
      state.trays.push(this);
    }
    setImage(image: { path: string }) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: Tray['menu']) {
      this.menu = menu;
    }
    setTitle(title: string) {
      this.title = title;
    }
    destroy() {
      this.destroyed = true;
    }
    /** The person picks a menu item by its label. */
    pick(label: RegExp) {
      const item = this.menu.items.find((i) => i.label !== undefined && label.test(i.label));
      if (!item?.click) throw new Error(`No clickable tray item ${label}: ${this.menu.items.map((i) => i.label).join(' | ')}`);
      item.click();
    }
  }

  class Notification extends Emitter {
    static isSupported() {
      return true;
    }
    constructor(readonly options: { title: string; body: string; icon?: string }) {
      super();
    }
    show() {
      state.notifications.push(this);
    }
  }

  const key = randomBytes(32);
  const app = new (class extends Emitter {
    isPackaged = false;
    setName(name: string) {
      state.name = name;
    }
    setPath(name: string, value: string) {
      state.paths[name] = value;
    }
    getPath(name: string) {
      return state.paths[name] ?? path.join(state.appPath, 'os-paths', name);
    }
    setAppLogsPath(value: string) {
      state.paths.logs = value;
    }
    setAppUserModelId(id: string) {
      state.userModelId = id;
    }
    getAppPath() {
      return state.appPath;
    }
    getVersion() {
      return '1.2.3';
    }
    whenReady() {
      return Promise.resolve();
    }
    requestSingleInstanceLock() {
      state.lockRequested = true;
      return true;
    }
    quit() {
      state.quitRequests++;
      this.emit('before-quit', preventable());
      const event = preventable();
      this.emit('will-quit', event);
      if (!event.prevented) state.quitted = true;
    }
    exit() {
      state.quitted = true;
    }
    getLoginItemSettings() {
      return { openAtLogin: false, wasOpenedAtLogin: false };
    }
    setLoginItemSettings() {}
    setBadgeCount(count: number) {
      state.badge = count;
      return true;
    }
  })();
  const path = await import('node:path');

  const electron = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
    nativeImage: { createFromPath: (file: string) => ({ path: file }) },
    ipcMain: {
      handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
        state.handlers.set(channel, listener);
      },
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: typeof state.privileged) {
        state.privileged = schemes;
      },
      handle(_scheme: string, handler: (request: Request) => Promise<Response>) {
        state.protocolHandler = handler;
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(handler: typeof state.permissionRequest) {
          state.permissionRequest = handler;
        },
        setPermissionCheckHandler(handler: typeof state.permissionCheck) {
          state.permissionCheck = handler;
        },
        setDevicePermissionHandler() {},
      },
    },
    shell: {
      async openExternal(url: string) {
        state.openedExternal.push(url);
      },
    },
    clipboard: {
      writeText(text: string) {
        state.clipboard = text;
      },
    },
    dialog: {
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox(title: string, message: string) {
        state.errorBox = [title, message];
      },
    },
    powerMonitor: new Emitter(),
    // The OS key store: AES-256-GCM under a key held in memory.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString(plain: string) {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]);
      },
      decryptString(sealed: Buffer) {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
      },
    },
  };
  return { electron, state, preventable };
});

vi.mock('electron', () => standIn.electron);

const { state } = standIn;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-main-'));
const dataDir = path.join(home, 'config', 'Call Alerts');
let webhookUrl = '';

async function until<T>(probe: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A value in the settings table, read from the database file as another process would. */
function storedSetting(key: string): string | null {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  } finally {
    db.close();
  }
}

const win = () => state.windows[0]!;
const tray = () => state.trays[0]!;
const menuLabels = () => tray().menu.items.map((i) => i.label ?? '---');

beforeAll(async () => {
  // The app folder as the packaged app lays it out in development: the built window, the drawn icons.
  state.appPath = path.join(home, 'app');
  fs.mkdirSync(path.join(state.appPath, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(state.appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><div id="root"></div>');
  fs.cpSync(path.join(ROOT, 'build', 'tray'), path.join(state.appPath, 'build', 'tray'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'build', 'icons'), path.join(state.appPath, 'build', 'icons'), { recursive: true });
  process.env.XDG_CONFIG_HOME = path.join(home, 'config');
  process.env.CALL_ALERTS_WEBHOOK_PORT = '0';
  await import('../../electron/shell/main');
  await until(() => state.handlers.size > 0 && state.trays.length > 0 && state.windows.length > 0, 'the app to start');
  tray().pick(/^Copy (local )?webhook URL/);
  webhookUrl = state.clipboard;
});

afterAll(() => {
  if (!state.quitted) standIn.electron.app.quit();
  fs.rmSync(home, { recursive: true, force: true });
});

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
    expect(state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
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
    const away = standIn.preventable();
    win().webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.prevented).toBe(true);
    const inside = standIn.preventable();
    win().webContents.emit('will-navigate', inside, 'app://call-alerts/index.html#/settings');
    expect(inside.prevented).toBe(false);
    expect(win().webContents.openHandler!({ url: 'https://recordings.example.com/1.mp3' })).toEqual({ action: 'deny' });
    expect(win().webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(state.openedExternal).toEqual(['https://recordings.example.com/1.mp3']);
  });

  it('shows the tray: no public URL set up, the menu, a real icon file', () => {
    expect(path.basename(tray().image.path)).toBe('tray-down.png');
    expect(fs.existsSync(tray().image.path)).toBe(true);
    expect(tray().tooltip).toBe('Call Alerts · Public URL: not set up');
    expect(menuLabels()).toEqual([
      'Open call history',
      '---',
      'Public URL: not set up',
      'Copy local webhook URL (no public URL yet)',
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

  it('writes its log into the data folder', () => {
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/INFO Call Alerts 1\.2\.3 is running/);
    expect(log).not.toContain(webhookUrl.split('/hooks/')[1]!); // the token stays out of the log
  });
});

describe('a call comes in', () => {
  let callId = 0;

  it('pops a native notification, sends the call to the window, and counts it unseen while nobody looks', async () => {
    win().hide();
    const call = callDeliveries({ telmetricsId: '5100000001', callerNumber: '4165550123', callerName: 'Robin Poe', city: 'Guelph', state: 'ON', localStart: '2019-11-15T09:09:54', ringUtc: '2019-11-15T14:09:46.100' });
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
    const stored = Number(storedSetting('alertsPausedUntil'));
    expect(stored - before).toBeGreaterThanOrEqual(3_600_000);
    expect(stored - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(path.basename(tray().image.path)).toBe('tray-down.png'); // a missing public URL outranks the pause
    const call = callDeliveries({ telmetricsId: '5100000002', callerNumber: '4165550124', callerName: 'Quinn Ash', localStart: '2019-11-15T10:00:00', ringUtc: '2019-11-15T15:00:00.000' });
    expect((await postWebhook(webhookUrl, call.start)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(state.notifications).toHaveLength(1);
    tray().pick(/^Resume alerts$/);
    expect(menuLabels()).toContain('Pause alerts for 1 hour');
    expect(storedSetting('alertsPausedUntil')).toBe('');
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
    standIn.electron.app.emit('second-instance');
    expect(win().visible).toBe(true);
  });

  it('waking from sleep redraws the tray', () => {
    tray().tooltip = '';
    standIn.electron.powerMonitor.emit('resume');
    expect(tray().tooltip).toContain('Call Alerts');
  });

  it('Quit closes the core (webhooks stop) before the process ends', async () => {
    tray().pick(/^Quit Call Alerts$/);
    await until(() => state.quitted, 'the app to quit');
    expect(tray().destroyed).toBe(true);
    await expect(fetch(webhookUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
