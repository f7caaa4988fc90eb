// The office manager's first run in real Chromium against a real headless server on a fresh data folder,
// following only the window's words: why a public address is needed, the ways with links to where each is
// made, the local address only under Technical details, the manual provider through a port forward on
// loopback (the office router's) until "Test call received", the Marketing Edge step, the optional catch-up,
// then Settings in the desk's order, saved as you go. The webhook token is never in the page's text.

import net from 'node:net';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatchUpStatus, SettingsResponse, TunnelStatus } from '../../shared/api';
import { CLOUDFLARED_DOWNLOADS, TAILSCALE_FUNNEL, WHY_PUBLIC_ADDRESS } from '../../shared/tunnel/providers';
import { bothThemes, dismissToasts, ensureWindowBuilt, launchChromium, openWindow, startServer, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;
let token: string;
let forward: net.Server;

const read = async <T>(path: string) => (await (await server.appFetch(path)).json()) as T;

/** The office router's port forward: every connection to it is piped to the webhook listener. */
async function portForward(port: number): Promise<number> {
  forward = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => forward.listen(0, '127.0.0.1', resolve));
  return (forward.address() as net.AddressInfo).port;
}

/** Every link out: https, opened in a new window (the system browser) without a way back into this one. */
async function externalLinks(scope: Locator): Promise<{ href: string; target: string; rel: string }[]> {
  return scope
    .locator('a.external-link')
    .evaluateAll((links) =>
      links.map((a) => ({ href: a.getAttribute('href') ?? '', target: a.getAttribute('target') ?? '', rel: a.getAttribute('rel') ?? '' })),
    );
}

function expectSafeLinks(links: { href: string; target: string; rel: string }[], hrefs: string[]): void {
  expect(links.map((l) => l.href)).toEqual(hrefs);
  for (const link of links) {
    expect(link.href.startsWith('https://')).toBe(true);
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
  }
}

/** The webhook token must never be readable in the window, whatever is open. */
async function expectNoTokenInText(): Promise<void> {
  expect(await page.locator('body').innerText()).not.toContain(token);
}

/** IT words the issue found unexplained: each may appear only in the forms that say what it is. */
const JARGON: [word: string, explainedAs: string[]][] = [
  ['reverse proxy', []],
  ['Zero Trust', []],
  ['public hostname', []],
  ['relay', []],
  ['subdomain', []],
  ['CLOUDFLARED_PATH', []],
  ['self-test', []],
  ['Tailscale Funnel', [TAILSCALE_FUNNEL, 'How to set up Tailscale Funnel']],
  ['authtoken', ['(it calls it your "authtoken")', 'The token ngrok shows you (authtoken)']],
  [
    'cloudflared',
    [
      "Cloudflare's free program, cloudflared",
      "cloudflared, Cloudflare's free program",
      'Download cloudflared (free)',
      'The cloudflared program',
      'name another copy with --cloudflared-path',
    ],
  ],
];

function expectNoJargon(words: string): void {
  for (const [word, forms] of JARGON) {
    const rest = forms.reduce((text, form) => text.split(form).join(''), words).toLowerCase();
    const at = rest.indexOf(word.toLowerCase());
    expect(at < 0 ? null : rest.slice(Math.max(0, at - 60), at + 60), `"${word}" unexplained`).toBeNull();
  }
}

const step = (title: RegExp) => page.locator('.setup-steps__step').filter({ has: page.getByRole('heading', { name: title }) });

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  token = new URL(server.webhookUrl).pathname.split('/').pop()!;
  expect(token.length).toBeGreaterThan(10);
  win = await openWindow(browser, server.appUrl);
  page = win.page;
  await win.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.appUrl).origin });
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
  forward?.close();
});

