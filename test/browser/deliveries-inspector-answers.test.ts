// The catch-up answers tab of the deliveries inspector in real Chromium, against a real server whose catch-up
// asks the vendor API stand-in: the answer kept, its calls linked, its request without credentials, axe.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVendorApiStandIn, type VendorApiStandIn } from '../support/vendorApiStandIn';
import { lookInBoth } from './inspector';
import {
  dismissToasts,
  ensureWindowBuilt,
  launchChromium,
  openWindow,
  startServer,
  unnamedControls,
  type TestServer,
  type WindowPage,
} from './window';

let browser: Browser;

beforeAll(async () => {
  ensureWindowBuilt();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the catch-up answers in the inspector', () => {
  const TOKEN = 'me-token-inspector-5a1c';
  const KEY = 'sub-key-inspector-77e2';
  let answersServer: TestServer;
  let vendor: VendorApiStandIn;
  let answers: WindowPage;

  beforeAll(async () => {
    [answersServer, vendor] = await Promise.all([startServer(), startVendorApiStandIn({ token: TOKEN, key: KEY })]);
    const now = Date.now();
    vendor.put(
      { id: 1950000001, startMs: now - 3600_000, callerNumber: '6475550111', callerName: 'Ana Silva', answered: true },
      { id: 1950000002, startMs: now - 1800_000, callerNumber: '6475550122', callerName: 'Omar Haddad', answered: false },
    );
    const saved = await answersServer.appFetch('/api/catch-up/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'marketing-edge', baseUrl: vendor.baseUrl, token: TOKEN, key: KEY }),
    });
    expect(saved.status).toBe(200);
    // The saved credentials start a run; its answer is kept.
    for (let waited = 0; ; waited += 200) {
      const listed = (await (await answersServer.appFetch('/api/catch-up/answers')).json()) as { answers: unknown[] };
      if (listed.answers.length > 0) break;
      if (waited > 20_000) throw new Error('Catch-up kept no answer within 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    answers = await openWindow(browser, answersServer.appUrl, { hash: '#/deliveries?tab=answers' });
  }, 60_000);

  afterAll(async () => {
    await answers?.context.close();
    await answersServer?.close();
    await vendor?.close();
  });

  it('lists what the vendor answered, with the calls filed and the request without its credentials', async () => {
    const p = answers.page;
    const row = p.getByTestId('answer-row').filter({ hasText: 'Ana Silva' }).first();
    await row.waitFor();
    expect(await row.locator('.badge').innerText()).toBe('Accepted');
    await row.getByRole('button').click();
    const pane = p.getByTestId('inspector-detail');
    await expect.poll(() => pane.locator('h3').innerText()).toMatch(/^Catch-up answer #\d+$/);
    const url = await pane.locator('.inspector-url').innerText();
    expect(url).toContain('/api/calls');
    expect(url).not.toContain(TOKEN);
    expect(url).not.toContain(KEY);
    expect(await pane.innerText()).not.toContain(TOKEN);
    expect(new Set(await pane.locator('.facts').getByRole('link').allInnerTexts())).toEqual(new Set(['Ana Silva', 'Omar Haddad']));
    expect(await pane.getByTestId('body-pretty').innerText()).toContain('"Ana Silva"');
    await pane.getByRole('button', { name: 'Re-process' }).click();
    await expect.poll(() => pane.getByRole('status').innerText()).toMatch(/^Nothing to change/);
    await dismissToasts(p);
    expect(await unnamedControls(p)).toEqual([]);
    await lookInBoth(p, 'inspector-answers');
    await pane.getByRole('link', { name: 'Ana Silva' }).click();
    await expect.poll(() => p.evaluate(() => location.hash)).toMatch(/^#\/calls\?call=\d+$/);
    expect(answers.problems).toEqual([]);
  });
});
