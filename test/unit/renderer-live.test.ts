import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/domain';
import {
  callMatches,
  compareCalls,
  mergeLiveCall,
  mergeLiveCallIntoPages,
  pageRows,
  textMatches,
  withoutCalls,
  type CallPage,
} from '../../renderer/src/model/liveCalls';
import { callRowView } from '../../renderer/src/format/callRow';
import { NO_DETAILS_TEXT, RING_WINDOW_MS } from '../../shared/calls/ringWindow';
import { windowAlertFor } from '../../renderer/src/model/alerts';
import { alertFor } from '../../shared/calls/alert';
import { sampleCall } from './renderer-fixtures';

const at = (id: number, iso: string, extra: Partial<Call> = {}) => sampleCall({ id, startedAt: iso, ...extra });

describe('which streamed calls belong to the list', () => {
  const call = sampleCall({ transcript: 'Caller: I need a plumber in Lansing', adSource: 'Google Paid', recordingUrl: 'https://x/1.mp3' });

  it('matches text the way the server search does', () => {
    expect(textMatches(call, 'smi')).toBe(true);
    expect(textMatches(call, 'plumb lans')).toBe(true);
    expect(textMatches(call, '905-555')).toBe(true);
    expect(textMatches(call, '2955')).toBe(true);
    expect(textMatches(call, '(905) 555')).toBe(true);
    expect(textMatches(call, '905 999')).toBe(false);
    expect(textMatches(call, 'electrician')).toBe(false);
    expect(textMatches(call, 'mith')).toBe(false);
  });

  it('matches the names the server finds: a saved one, the one shown, never "Unknown caller"', () => {
    const saved = sampleCall({
      callerName: 'ONTARIO CALLER',
      displayName: 'Priya Patel',
      nameSource: 'contact',
      contact: { name: 'Priya Patel', note: null },
    });
    expect(textMatches(saved, 'priya')).toBe(true);
    expect(textMatches(sampleCall({ callerName: 'ONTARIO CALLER', displayName: 'Priya Patel', nameSource: 'vendor' }), 'pat')).toBe(true);
    const withheld = sampleCall({ callerName: null, callerNumber: null, displayName: 'Unknown caller', nameSource: 'none' });
    expect(textMatches(withheld, 'unknown')).toBe(false);
    expect(textMatches(withheld, 'caller')).toBe(false);
  });

  it('applies every filter', () => {
    expect(callMatches(call, {})).toBe(true);
    expect(callMatches(call, { status: 'answered', adSource: 'Google Paid', hasRecording: true, hasTranscript: true })).toBe(true);
    expect(callMatches(call, { status: 'missed' })).toBe(false);
    expect(callMatches(call, { adSource: 'Bing' })).toBe(false);
    expect(callMatches(call, { hasRecording: false })).toBe(false);
    expect(callMatches(call, { from: '2019-11-15T14:09:55Z' })).toBe(false);
    expect(callMatches(call, { to: '2019-11-15T14:09:54Z' })).toBe(false);
    expect(callMatches(call, { from: '2019-11-15T14:09:54Z', to: '2019-11-15T14:09:55Z' })).toBe(true);
  });
});

