// The history window and its sandbox: the app:// scheme serving the built window with its CSP, the
// session's permission handlers, and the navigation guards on every web contents.

import fs from 'node:fs';
import { Readable } from 'node:stream';
import { BrowserWindow, nativeTheme, protocol, session, shell, type WebContents } from 'electron';
import { eventChannel, type IpcEventName, type IpcEvents } from '../../shared/ipc';
import { rangeResponse, recordingCallId } from './recordingResponse';
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

/** Before the app is ready: app:// behaves like https (a secure, standard origin); stream lets media seek in its files. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

/** A recording this PC holds (the core's recordingFile: asked of the store's thread, so a promise). */
export type RecordingFiles = (callId: number) => Promise<{ path: string; contentType: string; bytes: number } | null>;

function notFound(reason: string): Response {
  return new Response(reason, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** A cached recording, whole or the range the media element asks for; never cached by the window (it may be evicted). */
async function serveRecording(request: Request, callId: number, recordings: RecordingFiles): Promise<Response> {
  const recording = await recordings(callId);
  if (!recording) return notFound(`The recording of call ${callId} is not downloaded on this PC`);
  let size: number;
  try {
    size = (await fs.promises.stat(recording.path)).size;
  } catch {
    return notFound(`The recording of call ${callId} is no longer on this PC`);
  }
  const answer = rangeResponse(size, request.headers.get('range'));
  const headers = { ...answer.headers, 'Content-Type': recording.contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  const empty = answer.status === 416 || answer.end === answer.start || request.method === 'HEAD';
  const body = empty
    ? null
    : (Readable.toWeb(fs.createReadStream(recording.path, { start: answer.start, end: answer.end - 1 })) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.status, headers });
}

/** Serves the built window (dist/renderer) on app://call-alerts/, every file with the CSP header, and the cached recordings. */
export function serveAppScheme(rendererDir: string, recordings: RecordingFiles): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const callId = recordingCallId(request.url);
    if (callId !== null) return serveRecording(request, callId, recordings);
    const file = appFileFor(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await fs.promises.readFile(file), { headers: appResponseHeaders(file) });
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

  /** Shows the window on a view (a hash route such as CALL_BACKS_ROUTE). */
  showRoute(route: string): void {
    if (!this.window || this.window.isDestroyed()) this.create(null, route);
    // Only the hash changes: a same-document navigation the page follows (hashchange), no reload.
    else this.window.loadURL(`${APP_ENTRY}${route}`).catch((error: unknown) => console.warn(`Could not open ${route}:`, error));
    if (this.painted) this.reveal();
  }

  private reveal(): void {
    const win = this.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  private create(callId: number | null, route = callRoute(callId)): void {
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
    void win.loadURL(`${APP_ENTRY}${route}`);
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
