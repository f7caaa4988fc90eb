// Whatever order a caller's calls and marks arrive in, the call-back entries end the same: the entries are a
// function of the sets. Plus the rules themselves, one history per row.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followUpEntries, type CallOfNumber, type FollowUpMark } from '../../shared/callBacks/followUps';

const MIN = 60_000;

const outcome = fc.constantFrom<CallOfNumber['outcome']>('answered', 'missed', 'voicemail', null);

/** Calls with distinct ids and times on a coarse grid, so ties (same start, mark at a call's start) happen. */
const history = fc
  .uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 40 }), slot: fc.integer({ min: 0, max: 12 }), outcome }), {
    selector: (c) => c.id,
    maxLength: 14,
  })
  .chain((calls) => {
    const ids = calls.map((c) => c.id);
    const mark = fc.record({
      at: fc.integer({ min: 0, max: 12 }).map((slot) => slot * MIN),
      callId: ids.length ? fc.constantFrom(...ids) : fc.constant(999),
      state: fc.constantFrom<FollowUpMark['state']>('done', 'open'),
      by: fc.constantFrom('Front desk', 'Back office'),
      note: fc.option(fc.constantFrom('left a message', ' spaced  note ', 'é✓'), { nil: null }),
    });
    return fc.record({
      calls: fc.constant(calls.map((c): CallOfNumber => ({ id: c.id, startedMs: c.slot * MIN, outcome: c.outcome }))),
      marks: fc.array(mark, { maxLength: 8 }),
    });
  });

describe('followUpEntries', () => {
  it('gives the same entries for any order of the same calls and marks', () => {
    fc.assert(
      fc.property(
        history.chain((h) =>
          fc.record({
            h: fc.constant(h),
            calls: fc.shuffledSubarray(h.calls, { minLength: h.calls.length }),
            marks: fc.shuffledSubarray(h.marks, { minLength: h.marks.length }),
          }),
        ),
        ({ h, calls, marks }) => {
          expect(followUpEntries(calls, marks)).toEqual(followUpEntries(h.calls, h.marks));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('puts every missed call and voicemail in exactly one entry, never an answered call, and leaves at most the latest open', () => {
    fc.assert(
      fc.property(history, ({ calls, marks }) => {
        const entries = followUpEntries(calls, marks);
        const members = entries.flatMap((e) => e.callIds).sort((a, b) => a - b);
        const unanswered = calls.filter((c) => c.outcome === 'missed' || c.outcome === 'voicemail').map((c) => c.id);
        expect(members).toEqual(unanswered.sort((a, b) => a - b));
        expect(entries.slice(0, -1).every((e) => e.state === 'done')).toBe(true);
        for (const e of entries) expect(e.id).toBe(e.callIds[e.callIds.length - 1]);
      }),
      { numRuns: 400 },
    );
  });
});

const call = (id: number, minute: number, o: CallOfNumber['outcome']): CallOfNumber => ({ id, startedMs: minute * MIN, outcome: o });
const mark = (callId: number, minute: number, state: FollowUpMark['state'], note: string | null = null): FollowUpMark => ({
  at: minute * MIN,
  callId,
  state,
  by: 'Front desk',
  note,
});

describe('followUpEntries, rule by rule', () => {
  const cases: { name: string; calls: CallOfNumber[]; marks?: FollowUpMark[]; want: object[] }[] = [
    { name: 'an answered call alone opens nothing', calls: [call(1, 0, 'answered')], want: [] },
    { name: 'a call not known yet changes nothing', calls: [call(1, 0, null)], want: [] },
    {
      name: 'missed calls from one number are one entry, newest first',
      calls: [call(1, 0, 'missed'), call(2, 5, 'missed'), call(3, 9, 'missed')],
      want: [{ id: 1, callIds: [3, 2, 1], lastCallId: 3, lastCallMs: 9 * MIN, reason: 'missed', state: 'open' }],
    },
    {
      name: 'a voicemail makes the entry a voicemail',
      calls: [call(1, 0, 'missed'), call(2, 5, 'voicemail')],
      want: [{ id: 1, reason: 'voicemail', state: 'open' }],
    },
    {
      name: 'a later answered call closes it',
      calls: [call(1, 0, 'missed'), call(2, 30, 'answered')],
      want: [{ id: 1, state: 'done', resolution: 'reached-later', doneMs: 30 * MIN, reachedCallId: 2, doneBy: null }],
    },
    {
      name: 'an answered call before the missed one does not close it',
      calls: [call(2, 0, 'answered'), call(1, 10, 'missed')],
      want: [{ id: 1, state: 'open', resolution: null }],
    },
    {
      name: 'marked done, with who and a note',
      calls: [call(1, 0, 'missed')],
      marks: [mark(1, 3, 'done', 'Left a message')],
      want: [{ id: 1, state: 'done', resolution: 'marked', doneBy: 'Front desk', doneMs: 3 * MIN, note: 'Left a message' }],
    },
    {
      name: 'a new missed call after it was done opens a new entry',
      calls: [call(1, 0, 'missed'), call(5, 20, 'missed')],
      marks: [mark(1, 3, 'done')],
      want: [
        { id: 1, state: 'done', callIds: [1] },
        { id: 5, state: 'open', callIds: [5] },
      ],
    },
    {
      name: 'reopened, the latest entry takes later missed calls',
      calls: [call(1, 0, 'missed'), call(4, 20, 'missed')],
      marks: [mark(1, 3, 'done'), mark(1, 10, 'open', 'Not reached')],
      want: [{ id: 1, state: 'open', callIds: [4, 1], note: 'Not reached', doneBy: null, resolution: null }],
    },
    {
      name: 'reopening an older entry is ignored once a newer one exists',
      calls: [call(1, 0, 'missed'), call(4, 20, 'missed')],
      marks: [mark(1, 3, 'done'), mark(1, 30, 'open')],
      want: [
        { id: 1, state: 'done' },
        { id: 4, state: 'open' },
      ],
    },
    {
      name: 'a mark made at the same time as the call applies to it',
      calls: [call(1, 3, 'missed')],
      marks: [mark(1, 3, 'done')],
      want: [{ id: 1, state: 'done', resolution: 'marked' }],
    },
    {
      name: 'a done mark on an entry already closed changes nothing',
      calls: [call(1, 0, 'missed'), call(2, 1, 'answered')],
      marks: [mark(1, 5, 'done', 'late')],
      want: [{ id: 1, state: 'done', resolution: 'reached-later', note: null }],
    },
  ];
  it.each(cases)('$name', ({ calls, marks, want }) => {
    const entries = followUpEntries(calls, marks ?? []);
    expect(entries).toHaveLength(want.length);
    want.forEach((w, i) => expect(entries[i]).toMatchObject(w));
  });
});