describe('first run, as an office manager would do it', () => {
  it('the first screen says why a public address is needed, lists the ways with their links, and keeps the local address under Technical details', async () => {
    await page.getByRole('heading', { name: 'No calls yet' }).waitFor();
    expect(await page.getByTestId('why-public-address').innerText()).toBe(WHY_PUBLIC_ADDRESS);
    const firstRun = page.getByRole('region', { name: 'No calls yet' });
    const steps = await firstRun.locator('ol.steps > li').allInnerTexts();
    expect(steps).toHaveLength(4);
    expect(steps[0]).toMatch(/^Choose a way to get a public address/);
    expect(steps[0]).toContain('Free account, and one address that never changes, so Marketing Edge is set up once.');
    expect(steps[0]).toContain('If your business already uses Cloudflare');
    expect(steps[0]).toContain('ask whoever set up your internet');
    expect(steps[0]).toContain('No account, for a quick try; unreliable');
    expect(steps[1]).toContain('Test call received');
    expect(steps[2]).toMatch(/Settings → Webhooks.*Call Start, Call Preprocessed and Call Processed/);
    expect(steps[3]).toMatch(/^Optional/);
    expectSafeLinks(await externalLinks(firstRun), [
      'https://dashboard.ngrok.com/signup',
      CLOUDFLARED_DOWNLOADS,
      'https://tailscale.com/kb/1223/funnel',
    ]);
    expect(steps[0]).toContain(TAILSCALE_FUNNEL);
    expectNoJargon(await page.locator('main').innerText());

    // The local address is not on screen until Technical details is opened, and then it says it cannot be used.
    const local = page.getByTestId('local-address');
    expect(await page.getByText('127.0.0.1').first().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /copy/i }).count()).toBe(0);
    await bothThemes(page, 'first-run-empty-list');
    await local.locator('summary').click();
    expect(await local.innerText()).toContain('This address works only on this PC — Marketing Edge cannot use it');
    expect(await page.getByTestId('local-webhook-url').innerText()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/•+$/);
    await expectNoTokenInText();
    // Copy still copies the real address, for whoever sets up the forward.
    await local.getByRole('button', { name: 'Copy the address on this PC' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(server.webhookUrl);
    await bothThemes(page, 'first-run-technical-details');
    expect(win.problems).toEqual([]);
  });

  it('the views: Calls and To call back up front, the others under a labelled Setup group', async () => {
    const desk = page.getByRole('navigation', { name: 'Views' });
    const setup = page.getByRole('navigation', { name: 'Setup' });
    expect(await desk.getByRole('link').allInnerTexts()).toEqual(['Calls', 'To call back']);
    expect(await setup.getByRole('link').allInnerTexts()).toEqual(['Public URL', 'Deliveries', 'Settings']);
    expect(await setup.getByTestId('public-url-dot').getAttribute('class')).toContain('nav-dot--bad');
  });

  it('step 1: the ways in plain words, each with the exact pages where its token or address is made', async () => {
    await page.getByRole('button', { name: 'Set up the public address' }).click();
    await page.getByRole('heading', { name: 'Step 1: Choose a way to get a public address' }).waitFor();
    expect(await page.getByTestId('why-public-address').innerText()).toBe(WHY_PUBLIC_ADDRESS);
    const first = step(/^Step 1/);
    // ngrok is preselected: its words explain the token, and its three pages are linked.
    expect(await page.getByRole('radio', { name: /^ngrok \(recommended\)/ }).isChecked()).toBe(true);
    expect(await first.innerText()).toContain('the token ngrok shows you');
    expect(await page.getByLabel('The token ngrok shows you (authtoken)').getAttribute('type')).toBe('password');
    expectSafeLinks(await externalLinks(first), [
      'https://dashboard.ngrok.com/signup',
      'https://dashboard.ngrok.com/get-started/your-authtoken',
      'https://dashboard.ngrok.com/domains',
    ]);
    await page.getByRole('radio', { name: /^Cloudflare Tunnel/ }).check();
    expect(await first.innerText()).toContain("First download and install cloudflared, Cloudflare's free program");
    expectNoJargon(await page.locator('main').innerText());
    expectSafeLinks(await externalLinks(first), [
      CLOUDFLARED_DOWNLOADS,
      'https://one.dash.cloudflare.com/',
      'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/get-started/create-remote-tunnel/',
    ]);
    await page.getByRole('radio', { name: /^Your own address/ }).check();
    expect(await first.innerText()).toContain('Ask whoever set up your internet');
    expectSafeLinks(await externalLinks(first), ['https://tailscale.com/kb/1223/funnel']);
    // None of the words the issue found unexplained, whichever way is chosen.
    expectNoJargon(await page.locator('main').innerText());
    await page.getByRole('radio', { name: /^localtunnel/ }).check();
    expectNoJargon(await page.locator('main').innerText());
    await page.getByRole('radio', { name: /^Your own address/ }).check();
    expect(await page.getByText('127.0.0.1').first().isVisible()).toBe(false);
    // Steps 2 and 3 wait for the address.
    expect(await page.getByRole('button', { name: 'Send a test call' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: "I've added it" }).isDisabled()).toBe(true);
    await expectNoTokenInText();
    await bothThemes(page, 'first-run-step-1');
  });

  it('step 1 done: the office router forward is entered, and Call Alerts checks it reaches this PC', async () => {
    const port = await portForward(Number(new URL(server.webhookUrl).port));
    await page.getByLabel('Your public address').fill(`http://127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Save and connect' }).click();
    await expect.poll(() => page.getByTestId('tunnel-state').innerText(), { timeout: 15_000 }).toBe('Online');
    await page.getByRole('heading', { name: 'Step 1: The public address' }).waitFor();
    expectNoJargon(await page.locator('main').innerText());
    await expectNoTokenInText();
  });

  it('step 2: the test call comes in through the public address: "Test call received"', async () => {
    await step(/^Step 2/)
      .getByRole('button', { name: 'Send a test call' })
      .click();
    const result = page.getByTestId('test-call-result');
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toMatch(/^Test call received\./);
    await dismissToasts(page);
    await step(/^Step 2/).scrollIntoViewIfNeeded();
    await bothThemes(page, 'first-run-step-2-test-call');
  });

  it('step 3: where the address goes in Marketing Edge, masked, copied whole, and confirmed by "I\'ve added it"', async () => {
    const third = step(/^Step 3: Give the address to Marketing Edge/);
    const words = await third.innerText();
    expect(words).toContain('Settings → Webhooks');
    expect(words).toContain('Call Start, Call Preprocessed and Call Processed');
    const { publicWebhookUrl } = await read<TunnelStatus>('/api/tunnel');
    expect(publicWebhookUrl).toMatch(new RegExp(`/hooks/${token}$`));
    expect(await third.getByTestId('marketing-edge-url').innerText()).toBe(publicWebhookUrl!.replace(token, '••••••••'));
    await third.getByRole('button', { name: 'Copy the address for Marketing Edge' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(publicWebhookUrl);
    await expectNoTokenInText();
    // Show reveals it on request, and hides it again.
    await third.getByRole('button', { name: 'Show the whole address' }).click();
    expect(await third.getByTestId('marketing-edge-url').innerText()).toBe(publicWebhookUrl);
    await third.getByRole('button', { name: 'Hide the whole address' }).click();
    await expectNoTokenInText();

    await third.getByRole('button', { name: "I've added it" }).click();
    await expect.poll(() => third.getByTestId('marketing-edge-added').innerText()).toBe('Added: Marketing Edge has this address.');
    expect(await read<TunnelStatus>('/api/tunnel')).toMatchObject({ confirmedUrl: publicWebhookUrl, urlChanged: false });
    await expect.poll(() => page.getByTestId('public-url-dot').getAttribute('class')).toContain('nav-dot--ok');
    await third.scrollIntoViewIfNeeded();
    await bothThemes(page, 'first-run-step-3-marketing-edge');
  });

  it('step 4 (optional): the API details for catch-up, saved as they are chosen', async () => {
    const fourth = step(/^Step 4 \(optional\)/);
    expect(await fourth.innerText()).toMatch(/Optional\. With Marketing Edge's API details/);
    await fourth.getByRole('radio', { name: 'Marketing Edge' }).check();
    await expect.poll(async () => (await read<CatchUpStatus>('/api/catch-up')).provider).toBe('marketing-edge');
    await fourth.getByLabel('API token').fill('first-run-api-token');
    await fourth.getByLabel('Subscription key').focus();
    await expect.poll(async () => (await read<CatchUpStatus>('/api/catch-up')).credentials.token).toBe('saved');
    // The box empties once the window has the answer, which can come just after the core has saved.
    await expect.poll(() => fourth.getByLabel('API token').inputValue()).toBe('');
    await expect.poll(() => fourth.getByRole('status').first().innerText()).toBe('Saved.');
    expect(await page.locator('body').innerText()).not.toContain('first-run-api-token');
    await fourth.scrollIntoViewIfNeeded();
    await bothThemes(page, 'first-run-step-4-catch-up');
    expect(win.problems).toEqual([]);
  });
});

describe('Settings after the first run', () => {
  it('starts with what the desk changes and ends with the technical choices; the token is masked', async () => {
    await page.getByRole('navigation', { name: 'Setup' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    const lower = (texts: string[]) => texts.map((h) => h.trim().toLowerCase());
    expect(lower(await page.locator('.settings h3').allInnerTexts())).toEqual(lower(['Alerts', 'Phone lines', 'Export', 'Technical settings']));
    // The technical group has its own heading, one level above its sections.
    const technical = page.getByRole('region', { name: 'Technical settings' });
    expect(lower(await technical.locator('.card > h4').allInnerTexts())).toEqual(
      lower(['Webhook address on this PC', 'Check that deliveries come from Marketing Edge', 'Catch-up', 'Data']),
    );
    expect(await technical.getByRole('heading', { name: 'Runs', level: 5 }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    const words = await page.locator('main').innerText();
    expect(words).not.toContain('ms-signature');
    expect(words).not.toContain('(401)');
    expect(await page.getByTestId('settings-webhook-url').innerText()).toMatch(/\/hooks\/•+$/);
    await expectNoTokenInText();
  });

  it('saves as you go: a desk name left and an alert unticked survive a reload with no Save pressed', async () => {
    const desk = page.getByLabel("This desk's name");
    await desk.fill('Reception');
    await page.getByRole('checkbox', { name: 'A call was missed' }).focus(); // leaving the box saves it
    await expect.poll(() => page.locator('.desk-name').getByRole('status').innerText()).toBe('Saved.');
    await page.getByRole('checkbox', { name: 'A call was missed' }).uncheck();
    await expect.poll(() => page.getByTestId('alerts-saved').innerText()).toBe('Saved.');
    // A check needs the secret: the choice says so and waits, then the secret left in its box saves both.
    const signature = page.getByRole('region', { name: 'Check that deliveries come from Marketing Edge' });
    await page.getByRole('radio', { name: /^Check, but accept every delivery/ }).check();
    await expect.poll(() => signature.getByRole('alert').innerText()).toMatch(/^Not saved: paste the secret from Marketing Edge below first/);
    await page.getByLabel('The secret set in Marketing Edge').fill('first-run-signing-secret');
    await page.getByLabel('The secret set in Marketing Edge').press('Enter');
    await expect.poll(async () => (await read<SettingsResponse>('/api/settings')).signature).toEqual({ mode: 'report', secretSet: true });
    expect(await signature.getByRole('status').innerText()).toBe('Saved.');

    // A refusal is said in words, and nothing is sent for an empty name.
    await desk.fill('');
    await desk.press('Enter');
    expect(await page.locator('.desk-name').getByRole('alert').innerText()).toMatch(/^Not saved: type a name for this desk/);

    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await expect.poll(() => page.getByLabel("This desk's name").inputValue()).toBe('Reception');
    expect(await page.getByRole('checkbox', { name: 'A call was missed' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'A call starts ringing' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /^Check, but accept every delivery/ }).isChecked()).toBe(true);
    const saved = await read<SettingsResponse>('/api/settings');
    expect(saved).toMatchObject({ deskName: 'Reception', alerts: { onMissed: false, onStart: true } });
    await bothThemes(page, 'first-run-settings');
    await page.locator('#technical-title').scrollIntoViewIfNeeded();
    await page.locator('#technical-title').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await bothThemes(page, 'first-run-settings-technical');
    await expectNoTokenInText();
    expect(win.problems).toEqual([]);
  });

  it('two quick alert changes and a time typed key by key all survive a reload, even when the first save is slow', async () => {
    // The first save is held back on its way to the app, so the later ones would overtake it if sent at once.
    let held = false;
    await page.route('**/api/settings', async (route) => {
      if (route.request().method() === 'PUT' && !held) {
        held = true;
        await new Promise((resolve) => setTimeout(resolve, 800));
      }
      await route.continue();
    });
    await page.getByRole('checkbox', { name: 'A call starts ringing' }).uncheck();
    await page.getByRole('checkbox', { name: 'A caller left a voicemail' }).uncheck();
    await page.getByRole('checkbox', { name: 'No alerts between' }).check();
    const start = page.getByLabel('Quiet hours start');
    await start.focus();
    await page.keyboard.type('0715P', { delay: 30 });
    expect(held).toBe(true);
    // On screen nothing jumps back while the saves are on their way.
    expect(await page.getByRole('checkbox', { name: 'A call starts ringing' }).isChecked()).toBe(false);
    await expect
      .poll(async () => (await read<SettingsResponse>('/api/settings')).alerts, { timeout: 10_000 })
      .toMatchObject({ onStart: false, onMissed: false, onVoicemail: false, quietHours: { enabled: true, start: '19:15' } });
    await expect.poll(() => page.getByTestId('alerts-saved').innerText()).toBe('Saved.');
    await page.unroute('**/api/settings');

    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await expect.poll(() => page.getByRole('checkbox', { name: 'No alerts between' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'A call starts ringing' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'A caller left a voicemail' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'A call was missed' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Quiet hours start').inputValue()).toBe('19:15');
    expect(win.problems).toEqual([]);
  });
});
