// A voicemail plays from the app's own copy with the network to the vendor cut, in real Chromium against the
// real headless server: the recording is downloaded from a loopback stand-in of the vendor, the stand-in is
// stopped, and the player still plays. Also the list by day: headers, no duration on a missed call, the New mark.

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingStandIn, wavTone, type RecordingStandIn } from '../support/recordingStandIn';
import { playCall, type CallPlay } from './webhooks';
import { bothThemes, dismissToasts, ensureWindowBuilt, openWindow, startServer, unnamedControls, type TestServer, type WindowPage } from './window';

let server: TestServer;
let standIn: RecordingStandIn;
let browser: Browser;
let win: WindowPage;
let page: Page;

const rows = () => page.getByRole('listbox', { name: 'Calls' }).getByRole('option');
const row = (text: string) => rows().filter({ hasText: text });
const detail = () => page.getByRole('complementary', { name: 'Call detail' });

// The calls are minutes old, so they are today's wherever in the day the test runs but its first minutes (Toronto's).
const now = Date.now();
const missed: CallPlay = {
  callerNumber: '4165550142',
  callerName: 'Dwayne Okafor',
  city: 'Toronto',
  state: 'ON',
  ringMs: now - 12 * 60_000,
  telmetricsId: '330000000001',
  answered: false,
  seconds: 0,
  transcript: null,
  recordingUrl: null,
};
const voicemail: CallPlay = {
  callerNumber: '6135550199',
  callerName: 'Priya Raman',
  city: 'Ottawa',
  state: 'ON',
  ringMs: now - 6 * 60_000,
  telmetricsId: '330000000002',
  answered: false,
  voicemail: true,
  seconds: 31,
  transcript: 'Caller: Hi, this is Priya about the furnace quote, please call me back.',
};

beforeAll(async () => {
  ensureWindowBuilt();
  standIn = await startRecordingStandIn();
  standIn.serve('priya.wav', { body: wavTone(3), contentType: 'audio/wav' });
  // An error page sent as audio: kept like any recording, and no player can decode it.
  standIn.serve('sam.wav', { body: Buffer.from('<html>Service unavailable</html>'.repeat(40)), contentType: 'audio/wav' });
  [server, browser] = await Promise.all([
    startServer(),
    // Played without a click, as a test has no user gesture to give.
    chromium.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    }),
  ]);
  win = await openWindow(browser, 'about:blank');
  page = win.page;
  // The window decides once, on its first read of the call-backs, whether to open on them: the calls come after.
  const firstRead = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/follow-ups');
  await page.goto(`${server.appUrl}#/calls`);
  await firstRead;
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
  await standIn?.stop();
});

