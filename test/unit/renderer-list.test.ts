import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/domain';
import { mediaErrorText, recordingStateText } from '../../renderer/src/components/callDetail/RecordingPlayer';
import { voicemailMessage } from '../../renderer/src/components/callDetail/Transcript';
import { callRowView } from '../../renderer/src/format/callRow';
import { dayHeaderText, dayLabel, listItems } from '../../renderer/src/model/callDays';
import { sampleCall } from './renderer-fixtures';

const ZONE = 'America/Toronto';
// Tuesday Dec 1 2026, 3 PM in Toronto.
const now = Date.parse('2026-12-01T20:00:00Z');
const at = (id: number, iso: string, extra: Partial<Call> = {}) => sampleCall({ id, startedAt: iso, callerNumber: `90555500${id}`, ...extra });

describe('the list by day', () => {
  const rows = [
    at(6, '2026-12-01T19:00:00Z', { followUpState: 'open', answered: false, callerNumber: '9055550001' }),
    at(5, '2026-12-01T18:00:00Z', { followUpState: 'open', answered: false, callerNumber: '9055550001' }),
    at(4, '2026-12-01T14:00:00Z', { followUpState: 'open', voicemail: true, callerNumber: '9055550002' }),
    // 11 PM on Nov 30 in Toronto is already Dec 1 in UTC: the day is the PC's, not UTC's.
    at(3, '2026-12-01T04:00:00Z'),
    at(2, '2026-11-30T13:00:00Z', { followUpState: 'done', answered: false }),
    at(1, '2026-11-28T13:00:00Z'),
  ];

  it('puts a header before each day, with its calls and the distinct callers still owed a call', () => {
    const items = listItems(rows, now, true, ZONE);
    expect(items.map((i) => (i.kind === 'day' ? dayHeaderText(i.day) : i.call.id))).toEqual([
      'Today · 3 calls · 2 to call back',
      6,
      5,
      4,
      'Yesterday · 2 calls',
      3,
      2,
      'Sat, Nov 28 · 1 call',
      1,
    ]);
    expect(items.flatMap((i) => (i.kind === 'call' ? [i.index] : []))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('says "+" for the last loaded day while more pages are to come, and only for it', () => {
    const items = listItems(rows.slice(0, 4), now, false, ZONE);
    expect(items.flatMap((i) => (i.kind === 'day' ? [dayHeaderText(i.day)] : []))).toEqual([
      'Today · 3 calls · 2 to call back',
      'Yesterday · 1+ calls',
    ]);
    expect(listItems([], now, false, ZONE)).toEqual([]);
  });

  it('names days by weekday and date, with the year only for another year, and calls with no start apart', () => {
    expect(dayLabel('2026-11-25', now, ZONE)).toBe('Wed, Nov 25');
    expect(dayLabel('2025-12-31', now, ZONE)).toBe('Wed, Dec 31, 2025');
    expect(dayLabel('', now, ZONE)).toBe('Time not known');
    const items = listItems([sampleCall({ id: 9, startedAt: null }), ...rows.slice(0, 1)], now, true, ZONE);
    expect(items.flatMap((i) => (i.kind === 'day' ? [dayHeaderText(i.day)] : []))).toEqual([
      'Time not known · 1 call',
      'Today · 1 call · 1 to call back',
    ]);
  });
});

describe('a row of the list by day', () => {
  const call = (extra: Partial<Call>) => callRowView(at(1, '2026-11-30T15:05:00Z', extra), now, ZONE);

  it('shows the time on every row, whatever the day', () => {
    expect(call({}).when).toBe('10:05 AM');
    expect(callRowView(at(1, '2025-03-02T15:05:00Z'), now, ZONE).when).toBe('10:05 AM');
  });

  it('shows a duration only for a call someone answered', () => {
    expect(call({ durationSeconds: 95 }).duration).toBe('1:35');
    expect(call({ answered: false, durationSeconds: 0 }).duration).toBe('');
    expect(call({ voicemail: true, answered: false, durationSeconds: 42 }).duration).toBe('');
    expect(call({ status: 'no-details', answered: null, durationSeconds: 0 }).duration).toBe('');
  });

  it('says when a missed caller rang again, with the day when it was another', () => {
    expect(call({ answered: false, calledAgainAt: '2026-11-30T18:24:00Z' }).calledAgain).toBe('Called again 1:24 PM');
    expect(call({ voicemail: true, calledAgainAt: '2026-12-01T14:00:00Z' }).calledAgain).toBe('Called again today 9:00 AM');
    expect(call({ answered: true, calledAgainAt: '2026-11-30T18:24:00Z' }).calledAgain).toBeNull();
    expect(call({ answered: false }).calledAgain).toBeNull();
  });

  it('marks a call nobody has opened', () => {
    expect(call({ openedAt: null }).unseen).toBe(true);
    expect(call({ openedAt: '2026-11-30T16:00:00Z' }).unseen).toBe(false);
  });
});

describe("the detail's voicemail and recording, in words", () => {
  it("takes a voicemail's message from the caller's side of the transcript, else all of it", () => {
    expect(voicemailMessage('Agent: You reached the clinic. Caller: Hi,  it is Priya. Caller: Call me back.')).toBe(
      'Hi,  it is Priya. Call me back.',
    );
    expect(voicemailMessage('Please call me back about the quote')).toBe('Please call me back about the quote');
    expect(voicemailMessage(null)).toBeNull();
    expect(voicemailMessage('Caller:   ')).toBeNull();
    // The greeting alone is not the caller's message.
    expect(voicemailMessage('Agent: Please leave a message.')).toBeNull();
  });

  it('says why a recording does not play here', () => {
    expect(recordingStateText({ state: 'cached', src: '/api/calls/1/recording', bytes: 10, error: null })).toBeNull();
    expect(recordingStateText({ state: 'cached', src: null, bytes: null, error: null })).toMatch(/^Not downloaded yet/);
    expect(recordingStateText({ state: 'pending', src: null, bytes: null, error: null })).toMatch(/^Not downloaded yet/);
    expect(recordingStateText({ state: 'failed', src: null, bytes: null, error: "The vendor's server answered HTTP 500" })).toBe(
      "The recording could not be downloaded: The vendor's server answered HTTP 500.",
    );
    expect(recordingStateText({ state: 'evicted', src: null, bytes: null, error: null })).toMatch(/disk budget/);
    expect(mediaErrorText({ code: 4, message: '' } as MediaError)).toBe('the file is not here or not in a format this PC plays');
    expect(mediaErrorText({ code: 9, message: 'PIPELINE_ERROR_DECODE' } as MediaError)).toBe('PIPELINE_ERROR_DECODE');
    expect(mediaErrorText(null)).toBe('unknown error');
  });
});
