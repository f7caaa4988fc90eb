// The history window in real Chromium against the real headless server, fed real webhooks over HTTP.

import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskWebhookUrl } from '../../renderer/src/model/webhookAddress';
import { postWebhook } from '../support/core';
import { playCall, post, preprocessedBody, processedBody, startBody, type CallPlay } from './webhooks';
import { bothThemes, dismissToasts, startTestWindow, stopTestWindow, screenshot, unnamedControls, type TestServer, type WindowPage } from './window';

const XSS_NAME = '<img src=x onerror=alert(1)>';
/** How the window shows it: text in normal case, like any all-lower-case caller ID, never an element. */
const XSS_SHOWN = '<Img Src=x Onerror=alert(1)>';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","Click")';

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;

const rows = () => page.locator('[role="option"]');
const row = (text: string) => rows().filter({ hasText: text });
const search = () => page.getByRole('searchbox', { name: 'Search calls' });
const detail = () => page.getByRole('complementary', { name: 'Call detail' });

async function rowTitles(): Promise<string[]> {
  return page.locator('[role="option"] .call-row__name').allInnerTexts();
}

beforeAll(async () => {
  ({ server, browser, win, page } = await startTestWindow({ window: { recordNotifications: true } }));
});

afterAll(() => stopTestWindow({ server, browser, win }));

// Within the hour, so the calls are today's wherever in the day the test runs but its first hour (Toronto's).
const base = Date.now() - 45 * 60_000;
const maria: CallPlay = {
  callerNumber: '9055802958',
  callerName: 'Maria Gonzalez',
  city: 'Hamilton',
  state: 'ON',
  // Well inside the two-minute ring window when the test reaches it, even on a loaded machine.
  ringMs: Date.now() - 20_000,
  telmetricsId: '310000000001',
  seconds: 95,
};

