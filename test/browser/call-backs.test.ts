// Issue 15 in real Chromium against the real headless server: two missed calls from one number are one person
// to call back, a voicemail shows its message, Call back is a tel: link, Done with a note moves the entry to
// today's done ones with this desk's name, and a later answered call closes an entry by itself.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playCall, type CallPlay } from './webhooks';
import { bothThemes, dismissToasts, openWindow, startTestWindow, stopTestWindow, unnamedControls, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;

const MINUTE = 60_000;
const open = () =>
  page
    .getByRole('list', { name: 'People to call back' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') });
const done = () =>
  page
    .getByRole('list', { name: 'Done today' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') });
const entryOf = (name: string) => open().filter({ has: page.getByRole('heading', { name, exact: true }) });
const doneEntryOf = (name: string) => done().filter({ has: page.getByRole('heading', { name, exact: true }) });
const tab = () => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /^To call back/ });

/** Priya missed us twice; Dana left a voicemail. */
const priya = (n: number, minutesAgo: number): CallPlay => ({
  callerNumber: '9055802958',
  callerName: 'Priya Patel',
  city: 'HAMILTON',
  state: 'ON',
  ringMs: Date.now() - minutesAgo * MINUTE,
  telmetricsId: `3300000000${n}`,
  answered: false,
  seconds: 0,
});
const dana = (n: number, minutesAgo: number, voicemail: boolean): CallPlay => ({
  callerNumber: '4165550199',
  callerName: 'Dana White',
  ringMs: Date.now() - minutesAgo * MINUTE,
  telmetricsId: `3400000000${n}`,
  voicemail,
  seconds: voicemail ? 25 : 90,
  transcript: voicemail ? 'Agent: Please leave a message after the tone. Caller: Hi, this is Dana, please call me back about my appointment.' : null,
  recordingUrl: null,
});

beforeAll(async () => {
  ({ server, browser, win, page } = await startTestWindow({ env: { ...process.env, TZ: 'America/Toronto' } }));
});

afterAll(() => stopTestWindow({ server, browser, win }));

describe('to call back', () => {
  it("this desk's name is set in Settings, beside the alerts", async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const form = page.locator('.desk-name');
    const box = form.getByRole('textbox', { name: "This desk's name" });
    // Its default is the computer's name, never empty.
    await expect.poll(() => box.inputValue()).not.toBe('');
    await box.fill('Front desk');
    await box.press('Enter'); // saved as you go: Enter or leaving the box
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Saved.');
    const saved = (await (await server.appFetch('/api/settings')).json()) as { deskName: string };
    expect(saved.deskName).toBe('Front desk');
  });

  it('two missed calls from one number are one entry, "2 missed calls"; a voicemail shows its message', async () => {
    await playCall(server.webhookUrl, priya(1, 40));
    await playCall(server.webhookUrl, priya(2, 20));
    await playCall(server.webhookUrl, dana(1, 10, true));
    await tab().click();
    await expect.poll(() => page.locator('#call-backs-title').innerText()).toBe('To call back');
    await expect.poll(() => open().count()).toBe(2);
    // Newest last call first: Dana's voicemail, then Priya.
    expect(await open().locator('h3').allInnerTexts()).toEqual(['Dana White', 'Priya Patel']);
    await expect
      .poll(() => entryOf('Priya Patel').getByTestId('call-back-summary').innerText())
      .toMatch(/^2 missed calls, last \d{1,2}:\d{2} [AP]M$/);
    expect(await entryOf('Priya Patel').getByText('(905) 580-2958').isVisible()).toBe(true);
    expect(await entryOf('Dana White').getByTestId('call-back-summary').innerText()).toMatch(/^Voicemail, \d{1,2}:\d{2} [AP]M$/);
    await expect
      .poll(() => entryOf('Dana White').locator('blockquote').innerText())
      .toBe('Hi, this is Dana, please call me back about my appointment.');
    // The entry's calls link to them.
    expect(await entryOf('Priya Patel').getByRole('list', { name: 'Calls from Priya Patel' }).getByRole('link').allInnerTexts()).toEqual([
      expect.stringMatching(/^Missed · \d{1,2}:\d{2} [AP]M$/),
      expect.stringMatching(/^Missed · \d{1,2}:\d{2} [AP]M$/),
    ]);
    // The tab counts the people, not the calls.
    expect(await tab().getByTestId('call-backs-tab-count').innerText()).toBe('2');
    await dismissToasts(page);
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'call-backs');
  });

  it('Call back is a tel: link with the number', async () => {
    const callBack = entryOf('Priya Patel').getByRole('link', { name: 'Call back (905) 580-2958' });
    expect(await callBack.getAttribute('href')).toBe('tel:+19055802958');
    expect(await entryOf('Dana White').getByRole('link', { name: 'Call back (416) 555-0199' }).getAttribute('href')).toBe('tel:+14165550199');
  });

  it('a window opened afresh shows the call-backs first', async () => {
    const other = await openWindow(browser, server.appUrl);
    try {
      await expect.poll(() => other.page.locator('#call-backs-title').count()).toBe(1);
      expect(other.page.url()).toMatch(/#\/call-backs$/);
      expect(other.problems).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('Done with a note moves the entry to done, with the note and the desk name', async () => {
    const note = '  Left a message: calls back Tue ☎ — "after 3"  ';
    await entryOf('Priya Patel').getByRole('textbox', { name: 'Note (optional)' }).fill(note);
    await entryOf('Priya Patel').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => entryOf('Priya Patel').count()).toBe(0);
    await expect.poll(() => doneEntryOf('Priya Patel').count()).toBe(1);
    expect(await doneEntryOf('Priya Patel').getByTestId('call-back-resolution').innerText()).toMatch(
      /^Marked done by Front desk, \d{1,2}:\d{2} [AP]M$/,
    );
    // Kept as typed: the core stores the note exactly, the page shows it as text.
    const shown = await doneEntryOf('Priya Patel')
      .locator('.call-back__note')
      .evaluate((el) => el.textContent);
    expect(shown).toBe(`Note: ${note}`);
    await expect.poll(() => tab().getByTestId('call-backs-tab-count').innerText()).toBe('1');
  });

  it('a note added after Done is kept and shown with who and when', async () => {
    await doneEntryOf('Priya Patel').getByRole('button', { name: 'Add note' }).click();
    const text = 'Spoke to her.\nBooked <b>Friday</b> 10:00';
    await doneEntryOf('Priya Patel').getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    await doneEntryOf('Priya Patel').getByRole('button', { name: 'Save note' }).click();
    const notes = doneEntryOf('Priya Patel').getByRole('list', { name: 'Notes' }).getByRole('listitem');
    await expect.poll(() => notes.count()).toBe(1);
    expect(await notes.locator('.note__text').evaluate((el) => el.textContent)).toBe(text);
    expect(await notes.locator('b').count()).toBe(0);
    expect(await notes.locator('.note__meta').innerText()).toMatch(/^Front desk · \d{1,2}:\d{2} [AP]M$/);
  });

  it('a later answered call closes an entry by itself', async () => {
    await playCall(server.webhookUrl, dana(2, 2, false));
    await expect.poll(() => entryOf('Dana White').count()).toBe(0);
    await expect.poll(() => doneEntryOf('Dana White').count()).toBe(1);
    expect(await doneEntryOf('Dana White').getByTestId('call-back-resolution').innerText()).toMatch(/^Reached on a later call, \d{1,2}:\d{2} [AP]M$/);
    await expect.poll(() => page.getByText('Nobody to call back').isVisible()).toBe(true);
    expect(await tab().getByTestId('call-backs-tab-count').count()).toBe(0);
    await dismissToasts(page);
    await bothThemes(page, 'call-backs-done');
  });

  it('a reopened entry comes back to the list', async () => {
    await doneEntryOf('Priya Patel').getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => entryOf('Priya Patel').count()).toBe(1);
    expect(await entryOf('Priya Patel').getByTestId('call-back-summary').innerText()).toMatch(/^2 missed calls/);
  });

  it("the call's detail shows its entry with Done, and its notes with Add note", async () => {
    // The newest call of the entry: the one the note was added to.
    await entryOf('Priya Patel')
      .getByRole('link', { name: /^Missed/ })
      .first()
      .click();
    const detail = page.getByRole('complementary', { name: 'Call detail' });
    const card = detail.getByRole('region', { name: 'Call back' });
    await expect.poll(() => card.getByTestId('follow-up-state').innerText()).toMatch(/^To call back: 2 missed calls, last \d{1,2}:\d{2} [AP]M$/);
    expect(await card.getByRole('link', { name: 'Call back (905) 580-2958' }).getAttribute('href')).toBe('tel:+19055802958');
    const notes = card.getByRole('list', { name: 'Notes' }).getByRole('listitem');
    expect(await notes.locator('.note__text').evaluate((el) => el.textContent)).toBe('Spoke to her.\nBooked <b>Friday</b> 10:00');
    await card.getByRole('button', { name: 'Add note' }).click();
    await card.getByRole('textbox', { name: 'Note', exact: true }).fill('Second try: voicemail full');
    // A double click saves the note once.
    await card.getByRole('button', { name: 'Save note' }).dblclick();
    await expect.poll(() => notes.count()).toBe(2);
    expect(await notes.nth(1).locator('.note__text').innerText()).toBe('Second try: voicemail full');
    await dismissToasts(page);
    await bothThemes(page, 'call-follow-up');
    await card.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => card.getByTestId('follow-up-state').innerText()).toMatch(/^Done: Marked done by Front desk, \d{1,2}:\d{2} [AP]M$/);
    expect(await card.getByRole('button', { name: 'Reopen' }).isVisible()).toBe(true);
    // Done was answered after any second note would have been: still two.
    expect(await notes.count()).toBe(2);
    await expect.poll(() => tab().getByTestId('call-backs-tab-count').count()).toBe(0);
    expect(await unnamedControls(page)).toEqual([]);
    expect(win.problems).toEqual([]);
  });
});
