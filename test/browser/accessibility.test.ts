// Issue 16: every view passes axe-core (WCAG 2.0/2.1 A and AA) with no violations, in light and in dark, with
// real content in it: named and unnamed callers, answered, missed and voicemail calls, a call-back entry, a test
// call and a rejected delivery, all posted as webhooks to a real headless server. Then the keyboard paths.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api';
import { postWebhook } from '../support/core';
import { startRecordingStandIn, wavTone, type RecordingStandIn } from '../support/recordingStandIn';
import { expectAccessible } from './axe';
import { playCall, post, startBody, type CallPlay } from './webhooks';
import {
  dismissToasts,
  ensureWindowBuilt,
  launchChromium,
  openWindow,
  screenshot,
  startServer,
  waitForFirstRow,
  type TestServer,
  type WindowPage,
} from './window';

let server: TestServer;
let browser: Browser;
let win: WindowPage;
let page: Page;
let standIn: RecordingStandIn;

const MINUTE = 60_000;
const SCHEMES = ['light', 'dark'] as const;

const calls = (recordings: RecordingStandIn): CallPlay[] => [
  {
    callerNumber: '9055802958',
    callerName: 'Priya Patel',
    city: 'HAMILTON',
    state: 'ON',
    ringMs: Date.now() - 50 * MINUTE,
    telmetricsId: '36000000001',
    seconds: 184,
    transcript: 'Agent: Good morning, Maple Dental. Caller: Hi, I would like to book a cleaning next week.',
    recordingUrl: recordings.url('priya.wav'),
  },
  { callerNumber: '4165550199', callerName: null, ringMs: Date.now() - 40 * MINUTE, telmetricsId: '36000000002', answered: false, seconds: 0 },
  {
    callerNumber: '6475550123',
    callerName: 'Dana White',
    ringMs: Date.now() - 30 * MINUTE,
    telmetricsId: '36000000003',
    voicemail: true,
    seconds: 25,
    transcript: 'Agent: Please leave a message after the tone. Caller: Hi, this is Dana, please call me back about my appointment.',
    recordingUrl: null,
  },
];

/** Shows a view the way a bookmark would: the route is the hash, whatever the top bar groups it under. */
async function goTo(hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

/** axe in both schemes, with a screenshot of each; the page is left light. */
async function checkBothSchemes(name: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${name} (${colorScheme})`);
    await screenshot(page, `a11y-${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function tunnelStatus(): Promise<TunnelStatus> {
  return (await (await server.appFetch('/api/tunnel')).json()) as TunnelStatus;
}

/** The focused element's focus ring: an outline or a box-shadow that is not "none". */
async function focusRing(): Promise<{ tag: string; label: string; outline: string; shadow: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      label: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '',
      outline: style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : `${style.outlineStyle} ${style.outlineWidth}`,
      shadow: style.boxShadow,
    };
  });
}

/** Tabs (never focus(), which would not show :focus-visible) until the top bar's first view has the focus. */
async function tabToTopBar(): Promise<void> {
  const firstView = page.getByRole('navigation', { name: 'Views' }).getByRole('link').first();
  for (let i = 0; i < 120 && !(await firstView.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  expect(await firstView.evaluate((el) => el === document.activeElement), 'Tab never reached the top bar').toBe(true);
}

beforeAll(async () => {
  ensureWindowBuilt();
  standIn = await startRecordingStandIn();
  standIn.serve('priya.wav', { body: wavTone(3), contentType: 'audio/wav' });
  // No cloudflared on this PC: nothing outside loopback is ever contacted.
  [server, browser] = await Promise.all([
    startServer(['--cloudflared-path', '/nonexistent/cloudflared'], undefined, { ...process.env, TZ: 'America/Toronto' }),
    launchChromium(),
  ]);
  win = await openWindow(browser, server.appUrl);
  page = win.page;
});

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.close();
  await standIn?.stop();
});

