// Electron's main-process API as an object that records what the app asks of it (windows, tray, notifications, IPC
// handlers, protocol, session) and lets a test play the person and the OS (click a notification, pick a tray item,
// quit). A test file swaps it in with vi.mock('electron', ...) before electron/shell/main.ts loads.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';

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
export const preventable = () => ({
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});

export const state = {
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

export const electron = {
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
