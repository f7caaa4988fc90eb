// What one row of the call list says, from the call and the clock.

import { callerPlace, titleIsAName } from '../../../shared/calls/alert';
import { callOutcome } from '../../../shared/calls/outcome';
import { callStatusAt, NO_DETAILS_TEXT } from '../../../shared/calls/ringWindow';
import type { Call } from '../../../shared/domain';
import { formatClock, formatDuration, formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';
import { localDay, machineTimeZone } from '../../../shared/timeZone';

export type RowOutcome = 'ringing' | 'answered' | 'missed' | 'voicemail' | 'ended' | 'no-details';

export interface CallRowView {
  title: string;
  /** The formatted number when the title is a name, so both are visible. */
  number: string | null;
  /** The line called ("Downtown clinic"). */
  line: string | null;
  place: string | null;
  source: string | null;
  /** The time of day ("2:14 PM"): the day header above the row says which day. */
  when: string;
  /** Only for a call someone answered: a missed call or voicemail has no talk time to show. */
  duration: string;
  outcome: RowOutcome;
  outcomeLabel: string;
  /** What the outcome means, when its label alone does not say ("No details yet: …"). */
  outcomeDetail: string | null;
  /** "Returning caller (3 earlier calls)", or null for a first-time caller. */
  returning: string | null;
  /** Staff saved a name for this number. */
  saved: boolean;
  /** "Called again 1:24 PM": a missed call or voicemail whose caller rang again after it. */
  calledAgain: string | null;
  /** Nobody has opened the call yet. */
  unseen: boolean;
}

export const OUTCOME_LABELS: Record<RowOutcome, string> = {
  ringing: 'Ringing',
  answered: 'Answered',
  missed: 'Missed',
  voicemail: 'Voicemail',
  ended: 'Ended',
  'no-details': 'No details yet',
};

/** How the call went as of `now`: a Call Start alone rings only within the ring window, then has no details yet. */
export function rowOutcome(call: Call, now: number): RowOutcome {
  const status = callStatusAt(call, now);
  if (status === 'no-details') return 'no-details';
  return callOutcome({ ...call, status }) ?? 'ended';
}

const TALKED: ReadonlySet<RowOutcome> = new Set(['answered', 'ended']);

/** When the caller rang again: the time alone on the call's own day, else with its day. */
function calledAgainText(call: Call, now: number, timeZone: string): string | null {
  const iso = call.calledAgainAt;
  const again = iso ? Date.parse(iso) : Number.NaN;
  if (!iso || Number.isNaN(again)) return null;
  const started = call.startedAt ? Date.parse(call.startedAt) : Number.NaN;
  const sameDay = !Number.isNaN(started) && localDay(started, timeZone) === localDay(again, timeZone);
  return `Called again ${sameDay ? formatClock(again, timeZone) : formatWhen(iso, now, timeZone, true)}`;
}

export function callRowView(call: Call, now: number, timeZone: string = machineTimeZone()): CallRowView {
  const outcome = rowOutcome(call, now);
  const count = call.priorCalls.count;
  const started = call.startedAt ? Date.parse(call.startedAt) : Number.NaN;
  return {
    title: call.displayName,
    number: titleIsAName(call) ? formatPhone(call.callerNumber) : null,
    line: call.lineLabel,
    place: callerPlace(call),
    source: call.adSource,
    when: Number.isNaN(started) ? '' : formatClock(started, timeZone),
    duration: TALKED.has(outcome) ? formatDuration(call.durationSeconds) : '',
    outcome,
    outcomeLabel: OUTCOME_LABELS[outcome],
    outcomeDetail: outcome === 'no-details' ? NO_DETAILS_TEXT : null,
    returning: count === 0 ? null : `Returning caller (${count} earlier ${count === 1 ? 'call' : 'calls'})`,
    saved: call.contact !== null,
    calledAgain: outcome === 'missed' || outcome === 'voicemail' ? calledAgainText(call, now, timeZone) : null,
    unseen: call.openedAt === null,
  };
}
