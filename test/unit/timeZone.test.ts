// The one time-zone module, checked against Intl itself: an oracle formats each instant with a formatter of
// its own (to the millisecond, no cache), in zones with quarter- and half-hour offsets, a negative DST
// (Dublin), a half-hour DST (Lord Howe), skipped midnights (Santiago, Havana) and a skipped day (Apia).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeZone, localDay, minuteOfDay, offsetMs, startOfDay, wallClockText, wallTimeAt, wallTimeToUtcMs } from '../../shared/timeZone';
import { oracleText } from '../support/zoneOracle';

const ZONES = [
  'America/New_York',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Europe/Dublin',
  'America/Santiago',
  'America/Havana',
  'Pacific/Apia',
  'UTC',
];

const oracleOffset = (ms: number, zone: string) => Date.parse(`${oracleText(ms, zone)}Z`) - Math.floor(ms / 1000) * 1000;
const oracleDay = (ms: number, zone: string) => oracleText(ms, zone).slice(0, 10);

/** Every offset change of the zone in 2000–2035, to the second (found by bisecting days where the offset differs). */
function transitions(zone: string): number[] {
  const out: number[] = [];
  for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2035, 0, 1); day += 86_400_000) {
    if (oracleOffset(day, zone) === oracleOffset(day + 86_400_000, zone)) continue;
    let [low, high] = [day, day + 86_400_000];
    while (high - low > 1000) {
      const mid = Math.floor((low + high) / 2000) * 1000;
      if (oracleOffset(mid, zone) === oracleOffset(low, zone)) low = mid;
      else high = mid;
    }
    out.push(high);
  }
  return out;
}

const CHANGES = new Map(ZONES.map((zone) => [zone, transitions(zone)]));
const ANY_INSTANT = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) });
/** An instant within two hours of one of the zone's offset changes: where a cache keyed too coarsely goes wrong. */
const NEAR_A_CHANGE = fc
  .constantFrom(...ZONES.filter((z) => CHANGES.get(z)!.length > 0))
  .chain((zone) => fc.tuple(fc.constant(zone), fc.constantFrom(...CHANGES.get(zone)!), fc.integer({ min: -7_200_000, max: 7_200_000 })))
  .map(([zone, change, delta]) => ({ zone, ms: change + delta }));
const ZONED_INSTANT = fc.oneof(fc.record({ zone: fc.constantFrom(...ZONES), ms: ANY_INSTANT }), NEAR_A_CHANGE);

