// More people to call back than the list holds, in real Chromium against the real headless server: 812
// callers who missed us, the list cut at its 500 most recent. The tab and the "N people" line count all
// 812, the view says it shows only the most recent, and a new missed call and a Done keep the count true.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase } from '../../electron/core/store/db';
import { FOLLOW_UPS_LISTED } from '../../electron/core/store/followUps';
import { missedCall } from '../support/missedCalls';
import { callDeliveries } from '../support/payloads';
import { incoming } from '../support/readerHistory';
import { playCall } from './webhooks';
import {
  bothThemes,
  dismissToasts,
  ensureWindowBuilt,
  launchChromium,
  openWindow,
  startServer,
  stopTestWindow,
  type TestServer,
  type WindowPage,
} from './window';

const CALLERS = FOLLOW_UPS_LISTED + 312;
// 500 entries on the page (each reading its calls) on a shared machine: a change can take longer than a second to show.
const SLOW = { timeout: 10_000 };

let server: TestServer;
let browser: Browser;
let win: WindowPage;

/** CALLERS missed calls, each from its own number, stored by the store's own ingest before the server starts. */
function manyCallers(dataDir: string): void {
  const db = openDatabase(dataDir);
  const store = new CallStore(db);
  try {
    const calls = Array.from({ length: CALLERS }, (_, i) =>
      callDeliveries(missedCall(i + 1, { telmetricsId: 5_500_000_000, callerNumber: 4_165_580_000 })),
    );
    store.ingestBatch(calls.flatMap((d) => [incoming(d.start), incoming(d.preprocessed)]));
  } finally {
    store.close();
    db.close();
  }
}

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([startServer([], manyCallers), launchChromium()]);
  win = await openWindow(browser, server.appUrl, { hash: '#/call-backs' });
}, 60_000);

afterAll(() => stopTestWindow({ server, browser, win }));

describe('to call back, more people than the list holds', () => {
  it('counts everyone in the tab and the line, and says the list shows the most recent', async () => {
    const { page } = win;
    const count = page.getByTestId('call-backs-count');
    const tab = page.getByTestId('call-backs-tab-count');
    const cut = page.getByTestId('call-backs-cut');
    const entries = page
      .getByRole('list', { name: 'People to call back' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading') });
    await expect.poll(() => count.innerText().catch(() => ''), SLOW).toBe(`${CALLERS} people`);
    expect(await tab.innerText()).toBe(String(CALLERS));
    expect(await cut.innerText()).toBe(`Showing the 500 most recent of ${CALLERS}. The 312 older ones come up here as these are done.`);
    expect(await entries.count()).toBe(FOLLOW_UPS_LISTED);
    await bothThemes(page, 'call-backs-past-the-list');

    // A new missed call, pushed: counted at once.
    await playCall(server.webhookUrl, {
      callerNumber: '9055809999',
      callerName: 'Rosa Diaz',
      ringMs: Date.now() - 60_000,
      telmetricsId: '5590000001',
      answered: false,
      seconds: 0,
    });
    await expect.poll(() => tab.innerText(), SLOW).toBe(String(CALLERS + 1));
    expect(await count.innerText()).toBe(`${CALLERS + 1} people`);
    await dismissToasts(page);

    // One marked done: the list is read again, still the 500 most recent, one fewer in all.
    await entries.first().getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => tab.innerText(), SLOW).toBe(String(CALLERS));
    await expect
      .poll(() => cut.innerText(), SLOW)
      .toBe(`Showing the 500 most recent of ${CALLERS}. The 312 older ones come up here as these are done.`);
    expect(await count.innerText()).toBe(`${CALLERS} people`);
    expect(await entries.count()).toBe(FOLLOW_UPS_LISTED);
    expect(win.problems).toEqual([]);
  }, 120_000);
});
