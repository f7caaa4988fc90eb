import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ianaZoneFor, localTimestampToIso, parseTimestamp, utcTimestampToIso } from '../../shared/marketingEdge/time';
import { oracleText } from '../support/zoneOracle';

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

  it('turns any wall-clock time of an instant back into that instant (or the earlier one in an overlap), offsets cached or not', () => {
    // The oracle formats each instant itself, with a formatter of its own, at the exact second.
    const zones = ['America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/Dublin'];
    const roundTrips = (instant: number, zone: string) => {
      const text = oracleText(instant, zone);
      const back = Date.parse(localTimestampToIso(text, zone)!);
      expect(oracleText(back, zone)).toBe(text);
      expect(back).toBeLessThanOrEqual(instant);
      expect(instant - back).toBeLessThanOrEqual(3_600_000);
    };
    fc.assert(
      fc.property(fc.integer({ min: 946_684_800, max: 2_208_988_800 }), fc.constantFrom(...zones), (seconds, zone) =>
        roundTrips(seconds * 1000, zone),
      ),
      { numRuns: 2000 },
    );
    // Around every transition of 2021 (found by the oracle): the instants just before and after it.
    const offsetAt = (ms: number, zone: string) => Date.parse(`${oracleText(ms, zone)}Z`) - Math.floor(ms / 1000) * 1000;
    let transitions = 0;
    for (const zone of zones) {
      for (let day = Date.UTC(2021, 0, 1); day < Date.UTC(2022, 0, 1); day += 86_400_000) {
        if (offsetAt(day, zone) === offsetAt(day + 86_400_000, zone)) continue;
        let [low, high] = [day, day + 86_400_000];
        while (high - low > 1000) {
          const mid = Math.floor((low + high) / 2000) * 1000;
          if (offsetAt(mid, zone) === offsetAt(low, zone)) low = mid;
          else high = mid;
        }
        transitions++;
        for (const delta of [-3_600_000, -61_000, -1000, 0, 1000, 7 * 60_000, 899_000, 29 * 60_000, 44 * 60_000, 59 * 60_000, 7_200_000]) {
          roundTrips(high + delta, zone);
        }
      }
    }
    expect(transitions).toBe(10);
  });
});