describe('axe-core on every view, light and dark', () => {
  it('first run: the empty call list and the Public URL view before any provider is chosen', async () => {
    await page.locator('.calls--first-run').waitFor();
    await checkBothSchemes('first-run-calls');
    await goTo('#/public-url');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await expect.poll(async () => (await tunnelStatus()).provider).toBe('none');
    await checkBothSchemes('first-run-public-url');
  });

  it('the call list with named, unnamed, answered, missed and voicemail calls, and a rejected delivery', async () => {
    for (const call of calls(standIn)) await playCall(server.webhookUrl, call);
    expect((await postWebhook(server.webhookUrl, '{"Id": "cut off')).status).toBe(400);
    await goTo('#/calls');
    await waitForFirstRow(page, server);
    await expect.poll(() => page.getByRole('listbox', { name: 'Calls' }).getByRole('option').count()).toBe(3);
    await dismissToasts(page);
    await checkBothSchemes('call-list');
  });

  it('a toast on screen, once its entrance has settled', async () => {
    await post(
      server.webhookUrl,
      startBody({ callerNumber: '2895550142', callerName: 'Sam Lee', ringMs: Date.now() - 5000, telmetricsId: '36000000004' }),
    );
    const toast = page.getByRole('region', { name: 'Call alerts' }).getByRole('status').first();
    await toast.waitFor();
    await checkBothSchemes('toast');
    // Still there: axe measured the toast, not a window it had already left.
    expect(await toast.isVisible()).toBe(true);
    await dismissToasts(page);
  });

  it('a call open, with its recording, transcript, caller card and the name form open', async () => {
    await page
      .getByRole('listbox', { name: 'Calls' })
      .getByRole('option', { name: /Priya Patel/ })
      .click();
    await page.locator('audio').first().waitFor({ state: 'attached', timeout: 15_000 });
    const card = page.getByRole('region', { name: 'Caller' });
    await card.getByRole('button', { name: 'Save name' }).click();
    const form = card.getByRole('form');
    await form.getByRole('textbox').first().waitFor();
    await checkBothSchemes('call-open-name-form');
    // Below the caller card: the recording and the transcript, checked by axe above; seen here.
    await page.locator('audio').first().scrollIntoViewIfNeeded();
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, `a11y-call-open-recording-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Saved: the row shows the saved-contact mark, checked with the test call below.
    await form.getByRole('button', { name: /^Save/ }).click();
    await card.getByRole('button', { name: 'Edit name' }).waitFor();
  });

  it('To call back, with its entries', async () => {
    await goTo('#/call-backs');
    await page.getByRole('list', { name: 'People to call back' }).getByRole('listitem').first().waitFor();
    await checkBothSchemes('call-backs');
  });

  it('Public URL set up with the manual provider, online, after a test call', async () => {
    // A public address that is this PC's own webhook listener: the self-test really passes through it.
    const webhookBase = new URL(server.webhookUrl).origin;
    const saved = await server.appFetch('/api/tunnel/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'manual', manualUrl: webhookBase }),
    });
    expect(saved.status).toBe(200);
    await expect.poll(async () => (await tunnelStatus()).state, { timeout: 15_000 }).toBe('online');
    const test = await server.appFetch('/api/tunnel/test-call', { method: 'POST' });
    expect(test.status).toBe(200);
    await goTo('#/public-url');
    await page.getByTestId('public-webhook-url').waitFor();
    await dismissToasts(page);
    await checkBothSchemes('public-url-online');
  });

  it('the call list again, with a test call and a saved name in it', async () => {
    await goTo('#/calls');
    const list = page.getByRole('listbox', { name: 'Calls' });
    await list.getByRole('option', { name: /^(New, )?TEST CALL/ }).waitFor();
    await list.locator('.saved-mark').first().waitFor();
    await checkBothSchemes('call-list-test-call');
  });

  it('Deliveries, with accepted and rejected ones', async () => {
    await goTo('#/deliveries');
    await page.getByRole('heading', { name: 'Deliveries', level: 2 }).waitFor();
    // Each delivery names its caller, and the cut-off one says in plain words it could not be read.
    await expect.poll(() => page.locator('body').innerText()).toMatch(/not valid JSON|Not readable/i);
    await expect.poll(() => page.locator('body').innerText()).toContain('Priya Patel');
    await checkBothSchemes('deliveries');
  });

  it('Deliveries, one open: the rejected one with its body pointed at, then the catch-up answers tab', async () => {
    await page
      .getByTestId('delivery-row')
      .filter({ hasText: /not valid JSON|Not readable/i })
      .first()
      .getByRole('button')
      .click();
    const detail = page.getByTestId('inspector-detail');
    await detail.getByTestId('body-kept').waitFor();
    await detail.getByText('Technical details').click();
    await checkBothSchemes('deliveries-detail');
    await page.getByRole('link', { name: 'Catch-up answers' }).click();
    await page.getByTestId('inspector-empty').filter({ hasText: 'Catch-up has kept no answers' }).waitFor();
    await checkBothSchemes('deliveries-answers');
  });

  it('Settings', async () => {
    await goTo('#/settings');
    await page.getByRole('textbox', { name: "This desk's name" }).waitFor();
    await checkBothSchemes('settings');
  });

  it('nothing went wrong in the window along the way', () => {
    expect(win.problems).toEqual([]);
  });
});

describe('keyboard paths', () => {
  it('from the top bar, Tab reaches the views, the search, the filters and the list, always with a visible focus', async () => {
    await goTo('#/calls');
    await waitForFirstRow(page, server);
    await tabToTopBar();
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      const ring = await focusRing();
      expect(ring.outline !== 'none' || ring.shadow !== 'none', `no focus style on ${ring.tag} "${ring.label}"`).toBe(true);
      reached.push(`${ring.tag}:${ring.label}`);
      if (await page.evaluate(() => document.activeElement?.getAttribute('role') === 'listbox')) break;
      await page.keyboard.press('Tab');
    }
    const text = reached.join(' | ');
    expect(text).toMatch(/a:Calls/);
    expect(text).toMatch(/a:To call back/);
    expect(text).toMatch(/input:Search/i);
    expect(text).toMatch(/select:/);
    expect(reached.at(-1)).toMatch(/^div:Calls$/);
  });

  it('arrows move in the list, Enter opens the call, Esc closes it and gives the list the focus back', async () => {
    const list = page.getByRole('listbox', { name: 'Calls' });
    await list.focus();
    const active = () => list.getAttribute('aria-activedescendant');
    await page.keyboard.press('Home');
    const first = await active();
    expect(first).toMatch(/^call-row-\d+$/);
    await page.keyboard.press('ArrowDown');
    const second = await active();
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await active()).toBe(first);
    // The keyboard's row is marked plainly, not by a faint tint only.
    const ringOf = () => page.locator(`#${first}`).evaluate((el) => getComputedStyle(el).boxShadow);
    expect(await ringOf()).toMatch(/inset/);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, `a11y-keyboard-row-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const id = second!.replace('call-row-', '');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/calls?call=${id}`);
    await page.getByRole('region', { name: 'Caller' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/calls');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    const ring = await focusRing();
    expect(ring.outline !== 'none' || ring.shadow !== 'none').toBe(true);
  });

  it('in every other view, each Tab stop is on screen and shows its focus', async () => {
    for (const hash of ['#/call-backs', '#/public-url', '#/deliveries', '#/settings']) {
      await goTo(hash);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await tabToTopBar();
      const seen = new Set<string>();
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const box = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return {
            key: `${el.tagName}#${el.id}.${el.className}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`,
            sized: box.width > 0 && box.height > 0,
            ring: (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none',
          };
        });
        // Past the last stop, focus leaves the page (or wraps to the first one again).
        if (stop === null || seen.has(stop.key)) break;
        seen.add(stop.key);
        expect(stop.sized, `${hash}: Tab stop ${stop.key} has no size`).toBe(true);
        expect(stop.ring, `${hash}: no focus style on ${stop.key}`).toBe(true);
      }
      expect(seen.size, `${hash}: no Tab stops`).toBeGreaterThan(3);
    }
  });
});
