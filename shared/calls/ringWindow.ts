// A Call Start says a call is ringing; only its later webhooks say how it went. Past a couple of minutes with
// nothing more, "ringing" would be a guess: the call ended or is going on, and its details have not come.

import type { CallStatus } from '../domain';

export const RING_WINDOW_MS = 2 * 60_000;

export const NO_DETAILS_TEXT = 'No details yet: the call ended or is still in progress; details come when Marketing Edge sends them';

/** The call's status at `now`: `no-details` for a Call Start alone whose ring (else start) is past the ring window. */
export function callStatusAt(call: { status: CallStatus; ringAt: string | null; startedAt: string | null }, now: number): CallStatus {
  if (call.status !== 'ringing') return call.status;
  const rang = Date.parse(call.ringAt ?? call.startedAt ?? '');
  return !Number.isNaN(rang) && now - rang > RING_WINDOW_MS ? 'no-details' : 'ringing';
}
