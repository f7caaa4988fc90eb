// The deliveries inspector's part of the hash, and its exact times.

import { describe, expect, it } from 'vitest';
import { formatExactTime } from '../../shared/format';
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
