// The App URL's key in a real Chromium: the printed address opens the window with its calls and leaves no key
// behind (address bar, history, scripts); without the key the browser gets a page saying what to open.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startBody } from './webhooks';
import { ensureWindowBuilt, launchChromium, openWindow, screenshot, startServer, type TestServer } from './window';

let server: TestServer;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  origin = new URL(server.appUrl).origin;
  const now = Date.now();
  for (const [i, name] of ['Ada Keyholder', 'Ben Keyholder'].entries()) {
    const call = { callerNumber: `41655500${i}9`, callerName: name, city: 'Toronto', state: 'ON', ringMs: now - (2 - i) * 60_000 };
    await post(server.webhookUrl, startBody({ ...call, telmetricsId: String(330000000000 + i) }));
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const rowNames = (page: import('playwright-core').Page) => page.locator('[role="option"] .call-row__name').allInnerTexts();

describe('the App URL', () => {
  it('opens the window with its calls; the key leaves the address and history, and scripts cannot read the cookie', async () => {
    expect(server.output()).toMatch(/^App URL: http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{32}$/m);
    const win = await openWindow(browser, server.appUrl);
    try {
      const { page, context } = win;
      await expect.poll(() => rowNames(page)).toEqual(['Ben Keyholder', 'Ada Keyholder']);
      expect(page.url()).toBe(`${origin}/`);
      expect(await page.evaluate(() => document.cookie)).toBe('');
      // about:blank, then the window: the keyed address was never an entry of its own.
      expect(await page.evaluate(() => history.length)).toBe(2);
      const cookies = await context.cookies(origin);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', value: server.appKey });
      await page.getByTestId('link-state').waitFor();
      await expect.poll(() => page.getByTestId('link-state').innerText()).toBe('Window connected');
      await screenshot(page, 'app-key-window');

      // A call arriving now comes over the event stream, which the cookie opened too.
      await post(
        server.webhookUrl,
        startBody({ callerNumber: '4165550399', callerName: 'Cy Keyholder', ringMs: Date.now(), telmetricsId: '330000000009' }),
      );
      await expect.poll(() => rowNames(page)).toEqual(['Cy Keyholder', 'Ben Keyholder', 'Ada Keyholder']);
      expect(win.problems).toEqual([]);
    } finally {
      await win.context.close();
    }
  });

  it('keeps the view in the address: the part after # survives the exchange', async () => {
    const win = await openWindow(browser, server.appUrl, { hash: '#/deliveries' });
    try {
      await win.page.getByRole('heading', { name: 'Deliveries' }).waitFor();
      expect(win.page.url()).toBe(`${origin}/#/deliveries`);
    } finally {
      await win.context.close();
    }
  });

  it('works when followed from a link on another site (SameSite=Strict would drop the cookie after a redirect)', async () => {
    const elsewhere = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<a href="${server.appUrl}">App</a>`));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/`);
      await page.getByRole('link', { name: 'App' }).click();
      await expect.poll(() => rowNames(page), { timeout: 10_000 }).toContain('Ada Keyholder');
      expect(page.url()).toBe(`${origin}/`);
    } finally {
      await context.close();
      elsewhere.close();
    }
  });

  it('without the key, the browser is told to open the App URL printed at start, with its key', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 400 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${origin}/#/calls`);
      expect(response!.status()).toBe(401);
      expect(await page.title()).toBe('Call Alerts: open the App URL');
      expect(await page.locator('body').innerText()).toContain('This browser does not have the app’s key yet.');
      expect(await page.locator('body').innerText()).toContain('Open the App URL printed at start, with its key');
      expect(await page.content()).not.toContain(server.appKey);
      await screenshot(page, 'app-key-missing');
      await page.goto(`${origin}/?key=not-the-key-0123456789abcdefgh`);
      expect(await page.locator('body').innerText()).toContain('The key in this address is not this app’s key.');
      expect(await context.cookies(origin)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a window whose cookie is gone says so at its next request instead of failing quietly', async () => {
    const win = await openWindow(browser, server.appUrl);
    try {
      await expect.poll(() => rowNames(win.page)).toContain('Ada Keyholder');
      await win.context.clearCookies();
      // Whichever request comes first meets the missing cookie: this search, or a periodic read that beat it.
      await win.page
        .getByRole('searchbox')
        .fill('Ada', { timeout: 5000 })
        .catch(async (error: unknown) => {
          if ((await win.page.title()) !== 'Call Alerts: open the App URL') throw error;
        });
      await expect.poll(() => win.page.title()).toBe('Call Alerts: open the App URL');
    } finally {
      await win.context.close();
    }
  });
});
