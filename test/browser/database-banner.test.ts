// The window says when the call database was deleted under the running app, in the banner above every view.

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { postWebhook } from '../support/core';
import { post, startBody } from './webhooks';
import { bothThemes, startTestWindow, stopTestWindow, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;

beforeAll(async () => {
  ({ server, browser, win } = await startTestWindow());
});

afterAll(() => stopTestWindow({ server, browser, win }));

describe('the call database banner', () => {
  it('appears, naming the file and what to do, once the database is deleted', async () => {
    const { page } = win;
    const caller = { callerNumber: '4165550101', callerName: 'Ava Caller', city: 'Toronto', state: 'ON', ringMs: Date.now(), telmetricsId: '1' };
    await post(server.webhookUrl, startBody(caller));
    await page.locator('[role="option"]').first().waitFor();
    expect(await page.getByTestId('database-banner').count()).toBe(0);

    const file = path.join(server.dataDir, DATABASE_FILE);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    expect((await postWebhook(server.webhookUrl, startBody({ ...caller, telmetricsId: '2' }))).status).toBe(503);

    const banner = page.getByTestId('database-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getByRole('heading').innerText()).toBe('The call database is gone');
    expect(await banner.innerText()).toContain(`${file} was deleted`);
    // The corner speaks only of the window's own link: nothing there suggests calls are being stored.
    expect(await page.getByTestId('link-state').innerText()).toBe('Window connected');
    await bothThemes(page, 'database-banner');
  });
});
