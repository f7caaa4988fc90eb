// What the "To call back" view says about a call-back entry, from the entry, its calls and the clock: pure, so
// the words are tested without a window.

import type { FollowUpsEvent, FollowUpsResponse } from '../../../shared/api';
import type { Call, FollowUp, FollowUpState } from '../../../shared/domain';
import { formatClock, formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';
import { localDay, machineTimeZone } from '../../../shared/timeZone';

/** "2:14 PM" today, "yesterday 2:14 PM", "Nov 30 2:14 PM" before: a call-back is about when to the minute. */
export function whenText(iso: string, now: number, timeZone: string = machineTimeZone()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return localDay(ms, timeZone) === localDay(now, timeZone) ? formatClock(ms, timeZone) : formatWhen(iso, now, timeZone, true);
}

/** "3 missed calls, last 2:14 PM", "Missed call, 2:14 PM", "Voicemail, 9:05 AM", "3 calls with a voicemail, last 9:05 AM". */
export function entrySummary(entry: Pick<FollowUp, 'calls' | 'reason' | 'lastCallAt'>, now: number, timeZone?: string): string {
  const when = whenText(entry.lastCallAt, now, timeZone);
  if (entry.calls <= 1) return `${entry.reason === 'voicemail' ? 'Voicemail' : 'Missed call'}, ${when}`;
  return `${entry.calls} ${entry.reason === 'voicemail' ? 'calls with a voicemail' : 'missed calls'}, last ${when}`;
}

/** "Reached on a later call, 2:40 PM" / "Marked done by Front desk, 2:45 PM"; null while the entry is open. */
export function resolutionText(entry: Pick<FollowUp, 'state' | 'resolution' | 'doneAt' | 'doneBy'>, now: number, timeZone?: string): string | null {
  if (entry.state !== 'done' || !entry.doneAt) return null;
  const when = whenText(entry.doneAt, now, timeZone);
  if (entry.resolution === 'reached-later') return `Reached on a later call, ${when}`;
  return entry.doneBy ? `Marked done by ${entry.doneBy}, ${when}` : `Marked done, ${when}`;
}

/** The entries closed on the PC's today, newest first (the "Done today" section). */
export function doneToday(entries: readonly FollowUp[], now: number, timeZone: string = machineTimeZone()): FollowUp[] {
  const today = localDay(now, timeZone);
  return entries
    .filter((e) => e.state === 'done' && e.doneAt !== null && localDay(Date.parse(e.doneAt), timeZone) === today)
    .sort((a, b) => Date.parse(b.doneAt!) - Date.parse(a.doneAt!));
}

const newestFirst = (a: FollowUp, b: FollowUp) => Date.parse(b.lastCallAt) - Date.parse(a.lastCallAt) || b.id - a.id;

/**
 * A pushed change into a cached list of one state: changed entries leave it, those now in that state come back
 * in, newest last call first (as the core lists them). A `cut` list (the core listed only the most recent) takes
 * in no entry older than its last one: that entry was beyond the cut, and is still counted there.
 */
export function withChangedEntries(list: readonly FollowUp[], changed: readonly FollowUp[], state: FollowUpState, cut = false): FollowUp[] {
  const ids = new Set(changed.map((e) => e.id));
  const last = list.at(-1);
  const within = (e: FollowUp) => !cut || last === undefined || newestFirst(e, last) <= 0;
  return [...list.filter((e) => !ids.has(e.id)), ...changed.filter((e) => e.state === state && within(e))].sort(newestFirst);
}

/** A cached list with a push written in: its changed entries, and the open count and `building` as they now stand. */
export function withFollowUpsPush(answer: FollowUpsResponse, event: FollowUpsEvent, state: FollowUpState): FollowUpsResponse {
  const cut = state === 'open' && isCut(answer.followUps.length, answer.open);
  return { followUps: withChangedEntries(answer.followUps, event.changed, state, cut), open: event.open, building: event.building };
}

/** "1 person", "812 people": everyone open, also those beyond the list's cut. */
export function peopleText(open: number): string {
  return open === 1 ? '1 person' : `${open} people`;
}

/** Whether the list holds fewer entries than are open: the core lists only the most recent. */
export function isCut(listed: number, open: number): boolean {
  return listed < open;
}

/** "Showing the 500 most recent of 812. The 312 older ones come up here as these are done."; null when all are shown. */
export function cutText(listed: number, open: number): string | null {
  if (!isCut(listed, open)) return null;
  const older = open - listed;
  return `Showing the ${listed} most recent of ${open}. ${older === 1 ? 'The 1 older one comes' : `The ${older} older ones come`} up here as these are done.`;
}

/** The number to dial from a `tel:` link: North American numbers with +1, longer ones as international. */
export function telHref(callerNumber: string): string | null {
  const digits = callerNumber.replace(/\D/g, '');
  if (digits.length === 10) return `tel:+1${digits}`;
  if (digits.length > 10) return `tel:+${digits}`;
  return digits.length >= 3 ? `tel:${digits}` : null;
}

/** The number beside the name, when the name is not already the number. */
export function entryNumber(entry: Pick<FollowUp, 'displayName' | 'callerNumber'>): string | null {
  const formatted = formatPhone(entry.callerNumber);
  return formatted === entry.displayName ? null : formatted;
}

/** The voicemail whose message the entry shows: its newest call that left one. */
export function entryVoicemail(entry: Pick<FollowUp, 'callIds'>, calls: ReadonlyMap<number, Call>): Call | null {
  for (const id of entry.callIds) {
    const call = calls.get(id);
    if (call?.voicemail) return call;
  }
  return null;
}

/**
 * At start, with no view asked for beyond the plain call list (the desktop app opens on "#/calls"), the desk
 * sees its call-backs first when it has any.
 */
export function startsOnCallBacks(initialHash: string, openEntries: number): boolean {
  return ['', 'calls'].includes(initialHash.replace(/^#\/?/, '')) && openEntries > 0;
}
