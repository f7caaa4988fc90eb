// Electron's main-process API as an object that records what the app asks of it (windows, tray, notifications, IPC
// handlers, protocol, session) and lets a test play the person and the OS (click a notification, pick a tray item,
// quit). Used in-process (a test file swaps it in with vi.mock('electron', ...) before electron/shell/main.ts loads) and
// in a child process by electronStandInProcess.ts, which runs the real bundle on it.
//
// It keeps Electron 38's start-up rules and throws on misuse, as Electron does or as its docs forbid: the APIs that need
// the app to be ready fail before `launch()` (Electron's `ready`), and those that must come before it fail after.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

type Listener = (...args: never[]) => unknown;
class Emitter {
  private readonly listeners = new Map<string, { listener: Listener; once: boolean }[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
    return this;
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    const all = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      all.filter((l) => !l.once),
    );
    return all.map((l) => (l.listener as (...a: unknown[]) => unknown)(...args));
  }
}
export const preventable = () => ({
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});

export const state = {
  ready: false,
  appPath: '',
  version: '1.2.3',
  paths: {} as Record<string, string>,
  name: '',
  userModelId: '',
  lockRequested: false,
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  /** undefined: never set (Electron installs its default menu); null: no menu. */
  applicationMenu: undefined as undefined | null | { items: unknown[] },
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
  exitCode: null as number | null,
  errorBox: null as null | [string, string],
  badge: 0,
};

/** What happens when the app ends (app.quit completing, app.exit): in a child process, the process exits. */
let onExit: (code: number) => void = () => undefined;
export function setExitHandler(handler: (code: number) => void): void {
  onExit = handler;
}

function exit(code: number): void {
  state.quitted = true;
  state.exitCode = code;
  onExit(code);
}

// "This module cannot be used until the ready event of the app module is emitted." (docs/api/browser-window.md,
// power-monitor.md, screen.md); Tray and Notification throw "Cannot create … before app is ready"
// (shell/browser/api/electron_api_tray.cc, electron_api_notification.cc).
function needsReady(api: string): void {
  if (!state.ready) throw new Error(`Stand-in electron: ${api} cannot be used before the app is ready`);
}
function beforeReadyOnly(api: string): void {
  if (state.ready) throw new Error(`Stand-in electron: ${api} can only be called before the app is ready`);
}

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
  /** The first frame is painted (ready-to-show has been emitted). */
  painted = false;
  /** show() came before the first paint: the person saw a blank (white) window. */
  shownBeforePaint = false;
  constructor(readonly options: Record<string, unknown>) {
    needsReady('new BrowserWindow()');
    super();
    this.visible = options.show !== false;
    state.windows.push(this);
    app.emit('web-contents-created', preventable(), this.webContents);
  }
  async loadURL(url: string) {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    // Loading takes a turn of the event loop; ready-to-show comes after the first paint, only while not yet shown.
    await new Promise((resolve) => setImmediate(resolve));
    this.webContents.emit('did-finish-load');
    if (!this.painted) {
      this.painted = true;
      if (!this.visible) this.emit('ready-to-show');
    }
  }
  show() {
    if (!this.painted) this.shownBeforePaint = true;
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

type MenuItem = { label?: string; type?: string; checked?: boolean; enabled?: boolean; click?: () => void };

class Tray extends Emitter {
  image: { path: string };
  tooltip = '';
  title = '';
  menu: { items: MenuItem[] } = { items: [] };
  destroyed = false;
  constructor(image: { path: string }) {
    needsReady('new Tray()');
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
    needsReady('new Notification()');
    super();
  }
  show() {
    state.notifications.push(this);
  }
}

let becomeReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (becomeReady = resolve));

/** Electron has finished launching: `ready`, after the main script has run. */
export function launch(): void {
  if (state.ready) return;
  state.ready = true;
  app.emit('will-finish-launching');
  app.emit('ready', preventable(), {});
  becomeReady();
}

const key = randomBytes(32);
const app = new (class extends Emitter {
  isPackaged = false;
  setName(name: string) {
    state.name = name;
  }
  setPath(name: string, value: string) {
    // docs/api/app.md: sessionData (under userData by default) must be overridden before ready.
    if (name === 'userData' || name === 'sessionData') beforeReadyOnly(`app.setPath('${name}')`);
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
    return state.version;
  }
  isReady() {
    return state.ready;
  }
  whenReady() {
    return ready;
  }
  requestSingleInstanceLock() {
    state.lockRequested = true;
    return true;
  }
  /** before-quit, will-quit (which a listener may hold off), quit, then the process ends with 0. */
  quit() {
    state.quitRequests++;
    this.emit('before-quit', preventable());
    const event = preventable();
    this.emit('will-quit', event);
    if (event.prevented) return;
    this.emit('quit', preventable(), 0);
    exit(0);
  }
  /** Ends at once: no quit events. */
  exit(code = 0) {
    exit(code);
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

const defaultSession = {
  setPermissionRequestHandler(handler: typeof state.permissionRequest) {
    state.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler: typeof state.permissionCheck) {
    state.permissionCheck = handler;
  },
  setDevicePermissionHandler() {},
};

const powerMonitor = new (class extends Emitter {
  override on(event: string, listener: Listener): this {
    needsReady('powerMonitor');
    return super.on(event, listener);
  }
})();

/** The OS key store: AES-256-GCM under a key held in memory. */
const safeStorage = {
  // docs/api/safe-storage.md: on Linux, available only once the app has emitted ready.
  isEncryptionAvailable: () => state.ready || process.platform !== 'linux',
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString(plain: string) {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Stand-in electron: safeStorage encryption is not available before ready');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  decryptString(sealed: Buffer) {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Stand-in electron: safeStorage decryption is not available before ready');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  },
};

export const electron = {
  app,
  BrowserWindow,
  Tray,
  Notification,
  Menu: {
    buildFromTemplate: (items: unknown[]) => ({ items }),
    setApplicationMenu(menu: { items: unknown[] } | null) {
      state.applicationMenu = menu;
    },
  },
  nativeImage: { createFromPath: (file: string) => ({ path: file }) },
  nativeTheme: { shouldUseDarkColors: false },
  ipcMain: {
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      state.handlers.set(channel, listener);
    },
  },
  // docs/api/protocol.md: every method needs ready, except registerSchemesAsPrivileged, which must come before it, once.
  protocol: {
    registerSchemesAsPrivileged(schemes: typeof state.privileged) {
      beforeReadyOnly('protocol.registerSchemesAsPrivileged()');
      if (state.privileged.length > 0) throw new Error('Stand-in electron: registerSchemesAsPrivileged can be called only once');
      state.privileged = schemes;
    },
    handle(_scheme: string, handler: (request: Request) => Promise<Response>) {
      needsReady('protocol.handle()');
      state.protocolHandler = handler;
    },
  },
  // docs/api/session.md: the session module cannot be used before ready.
  session: {
    get defaultSession() {
      needsReady('session.defaultSession');
      return defaultSession;
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
  // docs/api/dialog.md: showErrorBox "can be called safely before the ready event" (on Linux it then goes to stderr).
  dialog: {
    async showSaveDialog() {
      needsReady('dialog.showSaveDialog()');
      return { canceled: true };
    },
    showErrorBox(title: string, message: string) {
      state.errorBox = [title, message];
      fs.writeSync(2, `[stand-in dialog.showErrorBox] ${title}: ${message}\n`);
    },
  },
  powerMonitor,
  screen: {
    getPrimaryDisplay() {
      needsReady('screen');
      return { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 };
    },
  },
  safeStorage,
};
