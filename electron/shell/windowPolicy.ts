// The window's security decisions (Electron's security checklist), pure so each one is unit-tested:
// options, which URLs it may show or hand to the browser, which permissions and IPC senders it trusts,
// and how the app:// scheme maps to the built window's files.

import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/api/appListener';
import { PRODUCT_NAME } from './identity';

/** The window is served from this privileged scheme, never file:// (whose origin is every local file). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'call-alerts';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The same policy the app listener sends in headless mode: only the window's own scripts, no framing. */
export const WINDOW_CSP = CONTENT_SECURITY_POLICY;

/** The page colour (--bg of renderer/src/styles/base.css), painted before the page so dark mode does not flash white. */
export const WINDOW_BACKGROUND = { light: '#f4f6f8', dark: '#0e1116' } as const;

export function windowOptions(paths: { preload: string; icon: string | null }, darkMode: boolean): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    width: 1180,
    height: 780,
    minWidth: 720,
    minHeight: 480,
    // Shown on ready-to-show, once the page has painted.
    show: false,
    backgroundColor: darkMode ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    autoHideMenuBar: true,
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Only the app's own pages: app://call-alerts/… */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
}

/** will-navigate: staying inside the app (a hash change, a reload) is fine; anything else is blocked. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** A phone number to dial: "tel:", an optional "+", then at least 3 digits among the visual separators - . ( ); no parameters. */
const TEL_URL = /^tel:\+?(?=(?:[^0-9]*[0-9]){3})[0-9\-.()]{3,32}$/i;

/**
 * What shell.openExternal may be given: an http(s) URL with a host and no credentials, or a plain tel: number
 * for the system's calling app. Nothing else (no file:, no custom schemes that start programs).
 */
export function externalUrl(url: string): string | null {
  if (TEL_URL.test(url)) return `tel:${url.slice(4)}`;
  const u = parse(url);
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return u.href;
}

/** What a navigation of the window does: stays in the app, hands a tel: link to the system (Call back), or nothing. */
export function navigationOutcome(url: string): { allow: boolean; dial: string | null } {
  if (isAppUrl(url)) return { allow: true, dial: null };
  return { allow: false, dial: TEL_URL.test(url) ? externalUrl(url) : null };
}

/** All the window may be granted, and only on the app's own pages: notifications, and writing the clipboard (its copy buttons). */
const WINDOW_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

/**
 * Chromium asks for "openExternal" when a page follows a link of a scheme it does not handle: granted to the
 * app's pages for a tel: number only (Call back), which the system's calling app then opens.
 */
export function permissionAllowed(permission: string, requestingUrl: string, details: { externalURL?: string } = {}): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission === 'openExternal') return details.externalURL !== undefined && TEL_URL.test(details.externalURL);
  return WINDOW_PERMISSIONS.has(permission);
}

export interface IpcSender {
  /** URL of the frame that sent the message (null when the frame is gone). */
  frameUrl: string | null;
  /** The frame is its page's top frame, not an iframe. */
  isMainFrame: boolean;
  /** The message came from the app's window, not some other web contents. */
  fromAppWindow: boolean;
}

/** Every IPC handler answers only the top frame of the app's own window showing an app:// page. */
export function senderTrusted(sender: IpcSender): boolean {
  return sender.fromAppWindow && sender.isMainFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file an app:// request asks for, inside `rootDir` (the built window); null for another host or a
 * path that would leave the folder. "/" is the window itself.
 */
export function appFileFor(url: string, rootDir: string): string | null {
  const u = parse(url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Response headers for every app:// file: the CSP, and no content sniffing. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': mimeType(file),
    'Content-Security-Policy': WINDOW_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

/** The window's view of the people to call back (the tray's "To call back" item). */
export const CALL_BACKS_ROUTE = '#/call-backs';
export const PUBLIC_URL_ROUTE = '#/public-url';

/** The window's hash route for one call (the renderer's route format: renderer/src/model/route.ts). */
export function callRoute(callId: number | null): string {
  return callId === null ? '#/calls' : `#/calls?call=${callId}`;
}
