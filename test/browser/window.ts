// The window under test: the built renderer served by a spawned headless server, driven in Debian's Chromium.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { tempDir } from '../support/core';
import { ROOT, spawnHeadless, type HeadlessServer } from '../support/headless';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** `npm test` builds the window first; a lone run of this file builds it when it is missing. */
export function ensureWindowBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface TestServer extends HeadlessServer {
  dataDir: string;
  close(): Promise<void>;
}

/** `seed` writes into the data folder before the server first reads it; `env` is the server's environment. */
export async function startServer(
  extraArgs: string[] = [],
  seed?: (dataDir: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestServer> {
  const dataDir = tempDir('call-alerts-window-');
  seed?.(dataDir);
  const server = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0', ...extraArgs], undefined, env);
  return Object.assign(server, {
    dataDir,
    async close() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export interface WindowPage {
  context: BrowserContext;
  page: Page;
  /** Dialogs opened (alert/confirm), page errors and CSP refusals: a clean window has none. */
  problems: string[];
}

// Records every Web Notification the page raises (window.__notifications), with the permission granted.
const RECORD_NOTIFICATIONS = `
  window.__notifications = [];
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: (options && options.body) || '' });
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
`;

export async function openWindow(
  browser: Browser,
  appUrl: string,
  options: { colorScheme?: 'light' | 'dark'; hash?: string; recordNotifications?: boolean } = {},
): Promise<WindowPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
    timezoneId: 'America/Toronto',
    locale: 'en-US',
  });
  if (options.recordNotifications) {
    await context.grantPermissions(['notifications'], { origin: new URL(appUrl).origin });
    await context.addInitScript(RECORD_NOTIFICATIONS);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${appUrl}${options.hash ?? ''}`);
  return { context, page, problems };
}

/** Closes the alert toasts, so a screenshot shows the view itself. */
/** A started headless server, a Chromium and one window on the server's App URL: what most browser tests start with. */
export interface TestWindow {
  server: TestServer;
  browser: Browser;
  win: WindowPage;
  page: Page;
}

/** The window is built first; `args` and `env` go to the server, `window` to openWindow. */
export async function startTestWindow(
  options: { args?: string[]; env?: NodeJS.ProcessEnv; window?: Parameters<typeof openWindow>[2] } = {},
): Promise<TestWindow> {
  ensureWindowBuilt();
  const [server, browser] = await Promise.all([startServer(options.args ?? [], undefined, options.env ?? process.env), launchChromium()]);
  const win = await openWindow(browser, server.appUrl, options.window);
  return { server, browser, win, page: win.page };
}

/** Closes what startTestWindow started, also what there is of it when it failed half-way. */
export async function stopTestWindow(started: Partial<Pick<TestWindow, 'server' | 'browser' | 'win'>>): Promise<void> {
  await started.win?.context.close();
  await started.browser?.close();
  await started.server?.close();
}

export async function dismissToasts(page: Page): Promise<void> {
  // Always the first: a dismissed toast leaves the list, so the nth button of a list read earlier may be gone.
  // A toast can also expire on its own while it is being clicked.
  const buttons = page.getByRole('button', { name: 'Dismiss alert' });
  for (let left = await buttons.count(); left > 0; left = await buttons.count()) {
    await buttons
      .first()
      .click({ timeout: 5000 })
      .catch(async (error: unknown) => {
        if ((await buttons.count()) >= left) throw error;
      });
    await expect.poll(() => buttons.count()).toBeLessThan(left);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** `name-light.png` and `name-dark.png`: every view is judged in both themes; the page is left light. */
export async function bothThemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

const CONTROL_ROLES = new Set([
  'button',
  'textbox',
  'searchbox',
  'combobox',
  'checkbox',
  'radio',
  'link',
  'listbox',
  'option',
  'slider',
  'spinbutton',
  'menuitem',
  'tab',
]);

/** Controls without an accessible name, from Chromium's own accessibility tree ("role: html"). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
    };
    const offenders: string[] = [];
    for (const node of nodes) {
      const role = node.role?.value ?? '';
      if (node.ignored || !CONTROL_ROLES.has(role) || (node.name?.value ?? '').trim() !== '') continue;
      const { outerHTML } = (
        await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId }).then(({ object }) =>
          cdp.send('Runtime.callFunctionOn', {
            objectId: object.objectId,
            functionDeclaration: 'function () { return { outerHTML: this.outerHTML.slice(0, 120) }; }',
            returnByValue: true,
          }),
        )
      ).result.value as { outerHTML: string };
      offenders.push(`${role}: ${outerHTML}`);
    }
    return offenders;
  } finally {
    await cdp.detach();
  }
}

/**
 * Waits for the call list's first row; on a timeout, says what the window showed and what the core holds, so
 * a failure in CI can be read from its log alone.
 */
export async function waitForFirstRow(page: Page, server: TestServer, timeout = 30_000): Promise<void> {
  try {
    await page.getByRole('listbox', { name: 'Calls' }).getByRole('option').first().waitFor({ timeout });
  } catch (error) {
    const link = await page
      .getByTestId('link-state')
      .innerText()
      .catch(() => '(none)');
    const shown = (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 600);
    const res = await server.appFetch('/api/calls');
    const held = res.ok ? `${((await res.json()) as { calls: unknown[] }).calls.length} calls` : `status ${res.status}`;
    throw new Error(`No row within ${timeout} ms. Link: ${link}. The core holds ${held}. The window shows: ${shown}`, { cause: error });
  }
}
