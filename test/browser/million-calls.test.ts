// Browsing a large generated history (npm run gen -- --calls 1000000 --data-dir DIR), measured and reported,
// not timed: set CALL_ALERTS_BROWSE_DIR=DIR to run it. It copies nothing: the server opens DIR itself.
//   CALL_ALERTS_BROWSE_DIR=/tmp/calls-1m npx vitest run test/browser/million-calls.test.ts

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdSourcesResponse, HealthOk, ListCallsResponse } from '../../shared/api';
import type { Call } from '../../shared/domain';
import { ROOT, spawnHeadless, type HeadlessServer } from '../support/headless';
import { ensureWindowBuilt, launchChromium, openWindow, screenshot, type WindowPage } from './window';

const DIR = process.env.CALL_ALERTS_BROWSE_DIR;
const REPORT = path.join(ROOT, 'test-results', 'million-calls.json');
const RUNS = 15;

interface Timing {
  name: string;
  query: string;
  rows: number;
  p50: number;
  p95: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

describe.skipIf(!DIR)('browsing a generated history of a million calls', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let win: WindowPage;
  const report: Record<string, unknown> = {};

  async function api<T>(pathAndQuery: string): Promise<T> {
    const res = await server.appFetch(pathAndQuery);
    expect(res.status, pathAndQuery).toBe(200);
    return (await res.json()) as T;
  }

  /** Wall time of the HTTP answer on loopback: the server's work plus a loopback round trip. */
  async function timed(name: string, query: string): Promise<Timing> {
    const warm = performance.now();
    await api(query);
    // A query that takes seconds is measured a few times only, so the run still ends.
    const runs = performance.now() - warm > 2000 ? 3 : RUNS;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const body = await api<ListCallsResponse | AdSourcesResponse>(query);
      times.push(performance.now() - start);
      rows = 'calls' in body ? body.calls.length : body.channels.length;
    }
    times.sort((a, b) => a - b);
    return { name, query, rows, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times.at(-1)!) };
  }

  beforeAll(async () => {
    ensureWindowBuilt();
    const started = performance.now();
    server = await spawnHeadless(['--data-dir', DIR!, '--webhook-port', '0', '--app-port', '0'], 120_000);
    report.serverStartMs = Math.round(performance.now() - started);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await win?.context.close();
    await browser?.close();
    await server?.stop();
    fs.mkdirSync(path.dirname(REPORT), { recursive: true });
    fs.writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
  });

  it('answers the first page, deep pages and every kind of search on the server', async () => {
    const health = await api<HealthOk>('/api/health');
    report.calls = health.calls;
    const first = await api<ListCallsResponse>('/api/calls?limit=100');
    const sample = first.calls.find((c) => c.callerName && c.transcript && c.callerCity) as Call;
    expect(sample).toBeDefined();
    const name = sample.callerName!.split(/\s+/).at(-1)!.slice(0, 4);
    const fragment = sample.callerNumber!.slice(3, 7);
    const word = sample
      .transcript!.split(/[^A-Za-z]+/)
      .find((w) => w.length >= 7)!
      .toLowerCase();
    const city = sample.callerCity!;
    const { channels } = await api<AdSourcesResponse>('/api/ad-sources');
    const channel = channels[0]!;
    const newest = Date.parse(first.calls[0]!.startedAt!);
    const monthAgo = new Date(newest - 30 * 86_400_000).toISOString();

    const timings: Timing[] = [];
    timings.push(await timed('first page', '/api/calls?limit=100'));
    let cursor = first.nextCursor!;
    let depth = 100;
    for (let i = 0; i < 200 && depth + 200 < health.calls; i++, depth += 200)
      cursor = (await api<ListCallsResponse>(`/api/calls?limit=200&cursor=${cursor}`)).nextCursor!;
    timings.push(await timed(`keyset page ${depth.toLocaleString('en-US')} calls deep`, `/api/calls?limit=100&cursor=${cursor}`));
    timings.push(await timed(`name prefix "${name}"`, `/api/calls?limit=100&q=${encodeURIComponent(name)}`));
    timings.push(await timed(`number fragment "${fragment}"`, `/api/calls?limit=100&q=${fragment}`));
    timings.push(await timed(`transcript word "${word}"`, `/api/calls?limit=100&q=${encodeURIComponent(word)}`));
    timings.push(await timed(`city "${city}"`, `/api/calls?limit=100&q=${encodeURIComponent(city)}`));
    timings.push(await timed('status missed', '/api/calls?limit=100&status=missed'));
    timings.push(await timed(`ad source "${channel.sources[0]}"`, `/api/calls?limit=100&adSource=${encodeURIComponent(channel.sources[0]!)}`));
    timings.push(await timed(`ad channel "${channel.channel}"`, `/api/calls?limit=100&adChannel=${encodeURIComponent(channel.channel)}`));
    timings.push(await timed('has transcript', '/api/calls?limit=100&hasTranscript=true'));
    timings.push(await timed('last 30 days', `/api/calls?limit=100&from=${monthAgo}`));
    timings.push(
      await timed(`"${word}" + answered + last 30 days`, `/api/calls?limit=100&q=${encodeURIComponent(word)}&status=answered&from=${monthAgo}`),
    );
    // The worst case: a frequent word and a filter that leaves nothing (missed calls have no transcript).
    timings.push(await timed(`"${word}" + missed (no match)`, `/api/calls?limit=100&q=${encodeURIComponent(word)}&status=missed`));
    timings.push(await timed('ad-source list', '/api/ad-sources'));
    report.server = timings;
    console.table(timings);
    for (const t of timings.filter((t) => !t.name.includes('(no match)'))) expect(t.rows, t.name).toBeGreaterThan(0);
  }, 600_000);

  it('opens the window and scrolls through pages without keeping more than a screenful of rows', async () => {
    const opened = performance.now();
    win = await openWindow(browser, server.appUrl);
    const page = win.page;
    const listRequests: number[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/calls') listRequests.push(performance.now());
    });
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    report.firstRowsVisibleMs = Math.round(performance.now() - opened);
    await screenshot(page, 'million-calls-light');

    // Flick the list for 10 s (about 400 px a frame) and watch the frames and the main thread.
    const scroll = await page.evaluate(async () => {
      const list = document.querySelector<HTMLElement>('[role="listbox"]')!;
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((entries) => entries.getEntries().forEach((e) => longTasks.push(e.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      const gaps: number[] = [];
      let maxRows = 0;
      const end = performance.now() + 10_000;
      let last = performance.now();
      await new Promise<void>((done) => {
        const step = (t: number) => {
          gaps.push(t - last);
          last = t;
          list.scrollTop += 400;
          maxRows = Math.max(maxRows, list.querySelectorAll('[role="option"]').length);
          if (t < end) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      observer.disconnect();
      gaps.sort((a, b) => a - b);
      return {
        frames: gaps.length,
        frameP50: gaps[Math.floor(gaps.length / 2)]!,
        frameP95: gaps[Math.floor(gaps.length * 0.95)]!,
        frameMax: gaps.at(-1)!,
        longTasks: longTasks.length,
        longestTask: Math.max(0, ...longTasks),
        maxRowsInDom: maxRows,
        rowsScrolled: Math.floor(list.scrollTop / 64),
      };
    });
    report.scroll = { ...scroll, pagesRequested: listRequests.length };
    console.log('scroll', report.scroll);
    expect(scroll.maxRowsInDom).toBeLessThan(60);
    expect(listRequests.length).toBeGreaterThan(5);
    expect(scroll.rowsScrolled).toBeGreaterThan(500);

    // Search as you type in the window: typing to the new rows on screen (includes the 250 ms pause).
    await page.getByRole('listbox', { name: 'Calls' }).evaluate((el) => (el.scrollTop = 0));
    await page.waitForFunction(() => document.querySelector('.calls__list')?.getAttribute('aria-busy') === 'false');
    const typed = performance.now();
    await page.getByRole('searchbox', { name: 'Search calls' }).fill('furnace');
    await page.waitForFunction(
      () => location.hash.includes('q=furnace') && document.querySelector('.calls__list')?.getAttribute('aria-busy') === 'false',
      undefined,
      { polling: 'raf' },
    );
    report.searchInWindowMs = Math.round(performance.now() - typed);
    expect(await page.locator('[role="option"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'million-calls-search-light');
    expect(win.problems).toEqual([]);
  }, 120_000);
});
