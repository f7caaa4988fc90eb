import { describe, expect, it } from 'vitest';
import { ianaZoneFor, localTimestampToIso, parseTimestamp, utcTimestampToIso } from '../../shared/marketingEdge/time';

describe('vendor timestamps', () => {
  it('reads UTC fields as UTC whatever the machine zone', () => {
    expect(utcTimestampToIso('2019-11-15T14:09:45.591')).toBe('2019-11-15T14:09:45.591Z');
    expect(utcTimestampToIso('2016-05-04T17:17:41')).toBe('2016-05-04T17:17:41.000Z');
    expect(utcTimestampToIso('2019-11-15T09:09:54-05:00')).toBe('2019-11-15T14:09:54.000Z');
  });

  it('converts local times in the named zone, DST-correct', () => {
    // May 2016 is daylight time (UTC-4), November 2019 standard time (UTC-5): both samples agree.
    expect(localTimestampToIso('2016-05-04T13:17:24', 'America/New_York')).toBe('2016-05-04T17:17:24.000Z');
    expect(localTimestampToIso('2019-11-15T09:09:54', 'America/New_York')).toBe('2019-11-15T14:09:54.000Z');
    expect(localTimestampToIso('2019-07-01T09:00:00', 'America/Phoenix')).toBe('2019-07-01T16:00:00.000Z');
    expect(localTimestampToIso('2019-07-01T09:00:00', 'America/St_Johns')).toBe('2019-07-01T11:30:00.000Z');
  });

  it('takes the earlier instant in the autumn overlap and the pre-change offset in the spring gap', () => {
    expect(localTimestampToIso('2021-11-07T01:30:00', 'America/New_York')).toBe('2021-11-07T05:30:00.000Z');
    expect(localTimestampToIso('2021-03-14T02:30:00', 'America/New_York')).toBe('2021-03-14T07:30:00.000Z');
    // Newfoundland changed at 00:01 local until 2011: not on any quarter hour of UTC.
    expect(localTimestampToIso('2000-04-02T01:05:00', 'America/St_Johns')).toBe('2000-04-02T03:35:00.000Z');
  });

  it('reads the M/D/YYYY h:mm:ss AM format', () => {
    expect(localTimestampToIso('4/30/2021 1:31:38 PM', 'America/Chicago')).toBe('2021-04-30T18:31:38.000Z');
    expect(localTimestampToIso('12/1/2021 12:05:00 AM', 'America/Los_Angeles')).toBe('2021-12-01T08:05:00.000Z');
    expect(utcTimestampToIso('1/2/2020 12:00:00 PM')).toBe('2020-01-02T12:00:00.000Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    expect(parseTimestamp('2021-02-30T10:00:00')).toBeNull();
    expect(parseTimestamp('13/1/2021 1:00:00 PM')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it('maps vendor zone names to IANA zones and gives null for unknown ones', () => {
    expect(ianaZoneFor('Eastern')).toBe('America/New_York');
    expect(ianaZoneFor('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaZoneFor('Newfoundland')).toBe('America/St_Johns');
    expect(ianaZoneFor('America/Denver')).toBe('America/Denver');
    expect(ianaZoneFor('Martian')).toBeNull();
    expect(localTimestampToIso('2019-11-15T09:09:54', null)).toBeNull();
  });
});
