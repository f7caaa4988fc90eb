// What one row of the call list says, from the call and the clock.

import { callerPlace, callerTitle } from '../../../shared/calls/alert';
import { callOutcome } from '../../../shared/calls/outcome';
import type { Call } from '../../../shared/domain';
import { formatDuration, formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';

export type RowOutcome = 'ringing' | 'answered' | 'missed' | 'voicemail' | 'ended' | 'no-details';

export interface CallRowView {
  title: string;
  /** The formatted number when the title is a name, so both are visible. */
  number: string | null;
  place: string | null;
  source: string | null;
  when: string;
  duration: string;
  outcome: RowOutcome;
  outcomeLabel: string;
  /** "Returning caller (3 earlier calls)", or null for a first-time caller. */
  returning: string | null;
}

const LABELS: Record<RowOutcome, string> = {
  ringing: 'Ringing',
  answered: 'Answered',
  missed: 'Missed',
  voicemail: 'Voicemail',
  ended: 'Ended',
  'no-details': 'No details',
};

/**
 * A call still "ringing" this long after it rang never got its later webhooks (a lost delivery, or a test
 * call, which is a Call Start alone): saying "Ringing" for ever would be wrong. Calls rarely last an hour.
 */
export const NO_DETAILS_AFTER_MS = 60 * 60_000;

export function rowOutcome(call: Call): RowOutcome {
  return callOutcome(call) ?? 'ended';
}

function shownOutcome(call: Call, now: number): RowOutcome {
  const outcome = rowOutcome(call);
  const rang = Date.parse(call.ringAt ?? call.startedAt ?? '');
  return outcome === 'ringing' && now - rang > NO_DETAILS_AFTER_MS ? 'no-details' : outcome;
}

export function callRowView(call: Call, now: number, timeZone?: string): CallRowView {
  const outcome = shownOutcome(call, now);
  const count = call.priorCalls.count;
  return {
    title: callerTitle(call),
    number: call.callerName ? formatPhone(call.callerNumber) : null,
    place: callerPlace(call),
    source: call.adSource,
    when: call.startedAt ? formatWhen(call.startedAt, now, timeZone) : '',
    duration: formatDuration(call.durationSeconds),
    outcome,
    outcomeLabel: LABELS[outcome],
    returning: count === 0 ? null : `Returning caller (${count} earlier ${count === 1 ? 'call' : 'calls'})`,
  };
}
