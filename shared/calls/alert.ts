// The screen pop: what the desktop notification (and the browser toast) says when a call starts ringing.

import type { Alert, Call } from '../domain';
import { formatWhen } from '../format';
import { formatPhone } from '../phone';
import { tidyPlace, tidyState } from './callerName';

export interface AlertOptions {
  now: number;
  /** The PC's zone, for "last yesterday 4:10 PM"; the runtime's own zone when omitted. */
  timeZone?: string;
}

/** The name the call is shown under (shared/calls/callerName.ts chooses it). */
export function callerTitle(call: Pick<Call, 'displayName'>): string {
  return call.displayName;
}

/** "St. Catharines, ON": the caller's city and province/state, each in one case. */
export function callerPlace(call: Pick<Call, 'callerCity' | 'callerState'>): string | null {
  const place = [tidyPlace(call.callerCity), tidyState(call.callerState)].filter(Boolean).join(', ');
  return place === '' ? null : place;
}

/** "First call", or "Called 3 times before, last Oct 12 (missed)"; the outcome only when known. */
export function historyLine(call: Pick<Call, 'priorCalls'>, options: AlertOptions): string {
  const { count, lastAt, lastOutcome } = call.priorCalls;
  if (count === 0) return 'First call';
  const times = count === 1 ? 'once before' : `${count} times before`;
  const when = lastAt ? formatWhen(lastAt, options.now, options.timeZone, true) : '';
  // A Call Start alone says nothing of how that call went: the caller may have hung up to ring again.
  const outcome = lastOutcome && lastOutcome !== 'ringing' ? ` (${lastOutcome})` : '';
  const last = when ? `, last ${when}${outcome}` : '';
  return `Called ${times}${last}`;
}

/** Whether the title is a person's name, so the number goes in the body. */
export function titleIsAName(call: Pick<Call, 'nameSource'>): boolean {
  return call.nameSource === 'contact' || call.nameSource === 'vendor' || call.nameSource === 'caller-id';
}

export function alertFor(call: Call, options: AlertOptions): Alert {
  const number = formatPhone(call.callerNumber);
  const lines = [
    titleIsAName(call) ? number : null,
    call.lineLabel ? `Line: ${call.lineLabel}` : null,
    callerPlace(call),
    call.adSource ? `Source: ${call.adSource}` : null,
    historyLine(call, options),
    call.contact?.note ? `Note: ${call.contact.note}` : null,
  ].filter((line): line is string => line !== null);
  return { title: callerTitle(call), body: lines.join('\n') };
}
