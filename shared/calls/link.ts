// Call Start carries no TelmetricsId. It is joined to the call that the later events describe by the
// numbers (caller + tracking number, + study when both know it) and by time: it rings shortly before the
// call's recorded start (or a little after, for clock skew), and never after the call ended (that is the
// same caller calling back, a new call).

import type { CallEvent, FoldedCall } from '../domain';

/** How long before the call's recorded start its Call Start may ring. */
export const RING_BEFORE_START_MS = 90_000;
/** How far after the recorded start a Call Start may be stamped (the vendor's clocks differ). */
export const RING_AFTER_START_MS = 30_000;

export interface StartFacts {
  callerNumber: string | null;
  calledNumber: string | null;
  studyId: string | null;
  ringAtMs: number | null;
}

export interface CallFacts {
  callerNumber: string | null;
  calledNumber: string | null;
  studyId: string | null;
  startedAtMs: number | null;
  endedAtMs: number | null;
}

/** Whether a Call Start can be the ring of the call the later events describe. Symmetric in arrival order. */
export function startMatchesCall(start: StartFacts, call: CallFacts): boolean {
  if (start.callerNumber !== call.callerNumber || start.calledNumber !== call.calledNumber) return false;
  if (!start.calledNumber) return false;
  if (start.studyId && call.studyId && start.studyId !== call.studyId) return false;
  if (start.ringAtMs === null || call.startedAtMs === null) return false;
  const lead = call.startedAtMs - start.ringAtMs;
  if (lead > RING_BEFORE_START_MS || lead < -RING_AFTER_START_MS) return false;
  return call.endedAtMs === null || start.ringAtMs <= call.endedAtMs;
}

/** How far apart a Call Start and a call are, or null when the Start cannot be that call's ring. */
function distance(start: StartFacts, call: CallFacts): number | null {
  return startMatchesCall(start, call) ? Math.abs(start.ringAtMs! - call.startedAtMs!) : null;
}

function nearest<T extends { id: number }>(items: readonly T[], distanceOf: (item: T) => number | null): T | null {
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const item of items) {
    const d = distanceOf(item);
    if (d === null) continue;
    if (d < bestDistance || (d === bestDistance && best && item.id < best.id)) {
      best = item;
      bestDistance = d;
    }
  }
  return best;
}

/** The call a newly arrived Call Start belongs to: the matching one nearest in time (ties: lowest id). */
export function nearestCall<T extends { id: number; facts: CallFacts }>(start: StartFacts, calls: readonly T[]): T | null {
  return nearest(calls, (c) => distance(start, c.facts));
}

/** The waiting Call Start a newly known call (by its later events) belongs to, by the same rule. */
export function nearestStart<T extends { id: number; facts: StartFacts }>(call: CallFacts, starts: readonly T[]): T | null {
  return nearest(starts, (s) => distance(s.facts, call));
}

const present = (v: string | null): v is string => v !== null && v !== '';
const movesTo = (event: string | null, call: string | null) => present(event) && event !== call;

/**
 * Whether folding `event` into `call` could change what linking reads of the call (its ids, numbers and
 * times), so that a later event of the same batch must see the refolded call. `false` is exact: the fold keeps
 * the latest non-empty value of each field, so an event that only repeats them cannot move them.
 */
export function linkFactsMayChange(
  call: Pick<FoldedCall, 'telmetricsId' | 'studyId' | 'callerNumber' | 'calledNumber' | 'ringAt' | 'startedAt' | 'endedAt'>,
  event: Pick<CallEvent, 'telmetricsId' | 'studyId' | 'callerNumber' | 'calledNumber' | 'ringAt' | 'startedAt' | 'endedAt' | 'sentAt'>,
): boolean {
  if (movesTo(event.telmetricsId, call.telmetricsId) || movesTo(event.studyId, call.studyId)) return true;
  if (movesTo(event.callerNumber, call.callerNumber) || movesTo(event.calledNumber, call.calledNumber)) return true;
  if (movesTo(event.ringAt, call.ringAt) || movesTo(event.endedAt, call.endedAt)) return true;
  // The call's start falls back to its ring, then to the time an event was sent.
  if (present(event.startedAt)) return event.startedAt !== call.startedAt;
  return call.ringAt === null && movesTo(event.sentAt, call.startedAt);
}
