// The deliveries inspector's part of the hash, its exact times and its fixed words.

import { describe, expect, it } from 'vitest';
import { formatExactTime } from '../../shared/format';
import { countWords, emptyWords } from '../../renderer/src/components/deliveries/words';
import { sizeInWords } from '../../shared/format';
import { callHref, deliveryHref, formatInspectorRoute, NO_INSPECTOR_FILTERS, parseInspectorRoute } from '../../renderer/src/model/route';

describe('the inspector route', () => {
  it('reads and writes the kind, the search and the open delivery', () => {
    const route = parseInspectorRoute('#/deliveries?kind=failed&q=Priya+Shah&delivery=12');
    expect(route).toEqual({ tab: 'webhooks', kind: 'failed', outcome: null, q: 'Priya Shah', selected: 12 });
    expect(parseInspectorRoute(formatInspectorRoute(route))).toEqual(route);
  });

  it('keeps the answers tab apart, with its own outcome and open answer', () => {
    const route = parseInspectorRoute('#/deliveries?tab=answers&kind=rejected&answer=3&delivery=9');
    expect(route).toEqual({ tab: 'answers', kind: null, outcome: 'rejected', q: '', selected: 3 });
    expect(formatInspectorRoute(route)).toBe('#/deliveries?tab=answers&kind=rejected&answer=3');
  });

  it('drops what it does not know', () => {
    expect(parseInspectorRoute('#/deliveries?kind=lost&delivery=-4')).toEqual(NO_INSPECTOR_FILTERS);
    expect(parseInspectorRoute('#/deliveries?tab=answers&kind=duplicate').outcome).toBeNull();
    expect(formatInspectorRoute(NO_INSPECTOR_FILTERS)).toBe('#/deliveries');
  });

  it('links a delivery and a call', () => {
    expect(deliveryHref(7)).toBe('#/deliveries?delivery=7');
    expect(callHref(42)).toBe('#/calls?call=42');
  });
});

describe('formatExactTime', () => {
  const now = Date.parse('2026-12-01T20:00:00Z');
  const plain = (s: string) => s.replace(/\u202f/g, ' ');

  it('says the seconds, in the zone given', () => {
    expect(plain(formatExactTime('2026-12-01T19:07:13Z', now, 'America/Toronto'))).toBe('Dec 1, 2:07:13 PM');
    expect(plain(formatExactTime('2026-12-01T19:07:13Z', now, 'UTC'))).toBe('Dec 1, 7:07:13 PM');
  });

  it('adds the year only when it is not this year, in that zone', () => {
    expect(plain(formatExactTime('2025-11-30T23:59:59Z', now, 'UTC'))).toBe('Nov 30, 2025, 11:59:59 PM');
    // Still 2025 in Toronto when it is already 2026 in UTC.
    expect(plain(formatExactTime('2026-01-01T02:00:00Z', Date.parse('2026-06-01T00:00:00Z'), 'America/Toronto'))).toBe('Dec 31, 2025, 9:00:00 PM');
    expect(formatExactTime('not a time', now)).toBe('');
  });
});

describe('the inspector words', () => {
  it('says how many are shown, never hiding that older ones exist', () => {
    expect(countWords(50, true, 'delivery', 'deliveries')).toBe('Showing the newest 50 deliveries. Older ones are stored too.');
    expect(countWords(7, false, 'answer', 'answers')).toBe('Showing all 7 answers.');
    expect(countWords(1, false, 'refused delivery', 'refused deliveries')).toBe('Showing the only refused delivery.');
  });

  it('has an empty state in words for every filter and for a search', () => {
    const kinds = [null, 'accepted', 'duplicate', 'rejected', 'refused', 'failed'] as const;
    const words = kinds.map((k) => emptyWords(k, ''));
    expect(new Set(words).size).toBe(kinds.length);
    expect(emptyWords('failed', 'shah')).toBe("No delivery matches “shah”. Search finds a caller's name or number, or a delivery's id.");
  });

  it('writes sizes as the file manager does', () => {
    expect(sizeInWords(1)).toBe('1 byte');
    expect(sizeInWords(17)).toBe('17 bytes');
    expect(sizeInWords(4096)).toBe('4 kB');
    expect(sizeInWords(3.2 * 1024 * 1024)).toBe('3.2 MB');
    expect(sizeInWords(64 * 1024 * 1024)).toBe('64 MB');
  });
});
