// The window's security settings and decisions (Electron's security checklist), checked one by one.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/core/api/appListener';
import { applicationMenu, KEEP_DEFAULT_MENU } from '../../electron/shell/appMenu';
import {
  APP_ENTRY,
  APP_ORIGIN,
  appFileFor,
  appResponseHeaders,
  CALL_BACKS_ROUTE,
  callRoute,
  externalUrl,
  isAppUrl,
  navigationAllowed,
  navigationOutcome,
  permissionAllowed,
  senderTrusted,
  windowOptions,
} from '../../electron/shell/windowPolicy';
import { parseRoute } from '../../renderer/src/model/route';
import { ROOT } from '../support/headless';

describe('BrowserWindow options', () => {
  const options = windowOptions({ preload: '/app/dist/electron/preload.cjs', icon: null }, false);
  const web = options.webPreferences!;

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and everything risky off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.enableBlinkFeatures).toBeUndefined();
    expect(web.additionalArguments).toBeUndefined();
  });

  it('loads only the preload it is given and starts hidden until shown', () => {
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
    expect(options.show).toBe(false);
    expect(options.title).toBe('Call Alerts');
  });

  it('paints the page colour of the theme the window will show before the page does (no white flash)', () => {
    const css = fs.readFileSync(path.join(ROOT, 'renderer', 'src', 'styles', 'base.css'), 'utf8');
    const pageColour = (block: string) => /--bg:\s*(#[0-9a-f]{6})/i.exec(block)![1]!.toLowerCase();
    const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
    expect(options.backgroundColor).toBe(pageColour(css));
    expect(windowOptions({ preload: 'p', icon: null }, true).backgroundColor).toBe(pageColour(dark));
    expect(pageColour(dark)).not.toBe(pageColour(css));
  });
});

describe('content and navigation', () => {
  it('serves the window from app://call-alerts with the same CSP as headless mode', () => {
    expect(APP_ORIGIN).toBe('app://call-alerts');
    expect(APP_ENTRY).toBe('app://call-alerts/index.html');
    const headers = appResponseHeaders('/x/index.html');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(headers['Content-Security-Policy']).toContain("object-src 'none'");
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    // Recordings play only from the app's own origin (app:// serves the cached files), never from the vendor.
    expect(headers['Content-Security-Policy']).toContain("media-src 'self'");
    expect(headers['Content-Security-Policy']).not.toMatch(/media-src[^;]*(https?:|\*)/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(appResponseHeaders('/x/assets/index-abc.js')['Content-Type']).toBe('text/javascript; charset=utf-8');
  });

  it('knows its own pages from everything else', () => {
    expect(isAppUrl('app://call-alerts/index.html#/calls?call=4')).toBe(true);
    for (const url of [
      'app://other/index.html',
      'file:///etc/passwd',
      'http://127.0.0.1:47801/',
      'https://call-alerts/',
      'app://call-alerts.evil.example/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
      expect(navigationAllowed(url), url).toBe(false);
    }
    expect(navigationAllowed('app://call-alerts/index.html#/settings')).toBe(true);
  });

  it('hands only web links (http, https) and tel: numbers to the system', () => {
    expect(externalUrl('https://recordings.example.com/a.mp3')).toBe('https://recordings.example.com/a.mp3');
    expect(externalUrl('http://recordings.example.com/a.mp3')).toBe('http://recordings.example.com/a.mp3');
    expect(externalUrl('tel:+14165550101')).toBe('tel:+14165550101');
    expect(externalUrl('TEL:+1-416-555-0101')).toBe('tel:+1-416-555-0101');
    expect(externalUrl('tel:(416)555.0101')).toBe('tel:(416)555.0101');
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'callto:+14165550101',
      'sip:front@example.com',
      'tel:',
      'tel:+',
      'tel:(((-)))',
      'tel:+1;phone-context=example.com',
      'tel:+1 416 555 0101',
      'tel:+14165550101?body=x',
      'tel:%2B14165550101',
      'tel:1234567890123456789012345678901234',
      'https://user:pass@example.com/',
      'https://',
      '',
    ]) {
      expect(externalUrl(url), url).toBeNull();
    }
  });

  it('a navigation stays in the app, dials a tel: link through the system, and goes nowhere else', () => {
    expect(navigationOutcome('app://call-alerts/index.html#/call-backs')).toEqual({ allow: true, dial: null });
    expect(navigationOutcome('tel:+14165550101')).toEqual({ allow: false, dial: 'tel:+14165550101' });
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:47801/',
      'file:///etc/passwd',
      'mailto:a@example.com',
      'tel:+1;x=y',
      'javascript:0',
    ]) {
      expect(navigationOutcome(url), url).toEqual({ allow: false, dial: null });
    }
  });

  it('grants notifications and clipboard writes to the app pages and no permission to anyone else', () => {
    expect(permissionAllowed('notifications', 'app://call-alerts/index.html')).toBe(true);
    expect(permissionAllowed('notifications', 'https://example.com/')).toBe(false);
    // navigator.clipboard.writeText asks for this one: the copy buttons then need no fallback.
    expect(permissionAllowed('clipboard-sanitized-write', 'app://call-alerts/index.html#/settings')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', 'app://other-host/index.html')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'display-capture', 'midiSysex', 'unknown']) {
      expect(permissionAllowed(p, 'app://call-alerts/index.html'), p).toBe(false);
    }
    // Following a tel: link (Call back) asks to open it outside: granted for a plain number, on an app page.
    expect(permissionAllowed('openExternal', 'app://call-alerts/index.html', { externalURL: 'tel:+14165550101' })).toBe(true);
    expect(permissionAllowed('openExternal', 'https://evil.example/', { externalURL: 'tel:+14165550101' })).toBe(false);
    expect(permissionAllowed('openExternal', 'app://call-alerts/index.html', { externalURL: 'ms-msdt:/id PCWDiagnostic' })).toBe(false);
    expect(permissionAllowed('openExternal', 'app://call-alerts/index.html', { externalURL: 'https://example.com/' })).toBe(false);
  });

  it('answers IPC only from the top frame of the app window on an app page', () => {
    const good = { frameUrl: 'app://call-alerts/index.html', isMainFrame: true, fromAppWindow: true };
    expect(senderTrusted(good)).toBe(true);
    expect(senderTrusted({ ...good, isMainFrame: false })).toBe(false);
    expect(senderTrusted({ ...good, fromAppWindow: false })).toBe(false);
    expect(senderTrusted({ ...good, frameUrl: null })).toBe(false);
    expect(senderTrusted({ ...good, frameUrl: 'https://evil.example/' })).toBe(false);
  });
});

