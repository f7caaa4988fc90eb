// The window outliving its server: the headless server stops with the window open and starts again on the
// same data folder and ports. Once the link is back, every view reads the server again by itself; nobody
// has to click "Try again" or "Refresh".

import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';
import { post, startBody, type CallPlay } from './webhooks';
import { ensureWindowBuilt, launchChromium, openWindow, type WindowPage } from './window';

const dataDir = tempDir('call-alerts-reconnect-');
let server: HeadlessServer;
let ports: string[];
let browser: Browser;
let win: WindowPage;
let page: Page;

const linkState = () => page.getByTestId('link-state').innerText();
const rowTitles = () => page.locator('[role="option"] .call-row__name').allInnerTexts();
// The desk's views and the Setup group are two navs in the top bar.
const nav = (name: string) => page.locator('header.topbar').getByRole('link', { name, exact: true });

const callers: CallPlay[] = [
  {
    callerNumber: '4165550101',
    callerName: 'Olivia Brandt',
    city: 'Toronto',
    state: 'ON',
    ringMs: Date.now() - 120_000,
    telmetricsId: '330000000001',
  },
  { callerNumber: '6135550102', callerName: 'Marcus Webb', city: 'Ottawa', state: 'ON', ringMs: Date.now() - 60_000, telmetricsId: '330000000002' },
];

/** The same data folder and the same two ports as the first start. */
const start = (webhookPort = '0', appPort = '0') => spawnHeadless(['--data-dir', dataDir, '--webhook-port', webhookPort, '--app-port', appPort]);

/** Stops the server and waits for the window to notice the link is down. */
async function stopServer(): Promise<void> {
  await server.stop();
  await expect.poll(linkState, { timeout: 15_000 }).toBe('Reconnecting…');
}

async function restartServer(): Promise<void> {
  server = await start(ports[0], ports[1]);
  await expect.poll(linkState, { timeout: 15_000 }).toBe('Window connected');
}

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([start(), launchChromium()]);
  ports = [new URL(server.webhookUrl).port, new URL(server.appUrl).port];
  for (const c of callers) await post(server.webhookUrl, startBody(c));
  win = await openWindow(browser, server.appUrl);
  page = win.page;
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the window when its server stops and starts again', () => {
  it('shows the calls, live', async () => {
    await expect.poll(rowTitles).toEqual(['Marcus Webb', 'Olivia Brandt']);
    await expect.poll(linkState).toBe('Window connected');
  });

  it('a search typed while the server is down is answered once the link is back, without "Try again"', async () => {
    await stopServer();
    await page.getByRole('searchbox', { name: 'Search calls' }).fill('olivia');
    await page.getByRole('alert').filter({ hasText: 'Could not load calls' }).waitFor();
    await restartServer();
    await expect.poll(rowTitles, { timeout: 10_000 }).toEqual(['Olivia Brandt']);
    expect(await page.getByRole('alert').filter({ hasText: 'Could not load calls' }).count()).toBe(0);
  });

  it('a view opened while the server is down fills in once the link is back, without "Refresh"', async () => {
    await stopServer();
    await nav('Deliveries').click();
    await page.getByRole('alert').filter({ hasText: 'Could not load deliveries' }).waitFor();
    await restartServer();
    await expect.poll(() => page.getByTestId('delivery-row').count(), { timeout: 10_000 }).toBe(callers.length);
    expect(await page.getByRole('alert').filter({ hasText: 'Could not load deliveries' }).count()).toBe(0);
  });

  it('the window raised no page errors (failed requests while the server was down aside)', () => {
    // The stream cut when the server stopped, and requests it refused while it was down.
    const expected = /^console: Failed to load resource: net::(ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONNECTION_REFUSED)$/;
    expect(win.problems.filter((p) => !expected.test(p))).toEqual([]);
  });
});
