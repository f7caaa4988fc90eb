import { describe, expect, it } from 'vitest';
import { adSourceOf } from '../../shared/calls/adSource';
import { alertFor, historyLine } from '../../shared/calls/alert';
import { startMatchesCall, nearestCall } from '../../shared/calls/link';
import { callCsvLine, callsCsvHeader } from '../../shared/csv';
import type { Call } from '../../shared/domain';
import { formatDuration, formatWhen } from '../../shared/format';
import { formatPhone, phoneDigits } from '../../shared/phone';
import { NO_ATTRIBUTION } from './renderer-fixtures';

describe('ad source', () => {
  it('prefers UTM, then referrer, then rule, ad name, advertiser, organisation group', () => {
    const names = { adName: 'Spring ad', advertiserName: 'Acme', orgGroupName: 'Acme Group' };
    expect(
      adSourceOf({ ...names, attribution: { ...NO_ATTRIBUTION, source: 'google', medium: 'cpc', campaign: 'spring', referrer: 'bing.com' } }),
    ).toBe('Google Ads · Spring');
    expect(adSourceOf({ ...names, attribution: { ...NO_ATTRIBUTION, referrer: 'https://www.yelp.com/biz/acme', rule: 'Direct' } })).toBe('Yelp');
    expect(adSourceOf({ ...names, attribution: { ...NO_ATTRIBUTION, rule: 'Google Paid' } })).toBe('Google Ads');
    expect(adSourceOf({ ...names, attribution: NO_ATTRIBUTION })).toBe('Spring ad');
    expect(adSourceOf({ adName: null, advertiserName: 'Acme', orgGroupName: 'G', attribution: NO_ATTRIBUTION })).toBe('Acme');
    expect(adSourceOf({ adName: null, advertiserName: null, orgGroupName: null, attribution: NO_ATTRIBUTION })).toBeNull();
  });
});

describe('phone numbers', () => {
  it('normalises and formats', () => {
    expect(phoneDigits('+1 (905) 580-2958')).toBe('9055802958');
    expect(phoneDigits('')).toBeNull();
    expect(formatPhone('9055802958')).toBe('(905) 580-2958');
    expect(formatPhone('442071234567')).toBe('+442071234567');
  });
});

describe('linking a Call Start to its call', () => {
  const call = { callerNumber: '9055552955', calledNumber: '8669592359', studyId: '1', startedAtMs: 100_000, endedAtMs: 160_000 };
  const start = { callerNumber: '9055552955', calledNumber: '8669592359', studyId: '1', ringAtMs: 92_000 };

  it('matches on numbers, study and a ring shortly before the start', () => {
    expect(startMatchesCall(start, call)).toBe(true);
    expect(startMatchesCall({ ...start, studyId: null }, call)).toBe(true);
    expect(startMatchesCall({ ...start, studyId: '2' }, call)).toBe(false);
    expect(startMatchesCall({ ...start, callerNumber: '4165550000' }, call)).toBe(false);
    expect(startMatchesCall({ ...start, ringAtMs: 100_000 - 91_000 }, call)).toBe(false);
  });

  it('a ring after the call ended is the caller calling back: a new call', () => {
    expect(startMatchesCall({ ...start, ringAtMs: 161_000 }, { ...call, startedAtMs: 150_000 })).toBe(false);
  });

  it('picks the nearest of several candidates', () => {
    const calls = [
      { id: 1, facts: { ...call, startedAtMs: 40_000, endedAtMs: 95_000 } },
      { id: 2, facts: call },
    ];
    expect(nearestCall(start, calls)?.id).toBe(2);
  });
});

