// The call list with more calls than fit: keyset pages load as the person scrolls, and a call arriving
// while they look further down does not move the rows under their eyes.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_HEADER_HEIGHT, ROW_HEIGHT } from '../../renderer/src/components/CallList';
import { post, startBody, type CallPlay } from './webhooks';
import { ensureWindowBuilt, launchChromium, openWindow, startServer, type TestServer, type WindowPage } from './window';

const CALLS = 250;
const FIRST_NAMES = ['Ava', 'Ben', 'Chloe', 'Dev', 'Emma', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jon'];

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;

function caller(i: number, ringMs: number): CallPlay {
  return {
    callerNumber: `416555${String(1000 + i).slice(-4)}`,
    callerName: `${FIRST_NAMES[i % FIRST_NAMES.length]} Caller${i}`,
    city: 'Toronto',
    state: 'ON',
    ringMs,
    telmetricsId: String(320000000000 + i),
  };
}

/**
 * How many rows the list holds (loaded): only the visible ones are in the DOM. Its height is that of the rows,
 * the day headers and the footer, which must agree with the count the canvas states.
 */
const loadedRows = () =>
  page.evaluate(
    ({ row, header }) => {
      const canvas = document.querySelector<HTMLElement>('.call-list__canvas')!;
      const rows = Number(canvas.dataset.rows);
      const headers = Math.round((canvas.offsetHeight - (rows + 1) * row) / header);
      return headers >= 1 || rows === 0 ? rows : -1;
    },
    { row: ROW_HEIGHT, header: DAY_HEADER_HEIGHT },
  );

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const now = Date.now();
  for (let i = 0; i < CALLS; i++) await post(server.webhookUrl, startBody(caller(i, now - (CALLS - i) * 60_000)));
  win = await openWindow(browser, server.appUrl);
  page = win.page;
  await page.locator('[role="option"]').first().waitFor();
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
});

describe('the call list', () => {
  it('starts with one page and loads the next pages while scrolling, keeping only visible rows in the DOM', async () => {
    expect(await loadedRows()).toBe(100);
    const list = page.getByRole('listbox', { name: 'Calls' });
    for (let i = 0; i < 40 && (await loadedRows()) < CALLS; i++) {
      await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.waitForTimeout(100);
    }
    expect(await loadedRows()).toBe(CALLS);
    expect(await page.locator('[role="option"]').count()).toBeLessThan(40);
    await expect.poll(() => page.locator('.call-list__footer').innerText()).toBe('End of the list');
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.locator('[role="option"] .call-row__name').last().innerText()).toBe('Ava Caller0');
  });

  it('keeps the rows in view still when a new call arrives above them', async () => {
    const list = page.getByRole('listbox', { name: 'Calls' });
    await list.evaluate((el, row) => (el.scrollTop = row * 20), ROW_HEIGHT);
    const watched = page.locator('[role="option"]').filter({ hasText: 'Caller229' });
    const before = (await watched.boundingBox())!.y;

    await post(server.webhookUrl, startBody(caller(CALLS, Date.now())));
    await expect.poll(loadedRows).toBe(CALLS + 1);
    expect((await watched.boundingBox())!.y).toBe(before);

    await list.evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => page.locator('[role="option"] .call-row__name').first().innerText()).toBe(`Ava Caller${CALLS}`);
    expect(win.problems).toEqual([]);
  });

  it('keeps a call that arrives while a new first page is on its way, though the server read the page before storing it', async () => {
    const section = page.getByRole('region', { name: 'Call list' });
    const topName = () => page.locator('[role="option"] .call-row__name').first().innerText();
    let read!: () => void;
    const pageRead = new Promise<void>((resolve) => (read = resolve));
    let land!: () => void;
    const landing = new Promise<void>((resolve) => (land = resolve));
    // The search's first page is read by the server now, and reaches the window only once the call is in.
    await page.route('**/api/calls?*', async (route) => {
      if (!new URL(route.request().url()).searchParams.has('q')) return route.continue();
      const response = await route.fetch();
      read();
      await landing;
      await route.fulfill({ response });
    });
    await page.getByRole('searchbox', { name: 'Search calls' }).fill('toronto');
    await pageRead;
    const late = caller(CALLS + 1, Date.now());
    await post(server.webhookUrl, startBody(late));
    await expect.poll(topName).toBe(late.callerName);
    land();
    await expect.poll(() => section.getAttribute('aria-busy')).toBe('false');
    expect(await topName()).toBe(late.callerName);
    expect(await page.locator('[role="option"]').filter({ hasText: late.callerName! }).count()).toBe(1);

    await page.unroute('**/api/calls?*');
    await page.getByRole('searchbox', { name: 'Search calls' }).press('Escape');
    await expect.poll(() => section.getAttribute('aria-busy')).toBe('false');
    expect(win.problems).toEqual([]);
  });
});
