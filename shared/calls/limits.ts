// How much of one webhook is folded into calls. A real call has a handful of events (Start, Preprocessed, a
// few Processed updates) and the vendor's envelopes carry a few notifications; these bounds are far above
// that and keep one delivery's work small whatever it holds. What goes beyond them is still stored, raw, in
// its delivery, with the reason.

/** Notifications of one envelope that are normalised and folded; the rest stay in the delivery's body. */
export const MAX_NOTIFICATIONS_PER_DELIVERY = 100;

/** Events folded into one call; a notification beyond this stays in its delivery's body, unfolded. */
export const MAX_EVENTS_PER_CALL = 50;

export function notificationsBeyondBound(total: number): string {
  return `Only the first ${MAX_NOTIFICATIONS_PER_DELIVERY} of ${total} notifications were processed; the rest are kept unprocessed in this delivery's body`;
}

export function eventsBeyondBound(count: number): string {
  return `${count} notification${count === 1 ? '' : 's'} not folded: the call already has ${MAX_EVENTS_PER_CALL} events (kept unprocessed in this delivery's body)`;
}
