// The history window and its sandbox: the app:// scheme serving the built window with its CSP, the
// session's permission handlers, and the navigation guards on every web contents.

import fs from 'node:fs/promises';
import { BrowserWindow, nativeTheme, protocol, session, shell, type WebContents } from 'electron';
import { eventChannel, type IpcEventName, type IpcEvents } from '../../shared/ipc';
import {
  APP_ENTRY,
  APP_SCHEME,
  appFileFor,
  appResponseHeaders,
  callRoute,
  externalUrl,
  navigationAllowed,
  navigationOutcome,
  permissionAllowed,
  windowOptions,
} from './windowPolicy';

/** Before the app is ready: app:// behaves like https (a secure, standard origin for the window). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built window (dist/renderer) on app://call-alerts/, every file with the CSP header. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await fs.readFile(file), { headers: appResponseHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** The session may grant notifications to the app's pages and nothing else, to no one else. */
export function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(permissionAllowed(permission, contents.getURL(), details as { externalURL?: string })),
  );
  ses.setPermissionCheckHandler((contents, permission) => permissionAllowed(permission, contents?.getURL() ?? ''));
  ses.setDevicePermissionHandler(() => false);
}

/** For every web contents ever created: no navigation away (a tel: link goes to the system), no new windows, no <webview>. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    const outcome = navigationOutcome(url);
    if (outcome.allow) return;
    event.preventDefault();
    if (outcome.dial) void shell.openExternal(outcome.dial);
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link with target=_blank to a web page opens in the person's browser, a tel: one in their calling app; nothing opens in-app.
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

export class AppWindow {
  private window: BrowserWindow | null = null;
  private loaded = false;
  /** The page has painted once (ready-to-show): showing the window now shows no blank frame. */
  private painted = false;
  private quitting = false;

  constructor(
    private readonly paths: { preload: string; icon: string | null },
    private readonly onFocusChange: (focused: boolean) => void,
  ) {}

  /** Shows the window (making it if needed), on one call when `callId` is given. */
  show(callId: number | null = null): void {
    if (!this.window || this.window.isDestroyed()) this.create(callId);
    else if (callId !== null) {
      if (this.loaded) this.send('openCall', callId);
      else void this.window.loadURL(`${APP_ENTRY}${callRoute(callId)}`);
    }
    if (this.painted) this.reveal();
  }

  private reveal(): void {
    const win = this.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  private create(callId: number | null): void {
    const win = new BrowserWindow(windowOptions(this.paths, nativeTheme.shouldUseDarkColors));
    this.window = win;
    this.loaded = false;
    this.painted = false;
    win.webContents.on('did-finish-load', () => (this.loaded = true));
    // A window is only made to be shown: it appears once its first frame is painted.
    win.once('ready-to-show', () => {
      this.painted = true;
      this.reveal();
    });
    win.on('focus', () => this.onFocusChange(true));
    win.on('blur', () => this.onFocusChange(false));
    // Closing hides to the tray; only Quit ends the app.
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      this.window = null;
    });
    void win.loadURL(`${APP_ENTRY}${callRoute(callId)}`);
  }

  send<E extends IpcEventName>(name: E, payload: IpcEvents[E]): void {
    if (this.window && !this.window.isDestroyed() && this.loaded) this.window.webContents.send(eventChannel(name), payload);
  }

  isFocused(): boolean {
    return this.window !== null && !this.window.isDestroyed() && this.window.isFocused();
  }

  /** The IPC sender check: is this the window's own web contents? */
  owns(contents: WebContents): boolean {
    return this.window !== null && !this.window.isDestroyed() && this.window.webContents === contents;
  }

  allowClose(): void {
    this.quitting = true;
  }
}