describe('app:// files', () => {
  const root = path.join(ROOT, 'dist', 'renderer');

  it('maps app URLs into the built window folder, "/" to index.html', () => {
    expect(appFileFor('app://call-alerts/', root)).toBe(path.join(root, 'index.html'));
    expect(appFileFor('app://call-alerts/index.html#/calls', root)).toBe(path.join(root, 'index.html'));
    expect(appFileFor('app://call-alerts/assets/a%20b.js?v=1', root)).toBe(path.join(root, 'assets', 'a b.js'));
  });

  it('never leaves the folder and serves no other host', () => {
    // The URL parser already folds "/../" (plain or %2e-encoded) back to the root.
    expect(appFileFor('app://call-alerts/../../package.json', root)).toBe(path.join(root, 'package.json'));
    expect(appFileFor('app://call-alerts/%2e%2e/%2e%2e/package.json', root)).toBe(path.join(root, 'package.json'));
    // An encoded slash survives the parser and would climb out after decoding: refused.
    expect(appFileFor('app://call-alerts/..%2f..%2fpackage.json', root)).toBeNull();
    expect(appFileFor('app://call-alerts/assets/..%5c..%5c..%5cpackage.json', root)?.startsWith(root + path.sep) ?? true).toBe(true);
    expect(appFileFor('app://call-alerts/assets/%00.js', root)).toBeNull();
    expect(appFileFor('app://call-alerts/%E0%A4%A', root)).toBeNull();
    expect(appFileFor('app://other-host/index.html', root)).toBeNull();
    expect(appFileFor('file:///etc/passwd', root)).toBeNull();
  });

  it('finds the real built window when it has been built', () => {
    const index = appFileFor(APP_ENTRY, root)!;
    if (!fs.existsSync(index)) return; // vite build has not run in this checkout
    expect(fs.readFileSync(index, 'utf8')).toContain('<div id="root">');
  });
});

describe('opening a call from a notification, or the call-back view from the tray', () => {
  it('routes in the window’s own URL format', () => {
    expect(parseRoute(callRoute(42))).toMatchObject({ view: 'calls', callId: 42 });
    expect(parseRoute(callRoute(null))).toMatchObject({ view: 'calls', callId: null });
    expect(parseRoute(CALL_BACKS_ROUTE)).toMatchObject({ view: 'call-backs', callId: null });
  });
});

describe('the application menu', () => {
  type Item = Exclude<ReturnType<typeof applicationMenu>, null | typeof KEEP_DEFAULT_MENU>[number];
  const roles = (items: Item[]): string[] =>
    items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

  it('keeps Electron’s default menu when run from source, for development', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) expect(applicationMenu(platform, false)).toBe(KEEP_DEFAULT_MENU);
  });

  it('has no menu bar at all once packaged on Windows and Linux', () => {
    expect(applicationMenu('win32', true)).toBeNull();
    expect(applicationMenu('linux', true)).toBeNull();
  });

  it('on macOS is the app menu, an Edit menu for the copy and paste shortcuts, and Window; no reload or DevTools', () => {
    const menu = applicationMenu('darwin', true) as Item[];
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['Call Alerts', 'Edit', 'windowMenu']);
    expect(roles([menu[0]!])).toEqual(['about', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(roles([menu[1]!])).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    for (const risky of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu', 'appMenu']) expect(roles(menu)).not.toContain(risky);
  });
});
