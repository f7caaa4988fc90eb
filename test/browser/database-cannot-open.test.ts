// The window while a restarted store worker cannot open the call database (a folder sits where the file
// should be): the banner says what is wrong and what to do, and goes once the file is back and calls flow.
// The front runs in this process (its worker can be ended only from here), serving the built window.

import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockDatabase, unblockDatabase } from '../support/blockedDatabase';
import { startTestFront, type TestFront } from '../support/front';
import { ROOT } from '../support/headless';
import { startBody } from './webhooks';
import { bothThemes, ensureWindowBuilt, launchChromium, openWindow, type WindowPage } from './window';

let t: TestFront;
let browser: Browser;
let win: WindowPage;

beforeAll(async () => {
  ensureWindowBuilt();
  [t, browser] = await Promise.all([startTestFront({ rendererDir: path.join(ROOT, 'dist', 'renderer') }), launchChromium()]);
  win = await openWindow(browser, `${t.front.appUrl}?key=${t.front.appKey}`);
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await t?.stop();
});

describe('the banner while the call database cannot be opened', () => {
  it('says why and what to do while it lasts, and goes once calls can be stored again', async () => {
    const { page } = win;
    const caller = { callerNumber: '4165550177', callerName: 'Ava Caller', city: 'Toronto', state: 'ON', ringMs: Date.now(), telmetricsId: '1' };
    expect((await t.post(startBody(caller))).status).toBe(200);
    await page.locator('[role="option"]').first().waitFor();

    const aside = blockDatabase(t.dataDir, 'folder');
    await t.crashWorker();
    const banner = page.getByTestId('database-banner');
    // The first health read may come while the first try is still starting: "restarting" until its failure is known.
    await expect.poll(() => banner.getByRole('heading').innerText(), { timeout: 15_000 }).toBe('Call Alerts cannot open its call database');
    const text = await banner.innerText();
    expect(text).toContain(
      `Call Alerts cannot open its call database ${path.join(t.dataDir, 'calls.sqlite')}: the file cannot be opened (its permissions changed, or something else is in its place).`,
    );
    expect(text).toContain('Call Alerts keeps trying');
    expect((await t.post(startBody({ ...caller, telmetricsId: '2' }))).status).toBe(503);
    await bothThemes(page, 'database-cannot-open-banner');

    unblockDatabase(t.dataDir, aside);
    await t.waitFor('running');
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    const next = { ...caller, callerNumber: '4165550178', callerName: 'Ben Later', telmetricsId: '3' };
    expect((await t.post(startBody(next))).status).toBe(200);
    await page.locator('[role="option"]', { hasText: 'Ben Later' }).waitFor({ timeout: 15_000 });
    // Only health's 503s, which Chromium logs as failed loads: no page error, no dialog.
    expect(win.problems.filter((p) => !p.includes('status of 503'))).toEqual([]);
  });
});
