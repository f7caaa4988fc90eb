// The day of the upgrade in real Chromium against the real headless server: the call-backs of a history from
// before them (60,000 callers who missed us) are counted after start, and until they are the "To call back"
// view says it is still counting instead of "Nobody to call back" or a partial count; then the list comes.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { openDatabase } from '../../electron/core/store/db';
import { BUILD_FLAG } from '../../electron/core/store/followUps';
import { callDeliveries } from '../support/payloads';
import { bothThemes, ensureWindowBuilt, launchChromium, openWindow, startServer, stopTestWindow, type TestServer, type WindowPage } from './window';

const CALLERS = 60_000;

let server: TestServer;
let browser: Browser;
let win: WindowPage;

const delivery = (body: string): IncomingDelivery => ({
  receivedAt: new Date().toISOString(),
  headers: {},
  body: Buffer.from(body),
  signature: 'not-checked',
});

/** One missed call stored as ingest stores it, copied to CALLERS numbers a minute apart, left as an upgrade leaves it: no entries, the flag set. */
function upgradedHistory(dataDir: string): void {
  const db = openDatabase(dataDir);
  const store = new CallStore(db);
  store.close();
  const spec = {
    telmetricsId: '5100000001',
    callerNumber: '9050000000',
    localStart: '2026-11-02T09:00:00',
    ringUtc: '2026-11-02T14:00:00.000',
    answered: false,
  };
  const d = callDeliveries(spec);
  store.ingestBatch([delivery(d.start), delivery(d.processed)]);
  const number = `printf('905%07d', i)`;
  const earlier = (iso: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${iso}, -i || ' minutes')`;
  const copied: Record<string, string> = {
    id: 'NULL',
    telmetrics_id: `'52' || printf('%08d', i)`,
    caller_number: number,
    started_ms: 'started_ms - i * 60000',
    ended_ms: 'ended_ms - i * 60000',
    data: `json_set(data, '$.callerNumber', ${number}, '$.telmetricsId', '52' || printf('%08d', i), ${['ringAt', 'startedAt', 'endedAt']
      .map((key) => `'$.${key}', ${earlier(`json_extract(data, '$.${key}')`)}`)
      .join(', ')})`,
  };
  const columns = db
    .prepare<[], { name: string }>(`PRAGMA table_info(calls)`)
    .all()
    .map((c) => c.name);
  db.exec(`
    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CALLERS - 1})
    INSERT INTO calls (${columns.join(', ')}) SELECT ${columns.map((c) => copied[c] ?? c).join(', ')} FROM calls, n WHERE calls.id = 1;
    DELETE FROM follow_ups; DELETE FROM follow_up_calls;
    INSERT OR REPLACE INTO settings (key, value) VALUES ('${BUILD_FLAG}', '1');
  `);
  db.close();
}

beforeAll(async () => {
  ensureWindowBuilt();
  [server, browser] = await Promise.all([startServer([], upgradedHistory), launchChromium()]);
  win = await openWindow(browser, server.appUrl, { hash: '#/call-backs' });
}, 60_000);

afterAll(() => stopTestWindow({ server, browser, win }));

describe('to call back, on the day of the upgrade', () => {
  it('says it is still counting the history, then lists everyone', async () => {
    const { page } = win;
    const counting = page.getByTestId('call-backs-counting');
    // The view while it says it is counting, read in one look at the page: the count may end between two separate
    // reads on a loaded machine. Neither "nobody" nor a count of those counted so far may stand beside it.
    const view = () =>
      page.evaluate(() => ({
        counting: document.querySelector('[data-testid="call-backs-counting"]')?.textContent ?? null,
        nobody: document.querySelectorAll('.call-backs__none').length,
        count: document.querySelectorAll('[data-testid="call-backs-count"]').length,
        tab: document.querySelectorAll('[data-testid="call-backs-tab-count"]').length,
      }));
    await counting.waitFor();
    expect(await view()).toEqual({ counting: expect.stringContaining('Still counting call-backs from your history…'), nobody: 0, count: 0, tab: 0 });
    await bothThemes(page, 'call-backs-counting');

    await counting.waitFor({ state: 'detached', timeout: 120_000 });
    await page.getByTestId('call-backs-count').waitFor();
    await page.getByTestId('call-backs-tab-count').waitFor();
    expect(await page.getByRole('list', { name: 'People to call back' }).getByRole('listitem').count()).toBeGreaterThan(100);
    expect(win.problems).toEqual([]);
  }, 180_000);
});
