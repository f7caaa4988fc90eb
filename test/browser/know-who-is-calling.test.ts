// Issue 14 in real Chromium against the real headless server: staff save a name for a number that the
// carrier only ever called "ONTARIO CALLER", label the line, and the next Call Start from it pops with that
// name and line, in the toast and the browser notification alike.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/domain';
import { playCall, post, startBody, type CallPlay } from './webhooks';
import { bothThemes, dismissToasts, startTestWindow, stopTestWindow, unnamedControls, type TestServer, type WindowPage } from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;

const rows = () => page.locator('[role="option"]');
const detail = () => page.getByRole('complementary', { name: 'Call detail' });
const toasts = () => page.getByRole('region', { name: 'Call alerts' }).getByRole('status');
const nameBox = () => detail().getByRole('textbox', { name: 'Name', exact: true });
const notifications = () => page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications);

/** The toasts have slid in (a screenshot mid-animation shows them half transparent). */
const toastsSettled = () =>
  page.waitForFunction(() => [...document.querySelectorAll('.toast')].every((t) => t.getAnimations().every((a) => a.playState === 'finished')));

/** Priya, as the carrier names her at ring time and the vendor after the call: a placeholder both times. */
const priyaBefore: CallPlay = {
  callerNumber: '9055802958',
  callerName: 'ONTARIO CALLER',
  city: 'HAMILTON',
  state: 'ON',
  // Half an hour ago: "last today" wherever in the day the test runs but its first half-hour (Toronto's).
  ringMs: Date.now() - 30 * 60_000,
  telmetricsId: '320000000001',
  seconds: 64,
};

beforeAll(async () => {
  // The core on the same PC as the window, in its zone: the pop's "last today 9:05 AM" is the rows' clock.
  ({ server, browser, win, page } = await startTestWindow({ env: { ...process.env, TZ: 'America/Toronto' }, window: { recordNotifications: true } }));
});

afterAll(() => stopTestWindow({ server, browser, win }));

