import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filtersActive, formatRoute, listQuery, NO_FILTERS, parseRoute, presetRange, type Route } from '../../renderer/src/model/route';

// vitest runs with TZ=UTC, so "the PC's calendar" is UTC here.
const NOW = new Date('2024-03-05T15:30:00Z');

describe('route in the URL hash', () => {
  it('reads a full call view', () => {
    const route = parseRoute(
      '#/calls?q=smith%20905&date=custom&from=2024-03-01&to=2024-03-04&status=missed&source=Google%20Paid&recording=1&transcript=1&call=42',
    );
    expect(route).toEqual({
      view: 'calls',
      callId: 42,
      filters: {
        q: 'smith 905',
        date: 'custom',
        from: '2024-03-01',
        to: '2024-03-04',
        status: 'missed',
        adSource: 'Google Paid',
        adChannel: null,
        hasRecording: true,
        hasTranscript: true,
      },
    });
  });

  it('falls back to the plain call list on anything unknown', () => {
    expect(parseRoute('')).toEqual({ view: 'calls', callId: null, filters: NO_FILTERS });
    expect(parseRoute('#/nowhere?status=bogus&date=yesterday&call=-3&from=2024-99-99')).toEqual({ view: 'calls', callId: null, filters: NO_FILTERS });
    expect(parseRoute('#/settings').view).toBe('settings');
    expect(parseRoute('#/deliveries').view).toBe('deliveries');
  });

  it('ignores custom days unless the custom preset is chosen', () => {
    expect(parseRoute('#/calls?date=7d&from=2024-03-01').filters.from).toBeNull();
  });

  it('writes the empty view as a bare path and drops filters outside the call list', () => {
    expect(formatRoute({ view: 'calls', callId: null, filters: NO_FILTERS })).toBe('#/calls');
    expect(formatRoute({ view: 'settings', callId: 3, filters: { ...NO_FILTERS, q: 'x' } })).toBe('#/settings');
    expect(filtersActive(NO_FILTERS)).toBe(false);
    expect(filtersActive({ ...NO_FILTERS, hasTranscript: true })).toBe(true);
  });

  it('round-trips every call-list route', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const route = fc.record({
      view: fc.constant('calls' as const),
      callId: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
      filters: fc.record({
        q: fc.string(),
        date: fc.constantFrom('any', 'today', '7d', '30d', 'custom' as const),
        from: fc.option(day, { nil: null }),
        to: fc.option(day, { nil: null }),
        status: fc.constantFrom(null, 'answered', 'missed', 'voicemail' as const),
        adSource: fc.option(fc.string({ minLength: 1 }), { nil: null }),
        adChannel: fc.option(fc.string({ minLength: 1 }), { nil: null }),
        hasRecording: fc.boolean(),
        hasTranscript: fc.boolean(),
      }),
    });
    fc.assert(
      fc.property(route, (r) => {
        const expected: Route = r.filters.date === 'custom' ? r : { ...r, filters: { ...r.filters, from: null, to: null } };
        expect(parseRoute(formatRoute(r as Route))).toEqual(expected);
      }),
    );
  });
});

describe('date presets', () => {
  it('start at local midnight, counting today as a day', () => {
    expect(presetRange({ date: 'today', from: null, to: null }, NOW)).toEqual({ from: '2024-03-05T00:00:00.000Z' });
    expect(presetRange({ date: '7d', from: null, to: null }, NOW)).toEqual({ from: '2024-02-28T00:00:00.000Z' });
    expect(presetRange({ date: '30d', from: null, to: null }, NOW)).toEqual({ from: '2024-02-05T00:00:00.000Z' });
    expect(presetRange({ date: 'any', from: null, to: null }, NOW)).toEqual({});
  });

  it('custom days include the whole last day', () => {
    expect(presetRange({ date: 'custom', from: '2024-02-28', to: '2024-03-01' }, NOW)).toEqual({
      from: '2024-02-28T00:00:00.000Z',
      to: '2024-03-02T00:00:00.000Z',
    });
    expect(presetRange({ date: 'custom', from: null, to: '2024-12-31' }, NOW)).toEqual({ to: '2025-01-01T00:00:00.000Z' });
  });

  it('become the API query together with the other filters', () => {
    expect(listQuery({ ...NO_FILTERS, q: '  905-580 ', date: 'today', status: 'voicemail', adSource: 'Google', hasRecording: true }, NOW)).toEqual({
      q: '905-580',
      from: '2024-03-05T00:00:00.000Z',
      status: 'voicemail',
      adSource: 'Google',
      hasRecording: true,
    });
    expect(listQuery({ ...NO_FILTERS, adChannel: 'Google Ads' }, NOW)).toEqual({ adChannel: 'Google Ads' });
    expect(listQuery(NO_FILTERS, NOW)).toEqual({});
  });

  it('keeps the ad channel in the URL like the other filters', () => {
    const route: Route = { view: 'calls', callId: null, filters: { ...NO_FILTERS, adChannel: 'Google Ads' } };
    expect(formatRoute(route)).toBe('#/calls?channel=Google+Ads');
    expect(parseRoute('#/calls?channel=Google+Ads')).toEqual(route);
  });
});
