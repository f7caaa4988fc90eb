// When the public URL has been down for a while, every view but the Public URL one says so in the one banner,
// with what happens to the calls meanwhile (catch-up fetches them later), and names the lesser problem under it.
// The public address is another web server on loopback (a router's page): it answers, but not as this app.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api';
import { DOWN_GRACE_MS } from '../../renderer/src/model/windowProblems';
import { startVendorApiStandIn, type VendorApiStandIn } from '../support/vendorApiStandIn';
import { post, startBody } from './webhooks';
import { bothThemes, ensureWindowBuilt, launchChromium, openWindow, startServer, waitForFirstRow, type TestServer, type WindowPage } from './window';

const TOKEN = 'tok-down-banner-SECRET';
const KEY = 'key-down-banner-SECRET';

let api: VendorApiStandIn;
let foreign: http.Server;
let server: TestServer;
let browser: Browser;
let win: WindowPage;

beforeAll(async () => {
  ensureWindowBuilt();
  api = await startVendorApiStandIn({ token: TOKEN, key: KEY });
  foreign = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  [server, browser] = await Promise.all([
    startServer(['--vendor-api', 'marketing-edge', '--vendor-api-url', api.baseUrl, '--vendor-api-token', TOKEN, '--vendor-api-key', KEY]),
    launchChromium(),
  ]);
  win = await openWindow(browser, server.appUrl);
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
  await api?.close();
  await new Promise((resolve) => foreign?.close(resolve));
});

describe('the public URL down banner', () => {
  it('appears once the link has been down a while, says calls are fetched later, and leads to the Public URL view', { timeout: 90_000 }, async () => {
    const { page } = win;
    await post(
      server.webhookUrl,
      startBody({ callerNumber: '4165550101', callerName: 'Ava Caller', city: 'Toronto', state: 'ON', ringMs: Date.now(), telmetricsId: '1' }),
    );
    await waitForFirstRow(page, server);
    const { port } = foreign.address() as AddressInfo;
    const res = await server.appFetch('/api/tunnel/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'manual', manualUrl: `http://127.0.0.1:${port}` }),
    });
    expect(res.status).toBe(200);
    const tunnel = async () => (await (await server.appFetch('/api/tunnel')).json()) as TunnelStatus;
    await expect.poll(async () => (await tunnel()).state, { timeout: 30_000 }).toBe('reconnecting');
    const downSince = Date.parse((await tunnel()).since);

    const banner = page.getByTestId('public-url-banner');
    // A blip is not worth a banner: nothing yet, then the banner after the grace period.
    expect(await banner.count()).toBe(0);
    await banner.waitFor({ timeout: DOWN_GRACE_MS + 15_000 });
    expect(Date.now() - downSince).toBeGreaterThanOrEqual(DOWN_GRACE_MS);
    expect(await banner.getByRole('heading').innerText()).toBe('Calls cannot reach this PC: the public URL is down');
    const text = await banner.innerText();
    expect(text).toContain('Call Alerts keeps trying to reconnect on its own.');
    expect(text).toContain('Calls made meanwhile are fetched from Marketing Edge later, but they do not ring here.');
    expect(text).toContain('Also: Give this address to Marketing Edge.');
    expect(await page.locator('.url-banner').count()).toBe(1);
    await bothThemes(page, 'public-url-down-banner');

    await banner.getByRole('button', { name: 'Open Public URL' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/public-url');
    // That view shows the state itself; the banner left is the URL to give Marketing Edge.
    await page.getByTestId('tunnel-state').waitFor();
    expect(await banner.count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Give this address to Marketing Edge' }).isVisible()).toBe(true);
    expect(win.problems).toEqual([]);
  });
});
