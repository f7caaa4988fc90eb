// A caller's call-back entries, derived from their calls and the marks staff made: a pure function of the two
// sets, so calls that arrive late or out of order (catch-up, retried webhooks) end in the same entries.

import type { FollowUpReason, FollowUpResolution, FollowUpState } from '../domain';

export type CallBackOutcome = 'answered' | 'missed' | 'voicemail' | null;

/** One call of the caller's number; null outcome: not known yet (ringing, no details), which changes nothing. */
export interface CallOfNumber {
  id: number;
  startedMs: number;
  outcome: CallBackOutcome;
}

/** Someone marked the entry holding `callId` done or open again, at `at` (ms). */
export interface FollowUpMark {
  at: number;
  callId: number;
  state: FollowUpState;
  by: string;
  note: string | null;
}

export interface FollowUpEntry {
  /** The id of its first call. */
  id: number;
  /** Its missed calls and voicemails, newest first. */
  callIds: number[];
  lastCallMs: number;
  lastCallId: number;
  reason: FollowUpReason;
  state: FollowUpState;
  doneMs: number | null;
  doneBy: string | null;
  resolution: FollowUpResolution | null;
  note: string | null;
  reachedCallId: number | null;
}

type Step = { at: number; call: CallOfNumber } | { at: number; mark: FollowUpMark };

const text = (v: string | null) => v ?? '';

/** Time first; at the same time calls before marks; then by id (marks by every field, so equal times still order one way). */
function compareSteps(a: Step, b: Step): number {
  if (a.at !== b.at) return a.at - b.at;
  if ('call' in a && 'call' in b) return a.call.id - b.call.id;
  if ('call' in a) return -1;
  if ('call' in b) return 1;
  const [x, y] = [a.mark, b.mark];
  if (x.callId !== y.callId) return x.callId - y.callId;
  if (x.state !== y.state) return x.state < y.state ? -1 : 1;
  if (x.by !== y.by) return x.by < y.by ? -1 : 1;
  return text(x.note) < text(y.note) ? -1 : text(x.note) > text(y.note) ? 1 : 0;
}

interface Building {
  entry: FollowUpEntry;
  /** Oldest first while building. */
  calls: number[];
}

/** The caller's entries, oldest first. */
export function followUpEntries(calls: readonly CallOfNumber[], marks: readonly FollowUpMark[]): FollowUpEntry[] {
  const steps: Step[] = [...calls.map((call) => ({ at: call.startedMs, call })), ...marks.map((mark) => ({ at: mark.at, mark }))];
  steps.sort(compareSteps);
  const entries: Building[] = [];
  const holding = new Map<number, Building>();
  let open: Building | null = null;
  const close = (b: Building, doneMs: number, resolution: FollowUpResolution, fields: Partial<FollowUpEntry>) => {
    Object.assign(b.entry, { state: 'done', doneMs, resolution, doneBy: null, note: null, reachedCallId: null, ...fields });
    open = null;
  };
  for (const step of steps) {
    if ('call' in step) {
      const { call } = step;
      if (call.outcome === 'missed' || call.outcome === 'voicemail') {
        let b: Building | null = open;
        if (!b) {
          b = {
            calls: [],
            entry: {
              ...{ id: call.id, callIds: [], lastCallMs: call.startedMs, lastCallId: call.id, reason: 'missed', state: 'open' },
              ...{ doneMs: null, doneBy: null, resolution: null, note: null, reachedCallId: null },
            },
          };
          entries.push(b);
          open = b;
        }
        b.calls.push(call.id);
        Object.assign(b.entry, { lastCallMs: call.startedMs, lastCallId: call.id });
        if (call.outcome === 'voicemail') b.entry.reason = 'voicemail';
        holding.set(call.id, b);
      } else if (call.outcome === 'answered' && open) {
        close(open, call.startedMs, 'reached-later', { reachedCallId: call.id });
      }
      continue;
    }
    const { mark } = step;
    const b = holding.get(mark.callId);
    if (!b) continue;
    if (mark.state === 'done' && b === open) close(b, mark.at, 'marked', { doneBy: mark.by, note: mark.note });
    else if (mark.state === 'open' && b.entry.state === 'done' && b === entries[entries.length - 1]) {
      Object.assign(b.entry, { state: 'open', doneMs: null, doneBy: null, resolution: null, reachedCallId: null, note: mark.note });
      open = b;
    }
  }
  return entries.map((b) => ({ ...b.entry, callIds: [...b.calls].reverse() }));
}
