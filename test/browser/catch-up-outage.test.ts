// After the PC was off, the window says what catch-up fetched, in real Chromium against the real headless
// server and the loopback stand-in of the vendor's calls API: the outage banner, the "fetched later" marks,
// the summary pushed while the window is open; and the banner when the API refuses the token (401).
// The PC being off overnight is played by stopping the server and moving its last heartbeat back 14 hours.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatchUpStatus } from '../../shared/api';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { until } from '../support/catchUp';
import { tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';
import { startVendorApiStandIn, type VendorApiStandIn } from '../support/vendorApiStandIn';
import { post, startBody } from './webhooks';
import { bothThemes, ensureWindowBuilt, launchChromium, openWindow, screenshot, unnamedControls, type WindowPage } from './window';

const TOKEN = 'tok-5be1-browser-SECRET';
const KEY = 'key-90ac-browser-SECRET';
const HOUR_MS = 3_600_000;
const ZONE = 'America/Toronto';

let browser: Browser;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
  ensureWindowBuilt();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
});

/** Headless mode asking the stand-in, with the token and key in the environment as the README says. */
async function serve(dataDir: string, api: VendorApiStandIn, token = TOKEN): Promise<HeadlessServer> {
  const args = ['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0', '--vendor-api', 'marketing-edge', '--vendor-api-url', api.baseUrl];
  const server = await spawnHeadless(args, 20_000, { ...process.env, CALL_ALERTS_VENDOR_API_TOKEN: token, CALL_ALERTS_VENDOR_API_KEY: KEY });
  cleanups.push(() => server.stop());
  return server;
}

async function catchUpStatus(server: HeadlessServer): Promise<CatchUpStatus> {
  return (await (await server.appFetch('/api/catch-up')).json()) as CatchUpStatus;
}

function settled(server: HeadlessServer, done: (status: CatchUpStatus) => boolean): Promise<CatchUpStatus> {
  return until(
    async () => {
      const status = await catchUpStatus(server);
      return done(status) ? status : null;
    },
    'catch-up to settle',
    15_000,
  );
}

const clock = (ms: number) => new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: 'numeric', minute: '2-digit' }).format(ms);