describe('the history window', () => {
  it('first run: explains the setup; the local webhook URL only under Technical details, masked, with a copy button', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'No calls yet' }).isVisible()).toBe(true);
    await page.getByTestId('local-address').locator('summary').click();
    await expect.poll(() => page.getByTestId('local-webhook-url').innerText()).toBe(maskWebhookUrl(server.webhookUrl));
    expect(await page.getByRole('button', { name: 'Copy the address on this PC' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('link-state').innerText()).toBe('Window connected');
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'first-run');
  });

  it('a Call Start appears live at the top, ringing, and raises the toast', async () => {
    const posted = Date.now();
    await post(server.webhookUrl, startBody(maria));
    await row('Maria Gonzalez').first().waitFor({ timeout: 5000 });
    const shownAfterMs = Date.now() - posted;
    console.log(`Call Start → row visible in the window: ${shownAfterMs} ms (POST included)`);
    expect(await rowTitles()).toEqual(['Maria Gonzalez']);
    expect(await row('Maria Gonzalez').locator('.badge').innerText()).toBe('Ringing');
    expect(await row('Maria Gonzalez').getAttribute('class')).toContain('call-row--ringing');
    const toast = page.getByRole('region', { name: 'Call alerts' }).getByRole('status');
    await expect.poll(() => toast.count()).toBe(1);
    expect(await toast.locator('.toast__title').innerText()).toBe('Maria Gonzalez');
    expect(await toast.innerText()).toContain('(905) 580-2958');
    expect(await toast.innerText()).toContain('Hamilton, ON');
    // The browser notification says what the desktop alert says: the core's alert text.
    const notes = await page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications);
    expect(notes).toEqual([{ title: 'Maria Gonzalez', body: '(905) 580-2958\nHamilton, ON\nSource: Toll free\nFirst call' }]);
    await screenshot(page, 'live-call-toast-light');
  });

  it('later events update the same row in place', async () => {
    await post(server.webhookUrl, preprocessedBody(maria));
    await expect.poll(() => row('Maria Gonzalez').locator('.badge').innerText()).toBe('Answered');
    await post(server.webhookUrl, processedBody(maria));
    await expect.poll(() => row('Maria Gonzalez').locator('.call-row__meta').innerText()).toContain('Google search · Testcampaign');
    expect(await rowTitles()).toEqual(['Maria Gonzalez']);
    expect(await row('Maria Gonzalez').locator('.call-row__duration').innerText()).toBe('1:35');
    expect(await row('Maria Gonzalez').getAttribute('class')).not.toContain('call-row--ringing');
  });

  it('more calls arrive live, newest first, and text from webhooks stays text', async () => {
    const calls: CallPlay[] = [
      {
        callerNumber: '4165550142',
        callerName: 'Dwayne Okafor',
        city: 'Toronto',
        state: 'ON',
        ringMs: base,
        telmetricsId: '310000000002',
        answered: false,
        seconds: 0,
        transcript: null,
        recordingUrl: null,
        utmSource: 'bing',
      },
      {
        callerNumber: '6135550199',
        callerName: 'Priya Raman',
        city: 'Ottawa',
        state: 'ON',
        ringMs: base + 600_000,
        telmetricsId: '310000000003',
        answered: false,
        voicemail: true,
        seconds: 31,
        transcript: 'Caller: Hi, this is Priya about the furnace quote, please call me back.',
        utmSource: 'facebook',
      },
      {
        callerNumber: '5195550123',
        callerName: XSS_NAME,
        city: 'London',
        state: 'ON',
        ringMs: base + 1_200_000,
        telmetricsId: '310000000004',
        seconds: 12,
        transcript: null,
        recordingUrl: null,
      },
      {
        callerNumber: '7055550177',
        callerName: FORMULA_NAME,
        city: 'Barrie',
        state: 'ON',
        ringMs: base + 1_800_000,
        telmetricsId: '310000000005',
        seconds: 20,
        transcript: null,
        recordingUrl: null,
      },
    ];
    for (const c of calls) await playCall(server.webhookUrl, c);
    await expect.poll(() => rows().count()).toBe(5);
    expect(await rowTitles()).toEqual(['Maria Gonzalez', FORMULA_NAME, XSS_SHOWN, 'Priya Raman', 'Dwayne Okafor']);
    expect(await page.locator('.call-list img').count()).toBe(0);
    await expect.poll(() => page.locator('.toast__title').allInnerTexts()).toContain(XSS_SHOWN);
    expect(await page.locator('.toasts img').count()).toBe(0);
    expect(await row('Dwayne').locator('.badge').innerText()).toBe('Missed');
    expect(await row('Priya').locator('.badge').innerText()).toBe('Voicemail');
    // Nobody talked on a missed call or a voicemail: no 0:00; the answered ones keep theirs.
    expect(await row('Dwayne').locator('.call-row__duration').count()).toBe(0);
    expect(await row('Priya').locator('.call-row__duration').count()).toBe(0);
    expect(await row('Barrie').locator('.call-row__duration').innerText()).toBe('0:20');
    // One header for the day, not an option of the listbox.
    const headers = page.locator('.call-list .call-day');
    expect(await headers.count()).toBe(1);
    expect(await headers.innerText()).toMatch(/^Today · 5 calls( · 2 to call back)?$/);
    expect(
      await page
        .getByRole('listbox', { name: 'Calls' })
        .locator('> * > :not([role="group"]):not(.call-list__footer), [role="group"] > :not([role="option"]):not(.call-day)')
        .count(),
    ).toBe(0);
  });

  it('searches by name, number fragment and transcript word as you type', async () => {
    await search().fill('gonz');
    await expect.poll(rowTitles).toEqual(['Maria Gonzalez']);
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain('q=gonz');
    await search().fill('580-29');
    await expect.poll(rowTitles).toEqual(['Maria Gonzalez']);
    await search().fill('0142');
    await expect.poll(rowTitles).toEqual(['Dwayne Okafor']);
    await search().fill('warranty');
    await expect.poll(rowTitles).toEqual(['Maria Gonzalez']);
    await search().fill('furnace');
    await expect.poll(rowTitles).toEqual(['Priya Raman']);
    await search().fill('ottawa');
    await expect.poll(rowTitles).toEqual(['Priya Raman']);
    await search().fill('nobody-here');
    await expect.poll(() => page.getByRole('heading', { name: 'No calls match' }).isVisible()).toBe(true);
    await search().press('Escape');
    await expect.poll(() => rows().count()).toBe(5);
    expect(await search().inputValue()).toBe('');
  });

  it('filters by outcome, recording, transcript, ad source and date, and keeps them in the URL', async () => {
    const outcome = page.getByRole('group', { name: 'Outcome' });
    await outcome.getByRole('button', { name: 'Missed' }).click();
    await expect.poll(rowTitles).toEqual(['Dwayne Okafor']);
    await outcome.getByRole('button', { name: 'Voicemail' }).click();
    await expect.poll(rowTitles).toEqual(['Priya Raman']);
    await outcome.getByRole('button', { name: 'All' }).click();
    await page.getByRole('checkbox', { name: 'Has transcript' }).check();
    await expect.poll(rowTitles).toEqual(['Maria Gonzalez', 'Priya Raman']);
    await page.getByRole('checkbox', { name: 'Has recording' }).check();
    await expect.poll(rowTitles).toEqual(['Maria Gonzalez', 'Priya Raman']);
    await page.getByRole('checkbox', { name: 'Has transcript' }).uncheck();
    await page.getByRole('checkbox', { name: 'Has recording' }).uncheck();
    await expect.poll(() => rows().count()).toBe(5);

    await page.getByRole('combobox', { name: 'Ad source' }).selectOption({ label: 'Facebook · Testcampaign' });
    await expect.poll(rowTitles).toEqual(['Priya Raman']);

    // The seed's own Processed sample is a call from May 2016: "Last 7 days" leaves it out.
    await page.getByRole('combobox', { name: 'Ad source' }).selectOption('');
    const seed = (await import('../support/seeds')).loadSeeds().processed;
    expect((await postWebhook(server.webhookUrl, seed.body, seed.headers)).status).toBe(200);
    await expect.poll(() => rows().count()).toBe(6);
    await page.getByRole('combobox', { name: 'Date range' }).selectOption('7d');
    await expect.poll(() => rows().count()).toBe(5);
    await outcome.getByRole('button', { name: 'Missed' }).click();
    await search().fill('toronto');
    await expect.poll(rowTitles).toEqual(['Dwayne Okafor']);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('q=toronto');

    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('date=7d');
    expect(hash).toContain('status=missed');
    await page.reload();
    await expect.poll(rowTitles).toEqual(['Dwayne Okafor']);
    expect(await search().inputValue()).toBe('toronto');
    expect(await page.getByRole('combobox', { name: 'Date range' }).inputValue()).toBe('7d');
    expect(await outcome.getByRole('button', { name: 'Missed' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(6);
  });

  it('shows the call detail: caller card, timeline, attribution, transcript with keyword hits, recording', async () => {
    await row('Maria Gonzalez').click();
    const pane = detail();
    await expect.poll(() => pane.getByRole('heading', { name: 'Maria Gonzalez' }).isVisible()).toBe(true);
    expect(await pane.getByTestId('caller-number').innerText()).toBe('(905) 580-2958');
    expect(await pane.getByRole('button', { name: 'Copy caller number' }).isVisible()).toBe(true);
    expect(await pane.getByText('First call from this number.').isVisible()).toBe(true);

    // The webhook events are for support: closed, at the end.
    const technical = pane.locator('details.technical');
    expect(await technical.getAttribute('open')).toBeNull();
    expect(
      await pane
        .locator('.card')
        .last()
        .evaluate((el) => el.classList.contains('technical')),
    ).toBe(true);
    await technical.locator('summary').first().click();
    const timeline = technical.getByRole('list', { name: 'Webhook events' });
    expect(await timeline.locator('.timeline__label').allInnerTexts()).toEqual([
      'Call Start',
      'Call Preprocessed (call ended)',
      'Call Processed (details updated)',
    ]);
    const attribution = pane.getByRole('region', { name: 'Attribution' });
    const attributionText = await attribution.innerText();
    for (const text of ['google', 'search', 'testcampaign', 'testing', 'http://test.com?utm=...', 'google.com', 'abc - google.com']) {
      expect(attributionText).toContain(text);
    }
    const transcript = pane.getByRole('region', { name: 'Transcript' });
    const speakers = await transcript.locator('.turn__speaker').allInnerTexts();
    expect(speakers.slice(0, 4)).toEqual(['Caller', 'Agent', 'Caller', 'Agent']);
    expect(await transcript.locator('mark').allInnerTexts()).toEqual(['car']);
    expect(await transcript.getByRole('list', { name: 'Keywords spotted' }).innerText()).toContain('plane');
    // Offline first: the vendor's address is never played from, only copied; this one is not on this PC.
    const recording = pane.getByRole('region', { name: 'Recording' });
    for (const src of await pane.locator('audio').evaluateAll((els) => els.map((el) => (el as HTMLAudioElement).src)))
      expect(src.startsWith(new URL(server.appUrl).origin)).toBe(true);
    expect(await recording.locator('.recording__state').innerText()).toMatch(/^(Not downloaded yet|The recording could not be downloaded)/);
    expect(await pane.getByRole('button', { name: 'Open in browser' }).count()).toBe(0);
    expect(await technical.locator('.technical__url').innerText()).toBe(
      'https://win5CalltelligenceAPI.telmetrics.com/filedownload.ashx/58836a43-69a8-463d-85cf-f16275468e9d/1793078638.mp3',
    );
    expect(await technical.getByRole('button', { name: 'Copy recording link' }).isVisible()).toBe(true);
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toMatch(/call=\d+/);

    await dismissToasts(page);
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, 'calls-detail-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'calls-detail-dark');
    await transcript.scrollIntoViewIfNeeded();
    await screenshot(page, 'calls-transcript-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'calls-transcript-light');
  });

  it('links a returning caller to the earlier call', async () => {
    const again: CallPlay = { ...maria, ringMs: Date.now() - 5000, telmetricsId: '310000000006', seconds: 30 };
    await post(server.webhookUrl, startBody(again));
    await expect.poll(() => rows().count()).toBe(7);
    const top = rows().first();
    expect(await top.locator('.call-row__name').innerText()).toBe('Maria Gonzalez');
    expect(await top.locator('.chip--returning').isVisible()).toBe(true);
    await top.click();
    const pane = detail();
    await expect.poll(() => pane.locator('.prior-calls__line').innerText()).toMatch(/^Called once before, last today/);
    const earlier = pane.getByRole('list', { name: 'Earlier calls from this number' }).getByRole('button');
    expect(await earlier.count()).toBe(1);
    await earlier.click();
    await expect.poll(() => pane.getByText('First call from this number.').isVisible()).toBe(true);
    expect(await pane.getByRole('region', { name: 'Transcript' }).isVisible()).toBe(true);
  });

  it('keyboard: / focuses search, arrows move, Enter opens, Esc closes then clears', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search calls');
    await page.keyboard.type('priya');
    await expect.poll(rowTitles).toEqual(['Priya Raman']);
    await page.keyboard.press('Escape');
    await expect.poll(() => rows().count()).toBe(7);
    await page.getByRole('listbox', { name: 'Calls' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const third = (await rowTitles())[2]!;
    await expect.poll(() => detail().locator('#detail-title').innerText()).toBe(third);
    await page.keyboard.press('Escape');
    await expect.poll(() => detail().locator('#detail-title').count()).toBe(0);
  });

  it('exports the filtered calls as CSV with formulas neutralised', async () => {
    await search().fill('');
    await page.getByRole('group', { name: 'Outcome' }).getByRole('button', { name: 'All' }).click();
    await page.getByRole('combobox', { name: 'Date range' }).selectOption('7d');
    await expect.poll(() => rows().count()).toBe(6);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^calls-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Call ID,Started,Started \(UTC\),Name,Caller name,Caller number/);
    expect(lines).toHaveLength(7);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv).toContain(XSS_NAME);
    expect(csv).not.toContain('TORONTO,ON');
    await page.getByRole('combobox', { name: 'Date range' }).selectOption('any');
  });

  it('ran no script from a webhook and broke no Content-Security-Policy rule', () => {
    expect(win.problems).toEqual([]);
  });
});
