// The deliveries inspector in real Chromium against the real headless server, fed real signed webhooks over
// HTTP, plus the canonical "failed before a fix" row (rejected by an older version, seeded with better-sqlite3
// between two starts): filter, search, the links to the calls, invalid JSON pointed at, Re-process, paging,
// following new deliveries while open, the keyboard never dropped to the page, and axe on each detail.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureOf } from '../../electron/core/ingest/signature';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { testCallStartBody } from '../../shared/tunnel/testCall';
import { postWebhook, tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';
import { lookInBoth } from './inspector';
import { processedBody, startBody, type CallPlay } from './webhooks';
import { bothThemes, dismissToasts, ensureWindowBuilt, launchChromium, openWindow, unnamedControls, type WindowPage } from './window';

const SECRET = 'inspector-secret-of-at-least-32-chars';
const RETRIES = 100;
const BURST = 40;
const OLDER_RULE = 'Not a webhook envelope: (rule of an older version)';

const priya: CallPlay = {
  callerNumber: '9055802958',
  callerName: 'Priya Shah',
  city: 'Hamilton',
  state: 'ON',
  ringMs: Date.now() - 3 * 3600_000,
  telmetricsId: '310000000101',
  seconds: 95,
};
// The call an older version refused; today's reading accepts it.
const rahul: CallPlay = {
  callerNumber: '4165550123',
  callerName: 'Rahul Mehta',
  city: 'Toronto',
  state: 'ON',
  ringMs: Date.now() - 2 * 3600_000,
  telmetricsId: '310000000202',
};
// Calls while the inspector is open.
const lena: CallPlay = {
  callerNumber: '9055551234',
  callerName: 'Lena Park',
  city: 'Hamilton',
  state: 'ON',
  ringMs: Date.now() - 60_000,
  telmetricsId: '310000000404',
  seconds: 40,
};
const BAD_JSON = '{\r\n  "Id": "abc",\r\n  "Attempt": 1,\r\n}';

let dataDir: string;
let server: HeadlessServer;
let browser: Browser;
let win: WindowPage;
let page: Page;
let priyaEnvelope: string;
let seededId: number;

function start(): Promise<HeadlessServer> {
  return spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0', '--signature', 'enforce'], undefined, {
    ...process.env,
    CALL_ALERTS_WEBHOOK_SECRET: SECRET,
  });
}

/** Posts a body signed with the secret (or with `wrongly`, another), expecting `status`. */
async function send(body: string, status: number, wrongly = false, headers: Record<string, string> = {}): Promise<void> {
  const signature = signatureOf(Buffer.from(wrongly ? `${body} ` : body), SECRET);
  const res = await postWebhook(server.webhookUrl, body, { 'ms-signature': signature, ...headers });
  expect(res.status, res.text).toBe(status);
}

/** The canonical row, and the test call marked as the tunnel's test-call sender marks it. */
function seed(): number {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  try {
    const body = startBody(rahul);
    db.prepare(`UPDATE calls SET is_test = 1 WHERE called_number = '8005550199'`).run();
    const info = db
      .prepare(
        `INSERT INTO deliveries (received_at, envelope_id, attempt, outcome, reason, signature, status, notification_count, actions, headers,
           body, body_size, body_sha256, body_kept)
         VALUES (?, NULL, NULL, 'rejected', ?, 'valid', 400, 0, '[]', '{"content-type":"application/json"}', ?, ?, NULL, 'whole')`,
      )
      .run(new Date(Date.now() - 60_000).toISOString(), OLDER_RULE, Buffer.from(body), Buffer.byteLength(body));
    return Number(info.lastInsertRowid);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ensureWindowBuilt();
  dataDir = tempDir('call-alerts-inspector-');
  [server, browser] = await Promise.all([start(), launchChromium()]);
  const priyaStart = startBody(priya);
  priyaEnvelope = (JSON.parse(priyaStart) as { Id: string }).Id;
  await send(priyaStart, 200);
  // As through a reverse proxy that names the path it forwarded: the webhook token in a header.
  await send(processedBody(priya), 200, false, { 'x-forwarded-uri': new URL(server.webhookUrl).pathname });
  // Marketing Edge retrying the same Call Start: duplicates of one envelope, enough to page through.
  for (let i = 0; i < RETRIES; i++) await send(priyaStart, 200);
  await send(BAD_JSON, 400);
  await send(startBody({ ...priya, callerName: 'Not Signed', callerNumber: '2895550000', telmetricsId: '310000000303' }), 401, true);
  await send(testCallStartBody(Date.now() - 30_000, 'inspector1'), 200);
  await server.stop();
  seededId = seed();
  server = await start();
  win = await openWindow(browser, server.appUrl, { hash: '#/deliveries' });
  page = win.page;
}, 120_000);