describe('zone names', () => {
  it('accepts the IANA zones Intl knows, and nothing else', () => {
    for (const zone of [...ZONES, 'America/Toronto', 'Etc/GMT+5', 'america/new_york', 'Asia/Calcutta'])
      expect([zone, isTimeZone(zone)]).toEqual([zone, true]);
    for (const zone of ['', ' ', 'Mars/Olympus_Mons', 'America/New_York ', 'Local', '+05:00', '-0800', 'Eastern', '../../etc/passwd']) {
      expect([zone, isTimeZone(zone)]).toEqual([zone, false]);
    }
  });

  it('every other call with an unknown zone throws, as Intl does', () => {
    expect(() => offsetMs(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('offsets and wall-clock time', () => {
  it('the quarter- and half-hour zones have their offsets', () => {
    expect(offsetMs(Date.UTC(2024, 0, 15), 'Asia/Kathmandu')).toBe((5 * 60 + 45) * 60_000);
    expect(offsetMs(Date.UTC(2024, 0, 15), 'America/St_Johns')).toBe(-(3 * 60 + 30) * 60_000);
    expect(offsetMs(Date.UTC(2024, 6, 15), 'America/St_Johns')).toBe(-(2 * 60 + 30) * 60_000);
    expect(offsetMs(Date.UTC(2024, 0, 15), 'Pacific/Chatham')).toBe((13 * 60 + 45) * 60_000);
    expect(wallClockText(Date.UTC(2024, 0, 15, 12, 0, 0), 'Asia/Kathmandu')).toBe('2024-01-15T17:45:00');
  });

  it('agree with Intl at any instant, and around every offset change', () => {
    fc.assert(
      fc.property(ZONED_INSTANT, ({ zone, ms }) => {
        expect(offsetMs(ms, zone)).toBe(oracleOffset(ms, zone));
        const text = oracleText(ms, zone);
        expect(wallClockText(ms, zone)).toBe(text);
        expect(localDay(ms, zone)).toBe(text.slice(0, 10));
        expect(minuteOfDay(ms, zone)).toBe(+text.slice(11, 13) * 60 + +text.slice(14, 16));
        const wall = wallTimeAt(ms, zone);
        expect([wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second]).toEqual(text.split(/[-T:]/).map(Number));
      }),
      { numRuns: 3000 },
    );
  });

  it('are the same whether the offset was cached or not', () => {
    // Asked in reverse time order and twice: a cache trusting one offset per hour or quarter hour misses the changes inside one.
    for (const zone of ['Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu']) {
      for (const change of CHANGES.get(zone)!.slice(0, 6)) {
        for (let ms = change + 3_600_000; ms >= change - 3_600_000; ms -= 5 * 60_000) {
          expect(wallClockText(ms, zone)).toBe(oracleText(ms, zone));
          expect(wallClockText(ms, zone)).toBe(oracleText(ms, zone));
        }
      }
    }
  });
});

describe('wall-clock time back to the instant', () => {
  it('turns any wall-clock time of an instant back into that instant, or the earlier one in an overlap', () => {
    fc.assert(
      fc.property(ZONED_INSTANT, ({ zone, ms }) => {
        const instant = Math.floor(ms / 1000) * 1000;
        const text = oracleText(instant, zone);
        const [year, month, day, hour, minute, second] = text.split(/[-T:]/).map(Number) as [number, number, number, number, number, number];
        const back = wallTimeToUtcMs({ year, month, day, hour, minute, second, millisecond: 0 }, zone);
        expect(oracleText(back, zone)).toBe(text);
        expect(back).toBeLessThanOrEqual(instant);
        expect(instant - back).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a time in the spring gap with the offset before the change', () => {
    const gap = { year: 2021, month: 3, day: 14, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(new Date(wallTimeToUtcMs(gap, 'America/New_York')).toISOString()).toBe('2021-03-14T07:30:00.000Z');
    expect(new Date(wallTimeToUtcMs({ ...gap, month: 11, day: 7, hour: 1 }, 'America/New_York')).toISOString()).toBe('2021-11-07T05:30:00.000Z');
  });
});

describe('calendar days', () => {
  it('start at the first instant of the day, on 23- and 25-hour days and where midnight is skipped', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(iso(startOfDay(Date.parse('2026-03-08T06:00:00Z'), 'America/Toronto', 1))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(startOfDay(Date.parse('2026-11-01T04:30:00Z'), 'America/Toronto', 1))).toBe('2026-11-02T05:00:00.000Z');
    expect(iso(startOfDay(Date.parse('2026-11-01T12:00:00Z'), 'America/Toronto'))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(startOfDay(Date.parse('2026-03-10T12:00:00Z'), 'Asia/Kolkata', 1))).toBe('2026-03-10T18:30:00.000Z');
    // Chile springs forward at midnight: 11 September 2022 began at 01:00 (-03), 04:00Z.
    expect(iso(startOfDay(Date.parse('2022-09-10T15:00:00Z'), 'America/Santiago', 1))).toBe('2022-09-11T04:00:00.000Z');
    // Samoa skipped 30 December 2011: the day after the 29th is the 31st.
    const after29th = startOfDay(Date.parse('2011-12-29T20:00:00Z'), 'Pacific/Apia', 1);
    expect([iso(after29th), localDay(after29th, 'Pacific/Apia')]).toEqual(['2011-12-30T10:00:00.000Z', '2011-12-31']);
    expect(localDay(startOfDay(after29th, 'Pacific/Apia', -1), 'Pacific/Apia')).toBe('2011-12-29');
  });

  it('yesterday, today and tomorrow start where Intl changes the date', () => {
    fc.assert(
      fc.property(ZONED_INSTANT, fc.constantFrom(-1, 0, 1), ({ zone, ms }, days) => {
        const start = startOfDay(ms, zone, days);
        const today = oracleDay(ms, zone);
        const started = oracleDay(start, zone);
        const before = oracleDay(start - 1, zone);
        if (days === 0) expect([started, start <= ms]).toEqual([today, true]);
        else expect(days < 0 ? started < today && before < started : started > today && before === today).toBe(true);
        expect(before).not.toBe(started);
      }),
      { numRuns: 3000 },
    );
  });
});
