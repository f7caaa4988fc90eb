// Dates and durations as a front-desk person reads them, in the PC's own zone unless one is given.

import { localDay, machineTimeZone, startOfDay } from './timeZone';

/** "2:14 PM": the wall-clock time in `timeZone`. */
export function formatClock(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** "2:14 PM" today, "Yesterday", "Nov 12" this year, "Nov 12, 2024" before. */
export function formatWhen(iso: string, now: number, timeZone: string = machineTimeZone(), withTime = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const time = formatClock(ms, timeZone);
  const today = localDay(now, timeZone);
  const day = localDay(ms, timeZone);
  if (day === today) return withTime ? `today ${time}` : time;
  if (day === localDay(startOfDay(now, timeZone, -1), timeZone)) return withTime ? `yesterday ${time}` : 'Yesterday';
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  const date = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ms);
  return withTime ? `${date} ${time}` : date;
}

/** 7 → "0:07", 125 → "2:05", 3725 → "1:02:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds < 0) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "Dec 1, 2:07:13 PM", with the year when not this year ("Nov 30, 2025, 11:59:59 PM"): the inspector's exact times. */
export function formatExactTime(iso: string, now: number, timeZone: string = machineTimeZone()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const sameYear = localDay(ms, timeZone).slice(0, 4) === localDay(now, timeZone).slice(0, 4);
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  }).format(ms);
}

const MB = 1024 * 1024;

/** "3.2 MB", "900 kB", "120 bytes": a body's, a recording's or a budget's size. */
export function sizeInWords(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
}