describe('know who is calling', () => {
  it('a number that called with only a placeholder is shown as its number, never as "ONTARIO CALLER"', async () => {
    await playCall(server.webhookUrl, priyaBefore);
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => rows().first().locator('.call-row__name').innerText()).toBe('(905) 580-2958');
    expect(await rows().first().innerText()).not.toContain('ONTARIO');
    expect(await rows().first().locator('.call-row__number').count()).toBe(0);
    await dismissToasts(page);
  });

  it('staff save a name and a note from the call detail; a name of spaces is refused in words', async () => {
    await rows().first().click();
    const save = detail().getByRole('button', { name: 'Save name' });
    await save.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label'))).toBe('Name for (905) 580-2958');
    expect(await nameBox().getAttribute('maxlength')).toBe('80');

    await nameBox().fill('   ');
    await nameBox().press('Enter');
    const refusal = detail().getByRole('alert');
    await expect.poll(() => refusal.innerText()).toMatch(/^The name must be a name, not empty\.$/);
    expect(await nameBox().getAttribute('aria-invalid')).toBe('true');

    await nameBox().fill('Priya Patel');
    // Typing again clears what the last refusal said.
    expect(await refusal.count()).toBe(0);
    await detail().getByRole('textbox', { name: 'Note (optional)' }).fill('Prefers mornings');
    await bothThemes(page, 'name-form');
    await nameBox().press('Enter');
    await expect.poll(() => detail().locator('#detail-title').innerText()).toBe('Priya Patel');
    // The core's push of the renamed calls may come before the save's answer closes the form.
    await expect.poll(() => detail().getByText('Note: Prefers mornings').isVisible()).toBe(true);
    expect(await detail().getByTestId('caller-number').innerText()).toBe('(905) 580-2958');
    expect(await detail().getByRole('img', { name: 'Saved contact' }).isVisible()).toBe(true);
    // The row changed at once, with the number beside the name now that the title is a name.
    expect(await rows().first().locator('.call-row__name').innerText()).toBe('Priya Patel');
    expect(await rows().first().locator('.call-row__number').innerText()).toBe('(905) 580-2958');
    // Focus goes back to the button that opened the form, which now edits the saved name.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Edit name');
    // The name is kept by the core: a reload shows it.
    await page.reload();
    await expect.poll(() => rows().first().locator('.call-row__name').innerText()).toBe('Priya Patel');
  });

  it('staff label the line in Settings, defaulting to the name of its ad', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const line = page.getByRole('group', { name: 'Line (866) 959-2359' });
    await expect.poll(() => line.innerText()).toContain('Ad: ABC Company');
    await line.getByRole('textbox', { name: 'Label for (866) 959-2359' }).fill('Downtown clinic');
    await line.getByRole('textbox', { name: 'Label for (866) 959-2359' }).press('Enter'); // saved as you go
    await expect.poll(() => page.getByText('Saved: calls to (866) 959-2359 show "Downtown clinic".').isVisible()).toBe(true);
    expect(await line.getByRole('button', { name: 'Reset to ad name' }).isVisible()).toBe(true);
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('link', { name: 'Calls' }).click();
    await expect.poll(() => rows().first().locator('.call-row__line').innerText()).toBe('Downtown clinic');
    expect(await detail().getByTestId('caller-line').innerText()).toBe('Line: Downtown clinic · (866) 959-2359');
  });

  it('the next Call Start from that number pops with the saved name, the line and the ad in plain words', async () => {
    await post(server.webhookUrl, startBody({ ...priyaBefore, ringMs: Date.now() - 3000, telmetricsId: '320000000002' }));
    await expect.poll(() => toasts().count()).toBe(1);
    const toast = toasts().first();
    expect(await toast.locator('.toast__title').innerText()).toBe('Priya Patel');
    const body = await toast.locator('.toast__line').allInnerTexts();
    expect(body[0]).toBe('(905) 580-2958');
    expect(body).toContain('Line: Downtown clinic');
    expect(body).toContain('Source: Toll free');
    expect(body.at(-1)).toBe('Note: Prefers mornings');
    // A saved name needs no "Save name" on the pop.
    expect(await toast.getByRole('button', { name: 'Save name' }).count()).toBe(0);
    // The browser notification says what the toast says: the core's alert.
    expect(await notifications()).toContainEqual({ title: 'Priya Patel', body: body.join('\n') });

    await expect.poll(() => rows().count()).toBe(2);
    // The earlier call as the pop says it: when (by the same clock as the rows) and how it went.
    const earlier = await rows().nth(1).locator('.call-row__when').innerText();
    expect(body).toContain(`Called once before, last today ${earlier} (answered)`);
    const row = rows().first();
    expect(await row.locator('.call-row__name').innerText()).toBe('Priya Patel');
    expect(await row.locator('.call-row__line').innerText()).toBe('Downtown clinic');
    expect(await row.locator('.call-row__facts').innerText()).toBe('Hamilton, ON · Toll free');
    expect(await row.locator('.badge').innerText()).toBe('Ringing');
    await toastsSettled();
    await bothThemes(page, 'named-pop');
  });

  it('a placeholder caller with no history pops with the number and "First call", and can be named from the pop', async () => {
    await dismissToasts(page);
    await post(
      server.webhookUrl,
      startBody({ callerNumber: '4165550142', callerName: 'WIRELESS CALLER', ringMs: Date.now() - 2000, telmetricsId: '0' }),
    );
    await expect.poll(() => toasts().count()).toBe(1);
    const toast = toasts().first();
    expect(await toast.locator('.toast__title').innerText()).toBe('(416) 555-0142');
    const body = await toast.locator('.toast__line').allInnerTexts();
    expect(body).toContain('First call');
    expect(body).not.toContain('(416) 555-0142');
    expect(await notifications()).toContainEqual({ title: '(416) 555-0142', body: body.join('\n') });
    expect(await rows().first().locator('.call-row__name').innerText()).toBe('(416) 555-0142');
    await toastsSettled();
    await bothThemes(page, 'first-call-pop');

    await toast.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => detail().locator('#detail-title').innerText()).toBe('(416) 555-0142');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label'))).toBe('Name for (416) 555-0142');
    expect(await nameBox().inputValue()).toBe('');
    // The title is the number: the card does not say it twice.
    expect(await detail().getByTestId('caller-number').count()).toBe(0);
    // Another call opened meanwhile closes the form: back on this call, it is not open again.
    await rows().nth(1).click();
    await expect.poll(() => detail().locator('#detail-title').innerText()).toBe('Priya Patel');
    await rows().first().click();
    await expect.poll(() => detail().locator('#detail-title').innerText()).toBe('(416) 555-0142');
    expect(await nameBox().count()).toBe(0);
    await detail().getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => nameBox().count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => nameBox().count()).toBe(0);
    // Esc closed the form, not the call.
    expect(await detail().locator('#detail-title').innerText()).toBe('(416) 555-0142');
  });

  it('N on the list opens the name form of the active row; the open toast follows a saved name', async () => {
    await post(
      server.webhookUrl,
      startBody({ callerNumber: '6135550199', callerName: 'PRIVATE CALLER', ringMs: Date.now() - 1000, telmetricsId: '0' }),
    );
    await expect.poll(() => toasts().count()).toBeGreaterThan(0);
    await expect.poll(() => toasts().first().locator('.toast__title').innerText()).toBe('(613) 555-0199');
    await page.getByRole('listbox', { name: 'Calls' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('n');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label'))).toBe('Name for (613) 555-0199');
    await page.keyboard.type('Dwayne Okafor');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().first().locator('.call-row__name').innerText()).toBe('Dwayne Okafor');
    const toast = toasts().filter({ hasText: 'Dwayne Okafor' });
    await expect.poll(() => toast.count()).toBe(1);
    expect(await toast.locator('.toast__line').first().innerText()).toBe('(613) 555-0199');
    expect(await toast.getByRole('button', { name: 'Save name' }).count()).toBe(0);
    await dismissToasts(page);
    await bothThemes(page, 'named-row');

    // Removing the name: the core says which name comes next (none here: the number) and pushes the calls.
    await detail().getByRole('button', { name: 'Edit name' }).click();
    expect(await nameBox().inputValue()).toBe('Dwayne Okafor');
    await detail().getByRole('button', { name: 'Remove name' }).click();
    await expect.poll(() => rows().first().locator('.call-row__name').innerText()).toBe('(613) 555-0199');
    await expect.poll(() => detail().locator('#detail-title').innerText()).toBe('(613) 555-0199');
    await expect.poll(() => detail().getByRole('button', { name: 'Save name' }).isVisible()).toBe(true);
  });

  it('the ad-source filter groups the sources by channel', async () => {
    const select = page.getByRole('combobox', { name: 'Ad source' });
    await expect.poll(() => select.locator('option').allInnerTexts()).toContain('Toll free');
    // Priya's first call came from Google organic search with a campaign: its channel is a group of its own.
    const group = select.locator('optgroup');
    expect(await group.evaluateAll((groups) => groups.map((g) => (g as HTMLOptGroupElement).label))).toEqual(['Google search']);
    expect(await group.locator('option').allInnerTexts()).toEqual(['All Google search', 'Google search · Testcampaign']);
    await select.selectOption({ label: 'All Google search' });
    await expect.poll(() => rows().count()).toBe(1);
    await select.selectOption({ label: 'Toll free' });
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('channel=Toll+free');
    await expect.poll(() => rows().count()).toBe(3);
    const calls = await server.appFetch('/api/calls?adChannel=Toll%20free').then((r) => r.json() as Promise<{ calls: Call[] }>);
    expect(calls.calls.map((c) => c.adChannel)).toEqual(['Toll free', 'Toll free', 'Toll free']);
    await select.selectOption('');
    await expect.poll(() => rows().count()).toBe(4);
  });

  it('ran no script from a webhook and broke no Content-Security-Policy rule', () => {
    // The one failed request is the name of spaces the API refused (Chromium logs every 4xx).
    expect(win.problems).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});
