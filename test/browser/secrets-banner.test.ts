// The window says when a saved secret cannot be read, what that stops and what to do, while calls keep
// arriving: headless mode on a data folder whose secrets file is damaged (the desktop app's case, a keychain
// that refuses, goes through the same core and the same health answer).

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_NOT_CHECKED_NOTE } from '../../electron/core/ingest/received';
import { post, startBody } from './webhooks';
import { bothThemes, ensureWindowBuilt, launchChromium, openWindow, startServer, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;

beforeAll(async () => {
  ensureWindowBuilt();
  // Cut short mid-write: the file exists, but nothing in it can be read.
  const cutShort = (dataDir: string) => fs.writeFileSync(path.join(dataDir, 'secrets.json'), '{"webhookSecret": "whsec_', { mode: 0o600 });
  [server, browser] = await Promise.all([startServer([], cutShort), launchChromium()]);
  win = await openWindow(browser, server.appUrl);
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
});

describe('the secrets banner', () => {
  it('says signatures are not checked and what to do, while a call still arrives', async () => {
    const { page } = win;
    const banner = page.getByTestId('secrets-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getByRole('heading').innerText()).toBe('Call Alerts could not read a saved secret');
    const text = await banner.innerText();
    expect(text).toContain('Calls still arrive, but their webhook signatures are not checked');
    expect(text).toContain('secrets.json in the data folder). Repair or remove that file, restart Call Alerts, and enter the webhook secret again');

    await post(
      server.webhookUrl,
      startBody({ callerNumber: '4165550101', callerName: 'Ava Caller', city: 'Toronto', state: 'ON', ringMs: Date.now(), telmetricsId: '1' }),
    );
    await page.locator('[role="option"]').first().waitFor();
    expect(await page.getByTestId('link-state').innerText()).toBe('Window connected');
    const deliveries = (await (await server.appFetch('/api/deliveries')).json()) as { deliveries: { reason: string | null }[] };
    expect(deliveries.deliveries[0]!.reason).toBe(SIGNATURE_NOT_CHECKED_NOTE);
    expect(win.problems).toEqual([]);
    await bothThemes(page, 'secrets-banner');
  });
});