describe('merging a streamed call into the loaded rows', () => {
  const rows = [at(5, '2024-03-05T12:00:00Z'), at(4, '2024-03-05T11:00:00Z'), at(3, '2024-03-05T10:00:00Z')];

  it('puts a new call at the top', () => {
    const next = mergeLiveCall(rows, at(6, '2024-03-05T13:00:00Z', { status: 'ringing' }), {}, false);
    expect(next.map((c) => c.id)).toEqual([6, 5, 4, 3]);
  });

  it('updates a known call in place', () => {
    const next = mergeLiveCall(rows, at(4, '2024-03-05T11:00:00Z', { callerName: 'Jane' }), {}, false);
    expect(next.map((c) => c.id)).toEqual([5, 4, 3]);
    expect(next[1]!.callerName).toBe('Jane');
  });

  it('moves a known call whose start time moved, and keeps it when it no longer matches', () => {
    const next = mergeLiveCall(rows, at(3, '2024-03-05T12:30:00Z', { answered: false }), { status: 'answered' }, false);
    expect(next.map((c) => c.id)).toEqual([3, 5, 4]);
  });

  it('leaves out a new call that does not match, or that sorts past an incomplete list', () => {
    expect(mergeLiveCall(rows, at(7, '2024-03-05T13:00:00Z'), { status: 'missed' }, false)).toBe(rows);
    expect(mergeLiveCall(rows, at(2, '2024-03-05T09:00:00Z'), {}, false)).toBe(rows);
    expect(mergeLiveCall(rows, at(2, '2024-03-05T09:00:00Z'), {}, true).map((c) => c.id)).toEqual([5, 4, 3, 2]);
  });

  it('keeps the list sorted and free of duplicates whatever arrives', () => {
    const arb = fc.array(fc.record({ id: fc.integer({ min: 1, max: 20 }), minute: fc.integer({ min: 0, max: 59 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, (events) => {
        let list: Call[] = [];
        for (const e of events) list = mergeLiveCall(list, at(e.id, `2024-03-05T10:${String(e.minute).padStart(2, '0')}:00Z`), {}, true);
        expect(new Set(list.map((c) => c.id)).size).toBe(list.length);
        expect([...list].sort(compareCalls)).toEqual(list);
        expect(new Set(list.map((c) => c.id))).toEqual(new Set(events.map((e) => e.id)));
      }),
    );
  });
});

describe('a streamed call in the loaded pages of a list', () => {
  const page = (calls: Call[], nextCursor: string | null): CallPage => ({ calls, nextCursor });
  const ids = (pages: CallPage[]) => pages.map((p) => p.calls.map((c) => c.id));
  const pages = [page([at(5, '2024-03-05T12:00:00Z'), at(4, '2024-03-05T11:00:00Z')], 'c1'), page([at(3, '2024-03-05T10:00:00Z')], 'c2')];

  it('is merged over all the rows, each page keeping its cursor', () => {
    const next = mergeLiveCallIntoPages(pages, at(6, '2024-03-05T13:00:00Z'), {});
    expect(ids(next)).toEqual([
      [6, 5],
      [4, 3],
    ]);
    expect(next.map((p) => p.nextCursor)).toEqual(['c1', 'c2']);
    expect(ids(mergeLiveCallIntoPages(pages, at(3, '2024-03-05T11:30:00Z'), {}))).toEqual([[5, 3], [4]]);
    expect(mergeLiveCallIntoPages(pages, at(4, '2024-03-05T11:00:00Z', { callerName: 'Jane' }), {})[0]!.calls[1]!.callerName).toBe('Jane');
  });

  it('waits for the page that will hold an older call while more pages remain, and joins the end once none do', () => {
    const old = at(2, '2016-05-26T10:00:00Z');
    expect(mergeLiveCallIntoPages(pages, old, {})).toBe(pages);
    const complete = [pages[0]!, page(pages[1]!.calls, null)];
    expect(ids(mergeLiveCallIntoPages(complete, old, {}))).toEqual([
      [5, 4],
      [3, 2],
    ]);
    expect(mergeLiveCallIntoPages([], old, {})).toEqual([]);
  });

  it('shows the same rows as merging into the flat list would, whatever arrives', () => {
    const arb = fc.record({
      sizes: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
      complete: fc.boolean(),
      events: fc.array(fc.record({ id: fc.integer({ min: 1, max: 30 }), minute: fc.integer({ min: 0, max: 59 }) }), { maxLength: 20 }),
    });
    fc.assert(
      fc.property(arb, ({ sizes, complete, events }) => {
        let id = 100;
        let minute = 59;
        let loaded: CallPage[] = sizes.map((n, i) =>
          page(
            Array.from({ length: n }, () => at(id++, `2024-03-05T09:${String(minute--).padStart(2, '0')}:00Z`)),
            complete && i === sizes.length - 1 ? null : `c${i}`,
          ),
        );
        let flat = pageRows(loaded);
        for (const e of events) {
          const call = at(e.id, `2024-03-05T10:${String(e.minute).padStart(2, '0')}:00Z`);
          loaded = mergeLiveCallIntoPages(loaded, call, {});
          flat = mergeLiveCall(flat, call, {}, complete);
        }
        expect(pageRows(loaded)).toEqual(flat);
        expect(loaded.map((p) => p.nextCursor)).toEqual(sizes.map((_, i) => (complete && i === sizes.length - 1 ? null : `c${i}`)));
      }),
    );
  });

  it('shows a call found on two pages once, and drops deleted calls, keeping the pages that held none', () => {
    const twice = [...pages, page([at(4, '2024-03-05T11:00:00Z')], null)];
    expect(pageRows(twice).map((c) => c.id)).toEqual([5, 4, 3]);
    const left = withoutCalls(pages, [4]);
    expect(ids(left)).toEqual([[5], [3]]);
    expect(left[1]).toBe(pages[1]);
  });
});

describe('a row of the call list', () => {
  const now = Date.parse('2019-11-15T20:00:00Z');

  it('shows name, number, line, place, source, time, duration and outcome', () => {
    expect(callRowView(sampleCall({ lineLabel: 'Downtown clinic' }), now, 'America/Toronto')).toEqual({
      title: 'John Smith',
      number: '(905) 555-2955',
      line: 'Downtown clinic',
      place: 'Lansing, MI',
      source: 'ABC Company',
      when: '9:09 AM',
      duration: '0:07',
      outcome: 'answered',
      outcomeLabel: 'Answered',
      outcomeDetail: null,
      returning: null,
      saved: false,
      calledAgain: null,
      unseen: true,
    });
  });

  it('titles the row with the name the core chose, the number beside it only when that is a name', () => {
    const saved = sampleCall({
      displayName: 'Priya Patel',
      nameSource: 'contact',
      contact: { name: 'Priya Patel', note: null },
      callerName: 'ONTARIO CALLER',
    });
    expect(callRowView(saved, now)).toMatchObject({ title: 'Priya Patel', number: '(905) 555-2955', saved: true });
    expect(callRowView(sampleCall({ displayName: 'Priya Patel', nameSource: 'vendor' }), now)).toMatchObject({
      number: '(905) 555-2955',
      saved: false,
    });
    // A placeholder caller ID is never the title: the core sends the number, which is not repeated beside it.
    const unnamed = sampleCall({ callerName: 'WIRELESS CALLER', displayName: '(905) 555-2955', nameSource: 'number' });
    expect(callRowView(unnamed, now)).toMatchObject({ title: '(905) 555-2955', number: null });
    expect(callRowView(sampleCall({ callerNumber: null, displayName: 'Unknown caller', nameSource: 'none' }), now).number).toBeNull();
  });

  it('marks returning callers and says when the call was', () => {
    const row = callRowView(
      sampleCall({ status: 'ringing', priorCalls: { count: 2, lastAt: '2019-11-14T10:00:00Z', lastOutcome: 'missed', recentIds: [1, 2] } }),
      Date.parse('2019-11-15T14:10:30Z'),
      'America/Toronto',
    );
    expect(row.outcomeLabel).toBe('Ringing');
    expect(row.returning).toBe('Returning caller (2 earlier calls)');
    // The day header says "Yesterday": the row keeps its time.
    expect(callRowView(sampleCall({ answered: null }), now + 86_400_000, 'America/Toronto').when).toBe('9:09 AM');
    expect(callRowView(sampleCall({ answered: null }), now, 'America/Toronto').outcome).toBe('ended');
  });

  it('rings only within the ring window, then says in words that no details came yet', () => {
    const ringing = sampleCall({ status: 'ringing', answered: null, ringAt: '2019-11-15T14:09:46.000Z' });
    const rang = Date.parse('2019-11-15T14:09:46.000Z');
    expect(callRowView(ringing, rang + RING_WINDOW_MS, 'America/Toronto')).toMatchObject({ outcomeLabel: 'Ringing', outcomeDetail: null });
    expect(callRowView(ringing, rang + RING_WINDOW_MS + 1000, 'America/Toronto')).toMatchObject({
      outcome: 'no-details',
      outcomeLabel: 'No details yet',
      outcomeDetail: NO_DETAILS_TEXT,
    });
    // Without a ring time, the start counts; the core's own "no-details" is shown as it is.
    const started = Date.parse('2019-11-15T14:09:54.000Z');
    expect(callRowView(sampleCall({ status: 'ringing', ringAt: null }), started + RING_WINDOW_MS + 1000).outcome).toBe('no-details');
    expect(callRowView(sampleCall({ status: 'ringing', ringAt: null }), started + RING_WINDOW_MS - 1000).outcome).toBe('ringing');
    expect(callRowView(sampleCall({ status: 'no-details', answered: null }), started).outcome).toBe('no-details');
  });
});

describe('alerts raised by the window', () => {
  const now = Date.parse('2019-11-15T20:00:00Z');
  const alert = { title: 'John Smith', body: '(905) 555-2955' };

  it('says the core Call Start alert again, in the words the core uses', () => {
    const call = sampleCall({ status: 'ringing' });
    expect(windowAlertFor({ call, alert }, undefined, now)).toEqual({ kind: 'start', callId: 1, call, alert: alertFor(call, { now }) });
  });

  it("words the Call Start alert in the window's time zone, not the core's", () => {
    // The core on UTC; the window in Toronto, where the earlier call was at 9:07 AM.
    const call = sampleCall({ status: 'ringing' });
    const earlier = { ...call, priorCalls: { count: 2, lastAt: '2019-11-15T14:07:00.000Z', lastOutcome: 'answered' as const, recentIds: [7] } };
    const fromCore = alertFor(earlier, { now, timeZone: 'UTC' });
    expect(fromCore.body).toContain('last today 2:07 PM');
    const zone = process.env.TZ;
    process.env.TZ = 'America/Toronto';
    try {
      const raised = windowAlertFor({ call: earlier, alert: fromCore }, undefined, now);
      expect(raised?.alert.body).toContain('last today 9:07 AM');
      expect(raised?.alert.title).toBe(fromCore.title);
    } finally {
      process.env.TZ = zone;
    }
  });

  it('raises nothing for a change from re-processing a stored delivery', () => {
    expect(windowAlertFor({ call: sampleCall({ status: 'ringing' }), alert, replayed: true }, undefined, now)).toBeNull();
    expect(windowAlertFor({ call: sampleCall({ answered: false }), alert: null, replayed: true }, 'ringing', now)).toBeNull();
  });

  it('raises a follow-up only when a seen call turns missed or voicemail', () => {
    const missed = sampleCall({ answered: false });
    expect(windowAlertFor({ call: missed, alert: null }, 'ringing', now)).toEqual({
      kind: 'missed',
      callId: 1,
      call: missed,
      alert: { title: 'Missed call: John Smith', body: '(905) 555-2955\nLansing, MI\nSource: ABC Company\nFirst call' },
    });
    expect(windowAlertFor({ call: sampleCall({ voicemail: true }), alert: null }, 'missed', now)?.kind).toBe('voicemail');
    expect(windowAlertFor({ call: missed, alert: null }, 'missed', now)).toBeNull();
    expect(windowAlertFor({ call: missed, alert: null }, undefined, now)).toBeNull();
    expect(windowAlertFor({ call: sampleCall(), alert: null }, 'ringing', now)).toBeNull();
  });

  it('raises nothing for a change that came from the calls API (catch-up sums those up in one alert)', () => {
    expect(windowAlertFor({ call: sampleCall({ answered: false, caughtUp: true }), alert: null, fromCatchUp: true }, 'ringing', now)).toBeNull();
    expect(windowAlertFor({ call: sampleCall({ answered: false }), alert: null, fromCatchUp: true }, 'ringing', now)).toBeNull();
  });
});
