// Catch-up in the window, in real Chromium against the real headless server: Settings → Catch-up saving the
// API credentials (only "Saved" comes back, never the value), pointed at the loopback stand-in of the vendor
// API through the Advanced address so nothing leaves this PC.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatchUpStatus } from '../../shared/api';
import { startVendorApiStandIn, type VendorApiStandIn } from '../support/vendorApiStandIn';
import { bothThemes, ensureWindowBuilt, launchChromium, openWindow, startServer, unnamedControls, type TestServer, type WindowPage } from './window';

const TOKEN = 'me-token-7d1f3c9a55e0b2';
const KEY = 'sub-key-0c44aa19f3e8';

let server: TestServer;
let api: VendorApiStandIn;
let browser: Browser;
let win: WindowPage;
let page: Page;

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser, api] = await Promise.all([startServer(), launchChromium(), startVendorApiStandIn({ token: TOKEN, key: KEY })]);
  win = await openWindow(browser, server.appUrl, { hash: '#/settings' });
  page = win.page;
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
  await api?.close();
});

async function catchUpStatus(): Promise<CatchUpStatus> {
  return (await (await server.appFetch('/api/catch-up')).json()) as CatchUpStatus;
}

describe('Settings → Catch-up', () => {
  it('saves the token and key through password boxes: "Saved" comes back, the values never do', async () => {
    const section = page.getByRole('region', { name: 'Catch-up' });
    await section.waitFor();
    expect(await section.innerText()).toContain("catch-up asks Marketing Edge's calls API for the calls made meanwhile");
    // Off: nothing to check or fetch yet.
    expect(await section.getByRole('button', { name: 'Fetch missed calls now' }).isDisabled()).toBe(true);

    await section.getByRole('radio', { name: 'Marketing Edge' }).check();
    expect(await section.innerText()).toContain('Settings → API Access');
    const token = section.getByLabel('API token');
    const key = section.getByLabel('Subscription key');
    expect(await token.getAttribute('type')).toBe('password');
    expect(await key.getAttribute('type')).toBe('password');
    // Saved as you go: the API's address first (so no run ever goes to the vendor's own), each box when it is left.
    await section.getByText("Advanced: the API's address").click();
    await section.getByLabel('API address').fill(api.baseUrl);
    await token.fill(TOKEN);
    await key.fill(KEY);
    await key.press('Enter');

    await expect.poll(() => section.getByTestId('token-state').allInnerTexts()).toEqual(['Saved', 'Saved']);
    expect(await section.getByRole('status').innerText()).toBe('Saved.');
    expect(await token.inputValue()).toBe('');
    expect(await key.inputValue()).toBe('');
    const status = await catchUpStatus();
    expect(status).toMatchObject({ provider: 'marketing-edge', baseUrl: api.baseUrl, credentials: { token: 'saved', key: 'saved' } });
    // Saved credentials start a run, sent as headers only.
    await expect.poll(() => api.requests.length).toBeGreaterThan(0);
    expect(api.requests[0]!.headers['x-organization-token']).toBe(TOKEN);
    expect(api.requests.every((r) => !r.url.includes(TOKEN) && !r.url.includes(KEY))).toBe(true);
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    // Nowhere in the page either, nor after a reload.
    await page.reload();
    await section.getByTestId('token-state').first().waitFor();
    expect(await section.getByTestId('token-state').allInnerTexts()).toEqual(['Saved', 'Saved']);
    const html = await page.content();
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(KEY);
    await expect.poll(() => section.getByTestId('catch-up-last-run').innerText()).toMatch(/^Last run today .*: 0 calls fetched, 0 new, 0 updated\.$/);
    expect(await section.getByRole('button', { name: 'Fetch missed calls now' }).isDisabled()).toBe(false);
    await section.getByRole('button', { name: 'Check' }).click();
    // One real request with the saved credentials, through the stand-in.
    await expect.poll(() => section.getByRole('status').allInnerTexts()).toContain('Marketing Edge answered: the credentials work.');
    expect(await unnamedControls(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await bothThemes(page, 'catch-up-settings-saved');
    expect(win.problems).toEqual([]);
  });
});
