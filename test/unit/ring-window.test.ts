import { describe, expect, it } from 'vitest';
import { callOutcome } from '../../shared/calls/outcome';
import { callStatusAt, NO_DETAILS_TEXT, RING_WINDOW_MS } from '../../shared/calls/ringWindow';

describe('the ring window', () => {
  const ringAt = '2026-11-25T15:00:00.000Z';
  const rang = Date.parse(ringAt);
  const start = { status: 'ringing' as const, ringAt, startedAt: '2026-11-25T15:00:05.000Z' };

  it('is two minutes', () => expect(RING_WINDOW_MS).toBe(120_000));

  it('says ringing up to two minutes after the ring, then no-details', () => {
    expect(callStatusAt(start, rang)).toBe('ringing');
    expect(callStatusAt(start, rang + RING_WINDOW_MS)).toBe('ringing');
    expect(callStatusAt(start, rang + RING_WINDOW_MS + 1)).toBe('no-details');
    expect(callStatusAt(start, rang + 60 * 60_000)).toBe('no-details');
  });

  it('counts from the start when the ring time is not known, and keeps a call of no known time ringing', () => {
    const noRing = { ...start, ringAt: null };
    expect(callStatusAt(noRing, rang + 5_000 + RING_WINDOW_MS)).toBe('ringing');
    expect(callStatusAt(noRing, rang + 5_001 + RING_WINDOW_MS)).toBe('no-details');
    expect(callStatusAt({ ...noRing, startedAt: null }, rang + 10 * RING_WINDOW_MS)).toBe('ringing');
  });

  it('leaves calls past the Call Start as they are', () => {
    for (const status of ['ended', 'processed'] as const) expect(callStatusAt({ ...start, status }, rang + 10 * RING_WINDOW_MS)).toBe(status);
  });

  it('gives no outcome to a no-details call, and says what no-details means', () => {
    const call = { answered: null, voicemail: null };
    expect(callOutcome({ ...call, status: 'ringing' })).toBe('ringing');
    expect(callOutcome({ ...call, status: 'no-details' })).toBeNull();
    expect(NO_DETAILS_TEXT).toMatch(/^No details yet: .*Marketing Edge sends them$/);
  });
});