describe('a list that reads by day, and a voicemail that plays offline', () => {
  it('heads the day with its counts, gives a missed call no duration and marks calls nobody opened', async () => {
    await playCall(server.webhookUrl, missed);
    await playCall(server.webhookUrl, { ...voicemail, recordingUrl: standIn.url('priya.wav') });
    await playCall(server.webhookUrl, {
      ...voicemail,
      callerNumber: '9055550123',
      callerName: 'Sam Lee',
      ringMs: now - 15 * 60_000,
      telmetricsId: '330000000003',
      transcript: 'Caller: Sam Lee here, about Tuesday.',
      recordingUrl: standIn.url('sam.wav'),
    });
    // Generous waits: the machine these run on is shared, and a loaded one is slow to push.
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => page.locator('.call-day').allInnerTexts(), { timeout: 15_000 }).toEqual(['Today · 3 calls · 3 to call back']);
    expect(await row('Dwayne').locator('.badge').innerText()).toBe('Missed');
    expect(await row('Dwayne').locator('.call-row__duration').count()).toBe(0);
    expect(await row('Dwayne').locator('.call-row__when').innerText()).toMatch(/^\d{1,2}:\d\d [AP]M$/);
    for (const name of ['Dwayne', 'Priya', 'Sam Lee']) {
      expect(await row(name).locator('.call-row__new').count()).toBe(1);
      expect(await row(name).getAttribute('aria-label')).toMatch(/^New, /);
    }
    // The header is no option: the listbox holds one group of options per day; each row names its day.
    expect(await page.locator('.call-day').getAttribute('aria-hidden')).toBe('true');
    expect(await row('Dwayne').getAttribute('aria-label')).toMatch(/, Today$/);
  });

  it("plays the voicemail from the app's own address once cached, with the vendor's server stopped", async () => {
    // Voicemails are fetched at once.
    await expect.poll(() => standIn.requests('priya.wav') * standIn.requests('sam.wav'), { timeout: 15_000 }).toBeGreaterThan(0);
    await standIn.stop();
    await row('Priya').click();
    const pane = detail();
    const card = pane.getByRole('region', { name: 'Voicemail' });
    await expect.poll(() => card.locator('.voicemail__message').innerText()).toBe('Hi, this is Priya about the furnace quote, please call me back.');
    // The message and player come first, right under the caller card.
    expect(await pane.locator('.card').nth(1).getAttribute('class')).toContain('voicemail');
    const audio = card.locator('audio');
    await audio.waitFor({ timeout: 15_000 });
    const origin = new URL(server.appUrl).origin;
    await audio.evaluate((el: HTMLAudioElement) => el.play());
    await expect
      .poll(() =>
        audio.evaluate((el: HTMLAudioElement) => ({ src: el.currentSrc.startsWith(`${location.origin}/api/calls/`), ready: el.readyState >= 2 })),
      )
      .toEqual({ src: true, ready: true });
    expect(await page.evaluate(() => location.origin)).toBe(origin);
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
    await audio.evaluate((el: HTMLAudioElement) => el.pause());
    expect(await card.getByRole('alert').count()).toBe(0);
    // The webhook events and the vendor's link are at the end, closed.
    expect(await pane.locator('details.technical').getAttribute('open')).toBeNull();
    expect(await pane.getByRole('button', { name: 'Open in browser' }).count()).toBe(0);
  });

  it('drops the New mark once the call is opened, and keeps it on the others', async () => {
    await expect.poll(() => row('Priya').locator('.call-row__new').count()).toBe(0);
    expect(await row('Dwayne').locator('.call-row__new').count()).toBe(1);
    const opened = await server
      .appFetch('/api/calls')
      .then(async (r) => ((await r.json()) as { calls: { callerName: string; openedAt: string | null }[] }).calls);
    expect(opened.map((c) => [c.callerName, c.openedAt !== null])).toEqual([
      ['Priya Raman', true],
      ['Dwayne Okafor', false],
      ['Sam Lee', false],
    ]);
    await dismissToasts(page);
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'offline-voicemail');
  });

  it('says so in words when a recording cannot be played', async () => {
    await row('Sam Lee').click();
    const card = detail().getByRole('region', { name: 'Voicemail' });
    await card.locator('audio').waitFor({ timeout: 15_000 });
    await expect.poll(() => card.getByRole('alert').count(), { timeout: 15_000 }).toBe(1);
    expect(await card.getByRole('alert').innerText()).toBe(
      'This recording could not be played: the file is not here or not in a format this PC plays.',
    );
    await dismissToasts(page);
    await bothThemes(page, 'offline-voicemail-unplayable');
  });

  it('plays the voicemail in the To call back view from the same copy, and says when one cannot be played', async () => {
    await page.getByRole('link', { name: /^To call back/ }).click();
    const entry = (name: string) => page.getByRole('list', { name: 'People to call back' }).getByRole('listitem').filter({ hasText: name }).first();
    const audio = entry('Priya Raman').locator('audio');
    await audio.waitFor({ timeout: 15_000 });
    await audio.evaluate((el: HTMLAudioElement) => el.play());
    await expect
      .poll(() =>
        audio.evaluate((el: HTMLAudioElement) => ({ src: el.currentSrc.startsWith(`${location.origin}/api/calls/`), ready: el.readyState >= 2 })),
      )
      .toEqual({ src: true, ready: true });
    await audio.evaluate((el: HTMLAudioElement) => el.pause());
    expect(await entry('Priya Raman').getByRole('alert').count()).toBe(0);
    await expect
      .poll(() => entry('Sam Lee').getByRole('alert').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['This recording could not be played: the file is not here or not in a format this PC plays.']);
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
  });

  it('says on a missed row that its caller rang again, and the day counts follow', async () => {
    const again = Date.now() - 60_000;
    await playCall(server.webhookUrl, { ...missed, ringMs: again, telmetricsId: '330000000004', answered: true, seconds: 65 });
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(4);
    const missedRow = rows().filter({ hasText: 'Missed' });
    await expect.poll(() => missedRow.locator('.call-row__again').innerText()).toMatch(/^Called again \d{1,2}:\d\d [AP]M$/);
    expect(await rows().first().locator('.call-row__duration').innerText()).toBe('1:05');
    // Reached on the later call: Dwayne is no longer owed one.
    await expect.poll(() => page.locator('.call-day').allInnerTexts()).toEqual(['Today · 4 calls · 2 to call back']);
    await dismissToasts(page);
    await bothThemes(page, 'list-called-again');
  });
});
