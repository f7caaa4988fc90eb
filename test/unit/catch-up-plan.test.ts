// Catch-up's decisions: the range a run covers, its windows, Retry-After, outages and the summary alert.

import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  FIRST_RUN_DAYS,
  OVERLAP_MS,
  apiUtc,
  catchUpAlert,
  outageBetween,
  pageCount,
  requestWindows,
  retryAfterMs,
  runRange,
  tunnelCameBack,
} from '../../shared/catchUp/plan';

const NOW = Date.parse('2026-12-01T13:00:00Z');

describe('the range a run covers', () => {
  it('is the last 7 days without a cursor, the cursor less the overlap with one', () => {
    expect(runRange(null, NOW)).toEqual({ from: NOW - FIRST_RUN_DAYS * DAY_MS, to: NOW });
    expect(runRange(NOW - 3_600_000, NOW)).toEqual({ from: NOW - 3_600_000 - OVERLAP_MS, to: NOW });
  });

  it('imports N days, never leaving a hole after an older cursor', () => {
    expect(runRange(NOW - DAY_MS, NOW, 30).from).toBe(NOW - 30 * DAY_MS);
    expect(runRange(NOW - 20 * DAY_MS, NOW, 1).from).toBe(NOW - 22 * DAY_MS);
  });

  it('does not reach into the future from a cursor past the clock', () => {
    expect(runRange(NOW + DAY_MS, NOW).from).toBe(NOW - OVERLAP_MS);
  });
});

describe('windows of a run', () => {
  it('span a day at most, overlap by a second and end at the range’s end', () => {
    const windows = requestWindows({ from: NOW - 2.5 * DAY_MS, to: NOW });
    expect(windows).toHaveLength(3);
    expect(windows[0]).toEqual({ from: NOW - 2.5 * DAY_MS, to: NOW - 1.5 * DAY_MS });
    expect(windows[1]!.from).toBe(windows[0]!.to - 1000);
    expect(windows.at(-1)!.to).toBe(NOW);
    expect(requestWindows({ from: NOW, to: NOW })).toEqual([]);
  });

  it('write dates as the API reads them', () => {
    expect(apiUtc(Date.parse('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05');
  });
});

describe('reading an answer and its refusals', () => {
  it('counts pages by the answer’s own page size', () => {
    expect(pageCount({ pageNumber: 1, pageSize: 100, total: 895 }, 100)).toBe(9);
    expect(pageCount({ pageSize: 7, total: 30 }, 7)).toBe(5);
    expect(pageCount(undefined, 12)).toBe(1);
    expect(pageCount({ total: 0, pageSize: 100 }, 0)).toBe(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3', NOW)).toBe(3000);
    expect(retryAfterMs(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(retryAfterMs(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });
});

describe('outages and the summary', () => {
  it('counts a silence as an outage once webhooks’ retries are over', () => {
    expect(outageBetween(NOW - 60_000, NOW)).toBeNull();
    expect(outageBetween(NOW - 3_600_000, NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(outageBetween(null, NOW)).toBeNull();
  });

  it('says how many calls came and how many were missed, once', () => {
    expect(catchUpAlert(7, 3, 'off')).toEqual({ title: '7 calls while this PC was off', body: '3 missed — open the call list' });
    expect(catchUpAlert(1, 0, 'missed-webhooks')).toEqual({ title: '1 call that did not reach this PC', body: 'Open the call list to see them' });
    expect(catchUpAlert(0, 0, 'off')).toBeNull();
    expect(catchUpAlert(500, 20, 'import')).toBeNull();
  });

  it('treats the tunnel’s return, not its first connection, as a reason to run', () => {
    expect(tunnelCameBack('reconnecting', 'online')).toBe(true);
    expect(tunnelCameBack('failed', 'online')).toBe(true);
    expect(tunnelCameBack('starting', 'online')).toBe(false);
    expect(tunnelCameBack('online', 'online')).toBe(false);
  });
});
