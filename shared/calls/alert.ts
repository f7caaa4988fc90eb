// The screen pop: what the desktop notification (and the browser toast) says when a call starts ringing.

import type { Alert, Call } from '../domain';
import { formatWhen } from '../format';
import { formatPhone } from '../phone';

export interface AlertOptions {
  now: number;
  /** The PC's zone, for "last called yesterday 4:10 PM"; the runtime's own zone when omitted. */
  timeZone?: string;
}

export function callerTitle(call: Pick<Call, 'callerName' | 'callerNumber'>): string {
  return call.callerName ?? formatPhone(call.callerNumber) ?? 'Unknown caller';
}

export function callerPlace(call: Pick<Call, 'callerCity' | 'callerState'>): string | null {
  const place = [call.callerCity, call.callerState].filter(Boolean).join(', ');
  return place === '' ? null : place;
}

export function returningLine(call: Pick<Call, 'priorCalls'>, options: AlertOptions): string | null {
  const { count, lastAt } = call.priorCalls;
  if (count === 0) return null;
  const times = count === 1 ? 'once before' : `${count} times before`;
  const last = lastAt ? `, last ${formatWhen(lastAt, options.now, options.timeZone, true)}` : '';
  return `Returning caller: called ${times}${last}`;
}

export function alertFor(call: Call, options: AlertOptions): Alert {
  const title = callerTitle(call);
  const number = formatPhone(call.callerNumber);
  const lines = [
    call.callerName && number ? number : null,
    callerPlace(call),
    call.adSource ? `Source: ${call.adSource}` : null,
    returningLine(call, options),
  ].filter((line): line is string => line !== null);
  return { title, body: lines.join('\n') };
}
