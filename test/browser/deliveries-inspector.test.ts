// The deliveries inspector in real Chromium against the real headless server, fed real signed webhooks over
// HTTP, plus the canonical "failed before a fix" row (rejected by an older version, seeded with better-sqlite3
// between two starts): filter, search, the links to the calls, invalid JSON pointed at, Re-process, paging.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureOf } from '../../electron/core/ingest/signature';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { testCallStartBody } from '../../shared/tunnel/testCall';
import { postWebhook, tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';
import { startVendorApiStandIn, type VendorApiStandIn } from '../support/vendorApiStandIn';
import { processedBody, startBody, type CallPlay } from './webhooks';
import {
  bothThemes,
  dismissToasts,
  ensureWindowBuilt,
  launchChromium,
  openWindow,
  startServer,
  unnamedControls,
  type TestServer,
  type WindowPage,
} from './window';

const SECRET = 'inspector-secret-of-at-least-32-chars';
const RETRIES = 100;
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
async function send(body: string, status: number, wrongly = false): Promise<void> {
  const signature = signatureOf(Buffer.from(wrongly ? `${body} ` : body), SECRET);
  const res = await postWebhook(server.webhookUrl, body, { 'ms-signature': signature });
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
  await send(processedBody(priya), 200);
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
    expect(await detail().getByRole('table').innerText()).toContain('ms-signature');
    expect(await detail().innerText()).toContain('Valid: signed with the webhook secret');
    expect(await detail().getByTestId('body-pretty').innerText()).toContain('\n  "Notifications": [\n');
    expect(await detail().getByTestId('body-kept').innerText()).toBe('The whole body is kept.');
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/deliveries\?kind=accepted&delivery=\d+$/);
    await bothThemes(page, 'inspector-detail-json');
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
    await bothThemes(page, 'inspector-detail-invalid-json');
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
    await detail().getByRole('button', { name: 'Re-process' }).click();
    const said = detail().getByRole('status');
    await expect.poll(() => said.innerText()).toBe('Applied: the call from Rahul Mehta is up to date now.');
    await expect.poll(() => detail().locator('.badge').first().innerText()).toBe('Accepted');
    await expect.poll(() => rows().first().getAttribute('data-kind')).toBe('accepted');
    await expect.poll(() => filter(/^Rejected/).innerText()).toBe('Rejected (1)');
    await bothThemes(page, 'inspector-after-reprocess');

    await detail().getByRole('button', { name: 'Re-process' }).click();
    await expect.poll(() => said.innerText()).toBe('Nothing to change: the call from Rahul Mehta already has everything in it.');

    await detail().getByRole('link', { name: 'Rahul Mehta' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/calls\?call=\d+$/);
    await expect.poll(() => page.locator('.call-detail, main').first().innerText()).toContain('Rahul Mehta');
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
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => rows().count()).toBe(100);
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => rows().count()).toBe(total);
    expect(await count()).toBe(`Showing all ${total} deliveries.`);
    expect(await page.getByRole('button', { name: 'Older' }).count()).toBe(0);
    const ids = await rows()
      .getByRole('button')
      .evaluateAll((els) => els.map((el) => Number(el.id.replace('inspector-row-', ''))));
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
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

  it('ran no script and broke no Content-Security-Policy rule', () => {
    expect(win.problems).toEqual([]);
  });
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
    await bothThemes(p, 'inspector-answers');
    await pane.getByRole('link', { name: 'Ana Silva' }).click();
    await expect.poll(() => p.evaluate(() => location.hash)).toMatch(/^#\/calls\?call=\d+$/);
    expect(answers.problems).toEqual([]);
  });
});
