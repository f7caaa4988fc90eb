// The call list read by day: a header before each calendar day's calls, with how many calls that day has and
// how many of its callers are still to be called back, counted from the rows loaded so far.

import type { Call } from '../../../shared/domain';
import { localDay, machineTimeZone, startOfDay } from '../../../shared/timeZone';

export interface CallDay {
  /** "2019-11-15", or "" for calls whose start is not known. */
  key: string;
  /** "Today", "Yesterday", "Mon, Nov 30", "Mon, Nov 30, 2024", "Time not known". */
  label: string;
  calls: number;
  /** Distinct callers of the day whose call-back entry is still open. */
  toCallBack: number;
  /** More of this day's calls may be in pages not loaded yet. */
  partial: boolean;
}

export type ListItem = { kind: 'day'; day: CallDay } | { kind: 'call'; call: Call; index: number; day: CallDay };

/** The calendar day a call started on, in `timeZone`; "" when its start is not known. */
export function callDayKey(call: Call, timeZone: string): string {
  const ms = call.startedAt ? Date.parse(call.startedAt) : Number.NaN;
  return Number.isNaN(ms) ? '' : localDay(ms, timeZone);
}

/** The day's name as a front desk reads it: "Today", "Yesterday", else the weekday and date. */
export function dayLabel(key: string, now: number, timeZone: string = machineTimeZone()): string {
  if (key === '') return 'Time not known';
  if (key === localDay(now, timeZone)) return 'Today';
  if (key === localDay(startOfDay(now, timeZone, -1), timeZone)) return 'Yesterday';
  // Noon UTC of that date names the same weekday and date in any zone's calendar.
  const noon = Date.parse(`${key}T12:00:00Z`);
  const sameYear = key.slice(0, 4) === localDay(now, timeZone).slice(0, 4);
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(noon);
}

/** "Today · 23 calls · 4 to call back"; "23+ calls" when more of the day is still to load. */
export function dayHeaderText(day: CallDay): string {
  const count = `${day.calls}${day.partial ? '+' : ''} ${day.calls === 1 && !day.partial ? 'call' : 'calls'}`;
  return [day.label, count, day.toCallBack > 0 ? `${day.toCallBack} to call back` : null].filter(Boolean).join(' · ');
}

/**
 * The rows (newest first) with a header before each day. Only the last day can be partial: the list is in
 * start order, so every day above it is whole once the next day's first call is loaded.
 */
export function listItems(rows: readonly Call[], now: number, complete: boolean, timeZone: string = machineTimeZone()): ListItem[] {
  const items: ListItem[] = [];
  let day: CallDay | null = null;
  let owed = new Set<string>();
  rows.forEach((call, index) => {
    const key = callDayKey(call, timeZone);
    if (day?.key !== key) {
      day = { key, label: dayLabel(key, now, timeZone), calls: 0, toCallBack: 0, partial: false };
      owed = new Set();
      items.push({ kind: 'day', day });
    }
    day.calls++;
    if (call.followUpState === 'open') {
      owed.add(call.callerNumber ?? `call ${call.id}`);
      day.toCallBack = owed.size;
    }
    items.push({ kind: 'call', call, index, day });
  });
  const last = items.findLast((item) => item.kind === 'day');
  if (last && !complete) last.day.partial = true;
  return items;
}