afterAll(async () => {
  await win?.context.close();
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const rows = () => page.getByTestId('delivery-row');
const count = () => page.getByTestId('inspector-count').innerText();
const detail = () => page.getByTestId('inspector-detail');
const filter = (name: RegExp) => page.getByRole('group', { name: 'Show' }).getByRole('button', { name });
const plain = (s: string) => s.replace(/\u202f/g, ' ');

/** What has the keyboard now: its id, or its text; "BODY" when focus dropped to the page. */
const focused = () =>
  page.evaluate(() => (document.activeElement === document.body ? 'BODY' : document.activeElement?.id || document.activeElement?.textContent || ''));

async function kinds(): Promise<string[]> {
  return rows().evaluateAll((els) => els.map((el) => el.getAttribute('data-kind') ?? ''));
}

async function search(q: string): Promise<void> {
  await page.getByLabel('Find').fill(q);
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash.replace(/\+/g, ' ')))).toContain(q === '' ? '#/deliveries' : `q=${q}`);
}

describe('the deliveries inspector', () => {
  it('lists the newest 50 first, with exact times, kinds in words and the callers linked', async () => {
    await expect.poll(() => rows().count()).toBe(50);
    expect(await count()).toBe('Showing the newest 50 deliveries. Older ones are stored too.');
    expect(await kinds()).toEqual(['rejected', 'accepted', 'refused', 'rejected', ...Array(46).fill('duplicate')]);
    const newest = rows().first();
    expect(plain(await newest.locator('time').innerText())).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(await newest.locator('.badge').innerText()).toBe('Rejected');
    // The test call is marked as one, by name.
    expect(await rows().nth(1).innerText()).toContain('Test call');
    expect(await rows().nth(4).getByRole('link').innerText()).toBe('Priya Shah');
    expect(await filter(/^Rejected/).innerText()).toBe('Rejected (2)');
    expect(await filter(/^Refused/).innerText()).toBe('Refused (1)');
    await dismissToasts(page);
    expect(await unnamedControls(page)).toEqual([]);
    await bothThemes(page, 'inspector-list');
  });

  it('filters by kind, with an empty state in words', async () => {
    await filter(/^Rejected/).click();
    await expect.poll(() => kinds()).toEqual(['rejected', 'rejected']);
    expect(await filter(/^Rejected/).getAttribute('aria-pressed')).toBe('true');
    expect(await count()).toBe('Showing all 2 rejected deliveries.');
    await filter(/^Refused/).click();
    await expect.poll(() => kinds()).toEqual(['refused']);
    expect(await count()).toBe('Showing the only refused delivery.');
    await filter(/^Failed/).click();
    await expect.poll(() => page.getByTestId('inspector-empty').innerText()).toBe('Nothing failed: every stored delivery was applied to its call.');
    // The count line stays in the page, empty, so the count is heard when results come back.
    expect(await page.getByTestId('inspector-count').innerText()).toBe('');
    await filter(/^All$/).click();
    await expect.poll(() => rows().count()).toBe(50);
  });

  it('finds deliveries by the caller, by the number and by the envelope id; Esc clears', async () => {
    await search('Priya');
    await expect.poll(() => count()).toBe('Showing the newest 50 deliveries. Older ones are stored too.');
    expect(new Set(await rows().getByRole('link').allInnerTexts())).toEqual(new Set(['Priya Shah']));
    await search('(905) 580');
    await expect.poll(async () => new Set(await rows().getByRole('link').allInnerTexts())).toEqual(new Set(['Priya Shah']));
    await search(priyaEnvelope);
    await expect.poll(() => kinds()).toEqual(Array(50).fill('duplicate'));
    // Of that envelope, one was accepted: the first sending; every retry after it was a duplicate.
    await filter(/^Accepted$/).click();
    await expect.poll(() => kinds()).toEqual(['accepted']);
    expect(await rows().getByRole('link').innerText()).toBe('Priya Shah');
    await filter(/^All$/).click();
    await search('Nobody Here');
    await expect
      .poll(() => page.getByTestId('inspector-empty').innerText())
      .toBe("No delivery matches “Nobody Here”. Search finds a caller's name or number, or a delivery's id.");
    await page.getByLabel('Find').press('Escape');
    await expect.poll(() => rows().count()).toBe(50);
    expect(await page.evaluate(() => location.hash)).toBe('#/deliveries');
  });

  it('shows a delivery with its headers and its body pretty-printed', async () => {
    // Accepted, newest first: the test call, Priya's Call Processed, her Call Start.
    await filter(/^Accepted$/).click();
    await expect.poll(() => kinds()).toEqual(['accepted', 'accepted', 'accepted']);
    await rows().nth(1).getByRole('button').click();
    await expect.poll(() => detail().getByTestId('detail-summary').innerText()).toContain('Priya Shah');
    const headers = await detail().getByRole('table').innerText();
    expect(headers).toContain('ms-signature');
    // The token never shows, even where a proxy repeated it in a header.
    // (The core may mask it first, in its own way; either way the token is gone.)
    expect(headers).toMatch(/x-forwarded-uri\t\/hooks\/\S/);
    expect(await page.locator('body').innerText()).not.toContain(new URL(server.webhookUrl).pathname.split('/').pop()!);
    expect(await detail().innerText()).toContain('Came from Marketing Edge\nYes: signed with the webhook secret in Settings');
    expect(await detail().getByTestId('body-pretty').innerText()).toContain('\n  "Notifications": [\n');
    expect(await detail().getByTestId('body-kept').innerText()).toBe('The whole body is kept.');
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/deliveries\?kind=accepted&delivery=\d+$/);
    await lookInBoth(page, 'inspector-detail-json');
    // Esc closes it, and the keyboard is back on its row.
    await page.keyboard.press('Escape');
    await expect.poll(() => detail().count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="delivery-row"]') !== null)).toBe(true);
    await filter(/^All$/).click();
  });

  it('points at the first error of invalid JSON', async () => {
    await page.getByTestId('delivery-row').filter({ hasText: 'not valid JSON' }).getByRole('button').click();
    const error = detail().getByTestId('json-error');
    await expect.poll(() => error.innerText()).toContain('Not valid JSON: line 3, column 15');
    expect(await error.locator('pre').innerText()).toBe('  "Attempt": 1,\n              ^');
    expect(await detail().getByTestId('body-raw').textContent()).toBe(BAD_JSON);
    await detail().getByText('Technical details').click();
    expect(await detail().locator('details').innerText()).toContain('HTTP status');
    await lookInBoth(page, 'inspector-detail-invalid-json');
  });

  it('cannot re-process a refused delivery, and says why', async () => {
    await page.locator('[data-testid="delivery-row"][data-kind="refused"]').getByRole('button').click();
    const button = detail().getByRole('button', { name: 'Re-process' });
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await detail().innerText()).toContain('It cannot be re-processed: its signature did not match');
  });

  it('re-processes the delivery an older version rejected into an accepted one with its call linked', async () => {
    await page.goto(`${server.appUrl}#/deliveries?delivery=${seededId}`);
    await expect.poll(() => detail().locator('h3').innerText()).toBe(`Delivery #${seededId}`);
    expect(await detail().locator('.badge').first().innerText()).toBe('Rejected');
    // By keyboard: while it runs the button stays focused (busy, not disabled).
    const button = detail().getByRole('button', { name: /^Re-process/ });
    // Whatever the alerts region ever says from here on is kept, so a pop that came and went is seen too.
    await page.evaluate(() => {
      const region = document.querySelector('[aria-label="Call alerts"]')!;
      const seen: string[] = [];
      (window as unknown as { alertsSeen: string[] }).alertsSeen = seen;
      new MutationObserver(() => seen.push(region.textContent ?? '')).observe(region, { childList: true, subtree: true, characterData: true });
    });
    await button.focus();
    await page.keyboard.press('Enter');
    const said = detail().getByRole('status');
    await expect.poll(() => said.innerText()).toBe('Applied: the call from Rahul Mehta is up to date now.');
    expect(await focused()).toBe('Re-process');
    await expect.poll(() => detail().locator('.badge').first().innerText()).toBe('Accepted');
    await expect.poll(() => rows().first().getAttribute('data-kind')).toBe('accepted');
    await expect.poll(() => filter(/^Rejected/).innerText()).toBe('Rejected (1)');
    await lookInBoth(page, 'inspector-after-reprocess');

    await page.keyboard.press('Enter');
    await expect.poll(() => said.innerText()).toBe('Nothing to change: the call from Rahul Mehta already has everything in it.');
    expect(await focused()).toBe('Re-process');

    await detail().getByRole('link', { name: 'Rahul Mehta' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/calls\?call=\d+$/);
    // The call's own detail, not the list beside it.
    await expect.poll(() => page.getByRole('region', { name: 'Caller' }).innerText()).toContain('Rahul Mehta');
    // Re-process files the call as replayed: no alert pops for it.
    expect(await page.getByRole('region', { name: 'Call alerts' }).innerText()).not.toContain('Rahul');
    expect((await page.evaluate(() => (window as unknown as { alertsSeen: string[] }).alertsSeen)).join('\n')).not.toContain('Rahul');
  });

  it('links each webhook event of a call to its delivery', async () => {
    await page.locator('details.technical > summary').click();
    await page.locator('.timeline__item > details > summary').first().click();
    const link = page.getByRole('link', { name: /^See delivery #\d+ in Deliveries$/ }).first();
    expect(await link.innerText()).toBe(`See delivery #${seededId} in Deliveries`);
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/deliveries?delivery=${seededId}`);
    await expect.poll(() => detail().locator('h3').innerText()).toBe(`Delivery #${seededId}`);
  });

  it('pages through every delivery with Older', async () => {
    await page.getByRole('button', { name: 'Close' }).click();
    const total = RETRIES + 6;
    await expect.poll(() => rows().count()).toBe(50);
    // By keyboard: focus stays on Older while it loads, then goes to the first row the last page brought.
    await page.getByRole('button', { name: 'Older' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().count()).toBe(100);
    await expect.poll(() => focused()).toBe('Older');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().count()).toBe(total);
    expect(await count()).toBe(`Showing all ${total} deliveries.`);
    expect(await page.getByRole('button', { name: 'Older' }).count()).toBe(0);
    const hundredAndFirst = await rows().nth(100).getByRole('button').getAttribute('id');
    await expect.poll(() => focused()).toBe(hundredAndFirst);
    const ids = await rows()
      .getByRole('button')
      .evaluateAll((els) => els.map((el) => Number(el.id.replace('inspector-row-', ''))));
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('keeps the keyboard on Refresh while it reads again', async () => {
    const refresh = page.getByRole('button', { name: 'Refresh' });
    // Each time the button turns busy, whether it still had the keyboard.
    await refresh.evaluate((button) => {
      const seen: boolean[] = [];
      (window as unknown as { refreshBusy: boolean[] }).refreshBusy = seen;
      new MutationObserver(() => {
        if (button.getAttribute('aria-disabled') === 'true') seen.push(document.activeElement === button);
      }).observe(button, { attributes: true });
    });
    await refresh.focus();
    await page.keyboard.press('Enter');
    const busy = () => page.evaluate(() => (window as unknown as { refreshBusy: boolean[] }).refreshBusy);
    await expect.poll(async () => (await busy()).length).toBeGreaterThan(0);
    await expect.poll(() => focused()).toBe('Refresh');
    expect(await busy()).toEqual((await busy()).map(() => true));
  });

  it('reaches the rows by keyboard and opens one with Enter', async () => {
    await page.getByLabel('Find').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id ?? '');
    expect(focused).toMatch(/^inspector-row-\d+$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => detail().locator('h3').innerText()).toBe(`Delivery #${focused.replace('inspector-row-', '')}`);
  });

  it('shows the catch-up answers tab, empty in words when catch-up never ran', async () => {
    await page.getByRole('link', { name: 'Catch-up answers' }).click();
    await expect.poll(() => page.getByTestId('inspector-empty').innerText()).toContain('Catch-up has kept no answers');
    expect(await page.evaluate(() => location.hash)).toBe('#/deliveries?tab=answers');
  });

  it('shows a webhook that arrives while it is open, and offers newer ones once paged older', async () => {
    await page.goto(`${server.appUrl}#/deliveries`);
    await page.reload();
    await expect.poll(() => rows().count()).toBe(50);
    await send(startBody(lena), 200);
    await expect.poll(() => rows().first().innerText()).toContain('Lena Park');
    expect(await rows().count()).toBe(50);

    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => rows().count()).toBe(100);
    const firstBefore = await rows().first().getByRole('button').getAttribute('id');
    await send(processedBody(lena), 200);
    const newer = page.getByTestId('inspector-newer');
    await expect.poll(() => newer.count()).toBe(1);
    await lookInBoth(page, 'inspector-newer-offered');
    // The person's place is kept: nothing moved under them.
    expect(await rows().count()).toBe(100);
    expect(await rows().first().getByRole('button').getAttribute('id')).toBe(firstBefore);
    await newer.getByRole('button', { name: 'Show them' }).focus();
    await page.keyboard.press('Enter');
    // At once the first page alone (no empty flash), then read again with the new one on top.
    await expect.poll(() => rows().first().getByRole('button').getAttribute('id')).not.toBe(firstBefore);
    expect(await rows().count()).toBe(50);
    expect(await rows().first().innerText()).toContain('Lena Park');
    expect(await newer.count()).toBe(0);
    await expect.poll(() => focused()).toBe(await rows().first().getByRole('button').getAttribute('id'));
  });

  it('follows a burst of 40 webhooks with a few reads, never cancelling one, and lists them all', async () => {
    await page.goto(`${server.appUrl}#/deliveries`);
    await page.reload();
    await expect.poll(() => rows().count()).toBe(50);
    let reads = 0;
    const countReads = (request: Request) => {
      if (new URL(request.url()).pathname === '/api/deliveries') reads++;
    };
    page.on('request', countReads);
    const burst: CallPlay[] = Array.from({ length: BURST }, (_, i) => ({
      callerNumber: `905555${String(7000 + i)}`,
      callerName: `Burst Caller ${i + 1}`,
      ringMs: Date.now() - 30_000 + i * 100,
      telmetricsId: String(310000001000 + i),
    }));
    try {
      await Promise.all(burst.map((c) => send(startBody(c), 200)));
      const names = () => rows().evaluateAll((els) => els.slice(0, 40).map((el) => el.textContent ?? ''));
      const missing = async () => {
        const shown = await names();
        return burst.filter((c) => !shown.some((text) => text.includes(`for ${c.callerName}:`))).length;
      };
      await expect.poll(missing, { timeout: 15_000 }).toBe(0);
      // Settled (the trailing read, if any, has come and gone): a handful of reads, not one per webhook.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await expect.poll(() => page.getByRole('button', { name: 'Refresh' }).innerText()).toBe('Refresh');
      expect(reads).toBeGreaterThan(0);
      expect(reads).toBeLessThanOrEqual(6);
      expect(await rows().count()).toBe(50);
    } finally {
      page.off('request', countReads);
    }
  });

  it('holds new deliveries behind the offer while the keyboard is in the list', async () => {
    const second = rows().nth(1).getByRole('button').first();
    const secondId = await second.getAttribute('id');
    const firstBefore = await rows().first().getByRole('button').first().getAttribute('id');
    await second.focus();
    await send(startBody({ callerNumber: '9055558800', callerName: 'Held Caller', ringMs: Date.now() - 10_000, telmetricsId: '310000002000' }), 200);
    const newer = page.getByTestId('inspector-newer');
    await expect.poll(() => newer.count()).toBe(1);
    // Nothing moved, and the row keeps the keyboard.
    expect(await rows().first().getByRole('button').first().getAttribute('id')).toBe(firstBefore);
    expect(await focused()).toBe(secondId);
    // Show them: stays, busy, until the newest are read; then the keyboard goes to the first of them.
    await newer.getByRole('button', { name: 'Show them' }).click();
    await expect.poll(() => rows().first().innerText()).toContain('Held Caller');
    await expect.poll(() => newer.count()).toBe(0);
    await expect.poll(() => focused()).toBe(await rows().first().getByRole('button').first().getAttribute('id'));
  });

  it('ran no script and broke no Content-Security-Policy rule', () => {
    expect(win.problems).toEqual([]);
  });
});
