// Catch-up's decisions, apart from any I/O: which time range a run asks for, how it is cut into requests,
// when to ask again after a refusal or a failure, and the one summary alert a run raises.

import type { Alert } from '../domain';
import { reconnectDelay } from '../tunnel/backoff';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
/** Recordings and transcripts arrive hours late: every run re-reads this much before the cursor. */
export const OVERLAP_MS = 2 * DAY_MS;
/** A first run with no cursor and no number of days asked for covers this much. */
export const FIRST_RUN_DAYS = 7;
/** One request spans at most this much, so an answer stays small and a failure costs little. */
export const WINDOW_MS = DAY_MS;
/** The vendor's webhooks retry for about 5 minutes: a longer silence lost calls that only the API has. */
export const OUTAGE_MIN_MS = 5 * MINUTE_MS;

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * What a run covers, in epoch ms: from the cursor less the overlap, or the last `days` days asked for (and
 * never less than the normal run, so the cursor stays contiguous), or the first-run default; up to now.
 */
export function runRange(coveredUntil: number | null, now: number, days?: number): TimeRange {
  const normal = coveredUntil === null ? now - FIRST_RUN_DAYS * DAY_MS : Math.min(coveredUntil, now) - OVERLAP_MS;
  const from = days === undefined ? normal : Math.min(normal, now - days * DAY_MS);
  return { from, to: now };
}

/**
 * The range cut into requests of at most `span`, oldest first. Each starts a second before the previous
 * ended: the API's bounds may be exclusive, and the store merges the overlap.
 */
export function requestWindows(range: TimeRange, span = WINDOW_MS): TimeRange[] {
  const windows: TimeRange[] = [];
  for (let start = range.from; start < range.to; start += span) {
    windows.push({ from: start === range.from ? start : start - 1000, to: Math.min(start + span, range.to) });
  }
  return windows;
}

/** The API's UTC date form: `YYYY-MM-DDTHH:mm:ss`, no zone letter (what working public clients send). */
export function apiUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** How many pages the answer says there are: ceil(total / the page size it used), never the size asked for. */
export function pageCount(paging: { pageNumber?: unknown; pageSize?: unknown; total?: unknown } | undefined, rowsOnPage: number): number {
  const size = Number(paging?.pageSize);
  const total = Number(paging?.total);
  if (!Number.isFinite(total) || total <= 0) return 1;
  const perPage = Number.isFinite(size) && size > 0 ? size : rowsOnPage;
  return perPage > 0 ? Math.ceil(total / perPage) : 1;
}

/** A Retry-After header (seconds, or an HTTP date) as a wait in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait before retry `attempt` (1-based) of a request the API failed (5xx, timeout, no network), with jitter. */
export function requestRetryDelay(attempt: number, random: number, baseMs: number, capMs: number): number {
  return reconnectDelay(attempt, random, baseMs, capMs);
}

/** The wait before the next run after `failures` runs in a row ended waiting: from 1–2 minutes, doubling, at most 15. */
export function runRetryDelay(failures: number, random: number): number {
  return reconnectDelay(failures, random, 2 * MINUTE_MS, 15 * MINUTE_MS);
}

/** The silence between two signs of life (heartbeats, a start) when it was long enough to lose calls; else null. */
export function outageBetween(lastAlive: number | null, now: number): TimeRange | null {
  if (lastAlive === null || now - lastAlive < OUTAGE_MIN_MS) return null;
  return { from: lastAlive, to: now };
}

/** The tunnel is back after being lost: webhooks of the gap went nowhere. Its first connection at start is not a return. */
export function tunnelCameBack(previous: string, next: string): boolean {
  return next === 'online' && (previous === 'reconnecting' || previous === 'failed');
}

/** Why a run's calls were not known: the PC was off or asleep, or they never arrived (a broken tunnel, a dropped webhook). */
export type CatchUpCause = 'import' | 'off' | 'missed-webhooks';

/**
 * The one alert a run that added calls raises, instead of a pop per call: they did not ring on this PC.
 * An import of past days raises none: the person asked for it and is looking at the window.
 */
export function catchUpAlert(added: number, missed: number, cause: CatchUpCause): Alert | null {
  if (added <= 0 || cause === 'import') return null;
  const calls = `${added} ${added === 1 ? 'call' : 'calls'}`;
  return {
    title: cause === 'off' ? `${calls} while this PC was off` : `${calls} that did not reach this PC`,
    body: missed > 0 ? `${missed} missed — open the call list` : 'Open the call list to see them',
  };
}