describe('alert text', () => {
  const call = {
    id: 7,
    callerName: 'JOHN SMITH',
    callerNumber: '9055552955',
    callerCity: 'LANSING',
    callerState: 'mi',
    adSource: 'Google Ads · Invisalign Toronto',
    priorCalls: { count: 2, lastAt: '2026-11-24T21:10:00.000Z', lastOutcome: 'missed', recentIds: [5, 3] },
    displayName: 'John Smith',
    nameSource: 'vendor',
    contact: null,
    lineLabel: null,
  } as unknown as Call;
  const now = Date.parse('2026-11-25T15:00:00Z');

  it('names the caller and says where from, which ad, and that they called before', () => {
    expect(alertFor(call, { now, timeZone: 'America/New_York' })).toEqual({
      title: 'John Smith',
      body: '(905) 555-2955\nLansing, MI\nSource: Google Ads · Invisalign Toronto\nCalled 2 times before, last yesterday 4:10 PM (missed)',
    });
  });

  it('names the line and ends with the note of a saved contact', () => {
    const saved = { ...call, displayName: 'Priya Patel', nameSource: 'contact', contact: { name: 'Priya Patel', note: 'prefers mornings' } };
    const withLine = { ...saved, lineLabel: 'Downtown clinic', priorCalls: { ...call.priorCalls, count: 1, lastOutcome: null } } as Call;
    expect(alertFor(withLine, { now, timeZone: 'America/New_York' })).toEqual({
      title: 'Priya Patel',
      body: [
        '(905) 555-2955',
        'Line: Downtown clinic',
        'Lansing, MI',
        'Source: Google Ads · Invisalign Toronto',
        'Called once before, last yesterday 4:10 PM',
        'Note: prefers mornings',
      ].join('\n'),
    });
  });

  it('falls back to the formatted number, says "First call", and leaves out what is unknown', () => {
    const first = {
      ...call,
      callerName: null,
      callerCity: null,
      callerState: null,
      adSource: null,
      priorCalls: { count: 0, lastAt: null, lastOutcome: null, recentIds: [] },
      displayName: '(905) 555-2955',
      nameSource: 'number',
    } as Call;
    expect(alertFor(first, { now })).toEqual({ title: '(905) 555-2955', body: 'First call' });
    expect(alertFor({ ...first, displayName: 'Unknown caller', nameSource: 'none', callerNumber: null }, { now })).toEqual({
      title: 'Unknown caller',
      body: 'First call',
    });
  });

  it('says how many times before without a date when the last call has no time', () => {
    expect(historyLine({ priorCalls: { count: 3, lastAt: null, lastOutcome: 'answered', recentIds: [] } }, { now })).toBe('Called 3 times before');
  });

  it('names how the last call went only once it is known: an earlier call still "ringing" says nothing', () => {
    const lastAt = new Date(now - 60_000).toISOString();
    const line = (lastOutcome: Call['priorCalls']['lastOutcome']) =>
      historyLine({ priorCalls: { count: 1, lastAt, lastOutcome, recentIds: [] } }, { now, timeZone: 'UTC' });
    expect(line('missed')).toMatch(/^Called once before, last today \d+:\d\d [AP]M \(missed\)$/);
    expect(line('ringing')).toMatch(/^Called once before, last today \d+:\d\d [AP]M$/);
    expect(line(null)).toBe(line('ringing'));
  });
});

describe('formatting', () => {
  const now = Date.parse('2026-11-25T15:00:00Z');
  it('formats times relative to today in the given zone', () => {
    expect(formatWhen('2026-11-25T14:14:00Z', now, 'UTC')).toBe('2:14 PM');
    expect(formatWhen('2026-11-24T14:14:00Z', now, 'UTC')).toBe('Yesterday');
    expect(formatWhen('2026-03-02T14:14:00Z', now, 'UTC')).toBe('Mar 2');
    expect(formatWhen('2024-03-02T14:14:00Z', now, 'UTC')).toBe('Mar 2, 2024');
  });
  it('calls the calendar day before today yesterday, also after a 23-hour day', () => {
    // 00:30 on 9 March in Toronto, the day after clocks sprang forward: 24 hours earlier is still 7 March.
    const afterShortDay = Date.parse('2026-03-09T04:30:00Z');
    expect(formatWhen('2026-03-08T05:30:00Z', afterShortDay, 'America/Toronto')).toBe('Yesterday');
    expect(formatWhen('2026-03-08T04:30:00Z', afterShortDay, 'America/Toronto')).toBe('Mar 7');
  });
  it('formats durations', () => {
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('');
  });
});

describe('CSV export', () => {
  it('has the shown name, the line and the plain ad source beside the caller ID as sent', () => {
    const call = {
      id: 3,
      status: 'no-details',
      callerName: 'ONTARIO CALLER',
      callerNumber: '9055802958',
      calledNumber: '4165550100',
      adSource: 'Google Ads · Invisalign Toronto',
      attribution: { ...NO_ATTRIBUTION, source: 'google', medium: 'cpc', campaign: 'invisalign-toronto' },
      priorCalls: { count: 2, lastAt: null, lastOutcome: null, recentIds: [] },
      displayName: 'Priya Patel',
      nameSource: 'contact',
      contact: { name: 'Priya Patel', note: null },
      lineLabel: 'Downtown clinic',
    } as unknown as Call;
    const header = callsCsvHeader().trimEnd().split(',');
    const row = callCsvLine(call, 'UTC').trimEnd().split(',');
    const cell = (name: string) => row[header.indexOf(name)];
    expect(header.slice(0, 5)).toEqual(['Call ID', 'Started', 'Started (UTC)', 'Name', 'Caller name']);
    expect([cell('Name'), cell('Caller name'), cell('Line'), cell('Ad source'), cell('Medium'), cell('Outcome')]).toEqual([
      'Priya Patel',
      'ONTARIO CALLER',
      'Downtown clinic',
      'Google Ads · Invisalign Toronto',
      'cpc',
      'no-details',
    ]);
  });
});
