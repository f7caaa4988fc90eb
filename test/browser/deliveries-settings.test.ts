// The Deliveries and Settings views in real Chromium against the real headless server, fed real webhooks over
// HTTP: apart from the history window's tests so that each file stays readable; they share no state with it.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskWebhookUrl } from '../../renderer/src/model/webhookAddress';
import { postWebhook } from '../support/core';
import { startBody, type CallPlay } from './webhooks';
import { bothThemes, dismissToasts, startTestWindow, stopTestWindow, unnamedControls, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;

const maria: CallPlay = {
  callerNumber: '9055802958',
  callerName: 'Maria Gonzalez',
  city: 'Hamilton',
  state: 'ON',
  ringMs: Date.now() - 20_000,
  telmetricsId: '310000000001',
  seconds: 95,
};

beforeAll(async () => {
  ({ server, browser, win, page } = await startTestWindow());
  expect((await postWebhook(server.webhookUrl, startBody(maria))).status).toBe(200);
});

afterAll(() => stopTestWindow({ server, browser, win }));

describe('the Deliveries and Settings views', () => {
  it('the Deliveries view lists accepted and rejected deliveries with their raw bodies', async () => {
    const bad = await postWebhook(server.webhookUrl, '{"Id": "broken", ');
    expect(bad.status).toBe(400);
    await page.getByRole('link', { name: 'Deliveries' }).click();
    const list = page.getByTestId('delivery-row');
    const detail = page.getByTestId('inspector-detail');
    await expect.poll(() => list.count()).toBe(2);
    const first = list.first();
    expect(await first.locator('.badge').innerText()).toBe('Rejected');
    expect(await first.locator('.inspector-row__summary').innerText()).not.toBe('');
    await first.getByRole('button').click();
    expect(await detail.getByTestId('body-raw').textContent()).toBe('{"Id": "broken", ');
    expect(await detail.getByTestId('json-error').innerText()).toContain('Not valid JSON: line 1, column 18');
    await list.nth(1).getByRole('button').click();
    await expect.poll(() => detail.getByTestId('body-pretty').innerText()).toContain('"Action": "CallDetails.CallStartCall"');
    expect(await list.nth(1).getByRole('link').innerText()).toBe('Maria Gonzalez');
    await dismissToasts(page);
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'deliveries');
  });

  it('the Deliveries view shows how much the kept copies of refused deliveries use, and clears them after a confirmation', async () => {
    const bar = page.getByTestId('refused-bodies');
    expect(await bar.innerText()).toBe(`Kept copies of refused deliveries: ${Buffer.byteLength('{"Id": "broken", ')} bytes of 64 MB used`);
    const clear = page.getByRole('button', { name: 'Clear kept copies…' });
    await clear.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await bar.innerText()).toMatch(/^Kept copies of refused deliveries: 17 bytes/);
    await clear.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Clear now' }).click();
    await expect.poll(() => bar.innerText()).toBe('Kept copies of refused deliveries: 0 bytes of 64 MB used');
    expect(await clear.isDisabled()).toBe(true);
    await page.getByTestId('delivery-row').first().getByRole('button').click();
    const detail = page.getByTestId('inspector-detail');
    await expect
      .poll(() => detail.getByTestId('body-kept').innerText())
      .toBe('The body is no longer kept: it was dropped to keep the copies of refused deliveries within their space. Its record stays.');
    expect(await detail.locator('pre').count()).toBe(0);
    expect(await detail.innerText()).toContain('It cannot be re-processed: its body was removed to save space.');
    await detail.getByText('Technical details').click();
    expect(await detail.locator('.inspector-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the Settings view shows the webhook URL (token masked) and regenerates the token after a warning', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('settings-webhook-url').innerText()).toBe(maskWebhookUrl(server.webhookUrl));
    expect(await page.locator('body').innerText()).not.toContain(new URL(server.webhookUrl).pathname.split('/').pop());
    await dismissToasts(page);
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'settings');

    await page.getByRole('button', { name: 'Make a new secret part…' }).click();
    expect(await page.getByRole('alertdialog').innerText()).toContain('stops working at once');
    await page.getByRole('button', { name: 'Make it now' }).click();
    const webhookUrlNow = async () => ((await (await server.appFetch('/api/settings')).json()) as { webhookUrl: string }).webhookUrl;
    await expect.poll(webhookUrlNow).not.toBe(server.webhookUrl);
    const fresh = await webhookUrlNow();
    expect(await page.getByTestId('settings-webhook-url').innerText()).toBe(maskWebhookUrl(fresh));
    expect((await postWebhook(server.webhookUrl, startBody(maria))).status).toBe(404);
    expect((await postWebhook(fresh, startBody({ ...maria, telmetricsId: '1', ringMs: Date.now() }))).status).toBe(200);

    // Missed calls alert by default; a desk that switches it off keeps it off.
    expect(await page.getByRole('checkbox', { name: 'A call was missed' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'A call was missed' }).uncheck(); // saved as you go, no Save button
    await expect.poll(() => page.getByTestId('alerts-saved').innerText()).toBe('Saved.');
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: 'A caller left a voicemail' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'A call was missed' }).isChecked()).toBe(false);
  });

  it('ran no script and broke no Content-Security-Policy rule', () => {
    expect(win.problems).toEqual([]);
  });
});
