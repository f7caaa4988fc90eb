// A call that arrives after the window read the list but before its event stream opened is not lost: the
// stream's first opening reads the views again, as its return after a drop does. A stream refused with an HTTP
// error (which a browser never retries by itself) is opened again.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startBody } from './webhooks';
import { ensureWindowBuilt, launchChromium, openWindow, startServer, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
});

describe('the window before its event stream opens', () => {
  it('shows a call that came in between its first read and the stream opening', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    win = await openWindow(browser, 'about:blank');
    const { page } = win;
    await page.route('**/api/stream', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.appUrl);
    await page.getByRole('heading', { name: 'No calls yet' }).waitFor();
    expect(await page.getByTestId('link-state').innerText()).toBe('Connecting…');

    await post(
      server.webhookUrl,
      startBody({ callerNumber: '4165550101', callerName: 'Between Reads', city: 'Toronto', state: 'ON', ringMs: Date.now(), telmetricsId: '1' }),
    );
    release();
    await expect.poll(() => page.getByTestId('link-state').innerText()).toBe('Window connected');
    await expect
      .poll(() => page.getByRole('listbox', { name: 'Calls' }).getByRole('option').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Between Reads')]);
    expect(win.problems).toEqual([]);
  });

  it('opens the stream again after an answer that is not a stream (a 503 while the core starts), and reads again', async () => {
    await win.context.close();
    win = await openWindow(browser, 'about:blank');
    const { page } = win;
    let refused = 0;
    await page.route('**/api/stream', async (route) => {
      if (refused++ === 0) return route.fulfill({ status: 503, contentType: 'text/plain', body: 'Starting' });
      return route.continue();
    });
    await page.goto(server.appUrl);
    await post(
      server.webhookUrl,
      startBody({ callerNumber: '4165550102', callerName: 'After Refusal', city: 'Toronto', state: 'ON', ringMs: Date.now(), telmetricsId: '2' }),
    );
    await expect.poll(() => page.getByTestId('link-state').innerText(), { timeout: 10_000 }).toBe('Window connected');
    expect(refused).toBe(2);
    await expect
      .poll(() => page.getByRole('listbox', { name: 'Calls' }).getByRole('option').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('After Refusal')]));
    // A browser would show a 503's console error; anything else is a problem.
    expect(win.problems.filter((p) => !p.includes('503'))).toEqual([]);
  });
});