describe('after the PC was off overnight', () => {
  let api: VendorApiStandIn;
  let server: HeadlessServer;
  let win: WindowPage;
  let offFrom: number;

  beforeAll(async () => {
    api = await startVendorApiStandIn({ token: TOKEN, key: KEY, maxPageSize: 3 });
    cleanups.push(() => api.close());
    const dataDir = tempDir('catch-up-outage-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    // The evening before: catch-up set up and run, and one call that rang here through its webhook.
    const evening = await serve(dataDir, api);
    await settled(evening, (s) => s.state === 'idle' && s.lastRunAt !== null);
    offFrom = Date.now() - 14 * HOUR_MS;
    await post(
      evening.webhookUrl,
      startBody({
        callerNumber: '4165550199',
        callerName: 'Rang Here',
        city: 'Toronto',
        state: 'ON',
        ringMs: offFrom - HOUR_MS,
        telmetricsId: '1900000900',
      }),
    );
    await evening.stop();
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.prepare(`INSERT INTO settings (key, value) VALUES ('catchUpHeartbeat', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
      String(offFrom),
    );
    db.close();

    // Overnight: seven calls the webhooks could not bring, three of them not answered.
    for (let i = 0; i < 7; i++) {
      api.put({
        id: 1900000910 + i,
        startMs: offFrom + (i + 1) * HOUR_MS,
        callerNumber: `90555501${10 + i}`,
        callerName: `Night Caller ${i + 1}`,
        answered: i >= 3,
        voicemail: i === 0,
      });
    }
    server = await serve(dataDir, api);
    await settled(server, (s) => s.lastOutage !== null && s.state === 'idle');
    win = await openWindow(browser, server.appUrl);
    cleanups.push(() => win.context.close());
  });

  it('says when the PC was off, in the window’s zone, and how many calls were fetched and missed', async () => {
    const { page } = win;
    const status = await catchUpStatus(server);
    expect(status.lastOutage).toMatchObject({ from: new Date(offFrom).toISOString(), fetched: 7, added: 7, missed: 3 });
    const banner = page.getByRole('region', { name: 'Calls while this PC was off' });
    await banner.waitFor();
    const to = Date.parse(status.lastOutage!.to);
    expect(await banner.locator('p').first().innerText()).toBe(
      `This PC was off from ${clock(offFrom)} to ${clock(to)}; 7 calls were fetched from Marketing Edge (3 missed).`,
    );

    // Catch-up's three unanswered calls are people to call back, so the window opens on them (issue 15).
    const toCallBack = page.getByRole('list', { name: 'People to call back' }).locator(':scope > li');
    await expect.poll(() => toCallBack.locator('h3').allInnerTexts()).toEqual(['Night Caller 3', 'Night Caller 2', 'Night Caller 1']);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calls' }).click();

    // The seven are marked, with why; the call that rang here is not.
    const rows = page.getByRole('listbox', { name: 'Calls' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(8);
    const marks = page.getByTestId('fetched-later');
    expect(await marks.count()).toBe(7);
    expect(await marks.first().getAttribute('title')).toBe('This call came in while the PC was off; it did not ring here');
    expect(await rows.filter({ hasText: 'Rang Here' }).getByTestId('fetched-later').count()).toBe(0);
    expect(await rows.filter({ hasText: 'Night Caller 7' }).innerText()).toContain('Fetched later');
    // Nothing popped for them: they did not ring here.
    expect(await page.getByRole('button', { name: 'Dismiss alert' }).count()).toBe(0);
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'catch-up-outage');
    expect(win.problems).toEqual([]);
  });

  it('a run while the window is open pushes its summary: the last run is shown at once', async () => {
    const { page } = win;
    await page.getByRole('link', { name: 'Settings' }).click();
    const lastRun = page.getByTestId('catch-up-last-run');
    await lastRun.waitFor();
    expect(await lastRun.innerText()).toMatch(/: \d+ calls fetched, 7 new, /);
    api.put(
      { id: 1900000950, startMs: Date.now() - 10 * 60_000, callerNumber: '2895550950', callerName: 'Late Webhook 1', answered: false },
      { id: 1900000951, startMs: Date.now() - 8 * 60_000, callerNumber: '2895550951', callerName: 'Late Webhook 2' },
    );
    // Started from outside the window (as the 15-minute timer does): only the pushed summary tells it.
    expect((await server.appFetch('/api/catch-up/run', { method: 'POST' })).status).toBe(202);
    await expect.poll(() => lastRun.innerText(), { timeout: 10_000 }).toMatch(/: \d+ calls fetched, 2 new, /);
    // One toast for both, leading to the call list, not a pop per call.
    const toast = page.getByRole('region', { name: 'Call alerts' }).getByRole('status');
    await expect.poll(() => toast.allInnerTexts()).toEqual(['2 calls that did not reach this PC\n1 missed — open the call list\n×']);
    await screenshot(page, 'catch-up-summary-toast-light');
    await toast.getByRole('button', { name: /2 calls that did not reach this PC/ }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/calls/);
    await expect.poll(() => page.getByRole('listbox', { name: 'Calls' }).getByRole('option').count()).toBe(10);
  });

  it('the notice goes once dismissed, and stays gone after a reload', async () => {
    const { page } = win;
    const banner = page.getByRole('region', { name: 'Calls while this PC was off' });
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    // The catch-up status is read (Settings shows it), and still no notice.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('catch-up-last-run').waitFor();
    expect(await banner.count()).toBe(0);
  });
});

describe('when the API refuses the token', () => {
  let server: HeadlessServer;
  let win: WindowPage;

  beforeAll(async () => {
    const api = await startVendorApiStandIn({ token: TOKEN, key: KEY });
    cleanups.push(() => api.close());
    const dataDir = tempDir('catch-up-refused-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    server = await serve(dataDir, api, 'tok-revoked-SECRET');
    await settled(server, (s) => s.state === 'failed');
    win = await openWindow(browser, server.appUrl);
    cleanups.push(() => win.context.close());
  });

  it('says missed calls cannot be fetched, in the core’s words, and leads to the catch-up settings', async () => {
    const { page } = win;
    const { error } = await catchUpStatus(server);
    expect(error).toMatch(/refused/);
    const banner = page.getByTestId('catch-up-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getByRole('heading').innerText()).toBe('Missed calls cannot be fetched from Marketing Edge');
    expect(await banner.locator('p').first().innerText()).toBe(error);
    // One banner: the other problem (no public URL yet) is named under it, not stacked.
    expect(await page.locator('.url-banner').count()).toBe(1);
    expect(await banner.innerText()).toContain('Also: Calls cannot reach this PC yet: no public URL is set up.');
    await bothThemes(page, 'catch-up-refused-banner');

    await banner.getByRole('button', { name: 'Open catch-up settings' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/settings');
    expect(await page.getByTestId('catch-up-error').innerText()).toBe(error);
    await screenshot(page, 'catch-up-refused-settings-light');
    expect(await page.content()).not.toContain('tok-revoked-SECRET');
    expect(win.problems).toEqual([]);
  });
});
