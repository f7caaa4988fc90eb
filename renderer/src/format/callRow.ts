// What one row of the call list says, from the call and the clock.

import { callerPlace, titleIsAName } from '../../../shared/calls/alert';
import { callOutcome } from '../../../shared/calls/outcome';
import { callStatusAt, NO_DETAILS_TEXT } from '../../../shared/calls/ringWindow';
import type { Call } from '../../../shared/domain';
import { formatDuration, formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';

export type RowOutcome = 'ringing' | 'answered' | 'missed' | 'voicemail' | 'ended' | 'no-details';

export interface CallRowView {
  title: string;
  /** The formatted number when the title is a name, so both are visible. */
  number: string | null;
  /** The line called ("Downtown clinic"). */
  line: string | null;
  place: string | null;
  source: string | null;
  when: string;
  duration: string;
  outcome: RowOutcome;
  outcomeLabel: string;
  /** What the outcome means, when its label alone does not say ("No details yet: …"). */
  outcomeDetail: string | null;
  /** "Returning caller (3 earlier calls)", or null for a first-time caller. */
  returning: string | null;
  /** Staff saved a name for this number. */
  saved: boolean;
}

const LABELS: Record<RowOutcome, string> = {
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

export function callRowView(call: Call, now: number, timeZone?: string): CallRowView {
  const outcome = rowOutcome(call, now);
  const count = call.priorCalls.count;
  return {
    title: call.displayName,
    number: titleIsAName(call) ? formatPhone(call.callerNumber) : null,
    line: call.lineLabel,
    place: callerPlace(call),
    source: call.adSource,
    when: call.startedAt ? formatWhen(call.startedAt, now, timeZone) : '',
    duration: formatDuration(call.durationSeconds),
    outcome,
    outcomeLabel: LABELS[outcome],
    outcomeDetail: outcome === 'no-details' ? NO_DETAILS_TEXT : null,
    returning: count === 0 ? null : `Returning caller (${count} earlier ${count === 1 ? 'call' : 'calls'})`,
    saved: call.contact !== null,
  };
}
