// The pop's title never falls back to the number when the vendor ever gave that number a real name: for any
// history of calls from one number, the store's rule (each call keeps realName(lookedUpName ?? callerName);
// the next call's earlierName is the latest of them) and chooseDisplayName never lose the name.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertFor } from '../../shared/calls/alert';
import { chooseDisplayName, isPlaceholderName, realName, type CallerPlace } from '../../shared/calls/callerName';
import type { Call } from '../../shared/domain';
import { formatPhone } from '../../shared/phone';
import { NO_ATTRIBUTION } from './renderer-fixtures';

const NUMBER = '9055802958';

const placeholder = fc.constantFrom(
  'WIRELESS CALLER',
  'ONTARIO CALLER',
  'TOLL FREE CALL',
  'PRIVATE CALLER',
  'UNKNOWN',
  'UNAVAILABLE',
  'ANONYMOUS',
  'ROGERS WIRELESS',
  'BELL MOBILITY',
  'HAMILTON ON',
  'TORONTO, ON',
  'LANSING MI',
  '9055802958',
  '',
  '   ',
);
const knownName = fc.constantFrom(
  'PATEL PRIYA',
  'Priya Patel',
  "mary o'brien",
  'MCLEOD',
  'DUBOIS M',
  'SMITH AL',
  'KIM IN',
  'LUDWIG VAN BEETHOVEN',
  'Jane Caller',
);
const word = fc.stringMatching(/^[A-Za-zÀ-ÿ'-]{1,10}$/);
const madeName = fc.tuple(word, word, fc.constantFrom('upper', 'lower', 'as is')).map(([a, b, casing]) => {
  const name = `${a} ${b}`;
  return casing === 'upper' ? name.toUpperCase() : casing === 'lower' ? name.toLowerCase() : name;
});
const anyName = fc.oneof(placeholder, knownName, madeName, fc.string({ maxLength: 20 }));
const maybeName = fc.option(anyName, { nil: null });
const place = fc.record<CallerPlace>({
  city: fc.option(fc.constantFrom('HAMILTON', 'Toronto', 'Lansing', 'Priya'), { nil: null }),
  state: fc.option(fc.constantFrom('ON', 'MI', 'AL'), { nil: null }),
});
const pastCall = fc.record({ callerIdName: maybeName, lookedUpName: maybeName, place });

function popOf(current: { callerIdName: string | null; lookedUpName: string | null; contactName: string | null }, earlierName: string | null) {
  const { displayName, nameSource } = chooseDisplayName({ ...current, earlierName, callerNumber: NUMBER });
  const call = {
    id: 9,
    status: 'ringing',
    callerName: current.callerIdName,
    callerNumber: NUMBER,
    callerCity: null,
    callerState: null,
    adSource: null,
    attribution: NO_ATTRIBUTION,
    priorCalls: { count: 1, lastAt: null, lastOutcome: null, recentIds: [1] },
    displayName,
    nameSource,
    contact: current.contactName ? { name: current.contactName, note: null } : null,
    lineLabel: null,
  } as unknown as Call;
  return alertFor(call, { now: Date.parse('2026-11-25T15:00:00Z'), timeZone: 'UTC' });
}

describe('the pop title of a caller the vendor named before', () => {
  it('is never the formatted number, nor a placeholder, for any history of that number', () => {
    let named = 0;
    fc.assert(
      fc.property(
        fc.array(pastCall, { minLength: 1, maxLength: 6 }),
        fc.record({ callerIdName: maybeName, lookedUpName: maybeName, contactName: fc.option(fc.constantFrom('Priya', '  '), { nil: null }) }),
        (history, current) => {
          // What the store keeps per call (calls.caller_name), then the latest real one among the earlier calls.
          const kept = history.map((c) => realName(c.lookedUpName ?? c.callerIdName, c.place));
          const earlierName = kept.filter((name) => name !== null).at(-1) ?? null;
          fc.pre(earlierName !== null);
          named++;
          const { title } = popOf(current, earlierName);
          expect(title).not.toBe(formatPhone(NUMBER));
          expect(title).not.toBe('Unknown caller');
          if (title !== 'Priya') expect(isPlaceholderName(title)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
    expect(named).toBeGreaterThan(500);
  });

  it('is the number for a caller never named, so the property above is not true of every pop', () => {
    expect(popOf({ callerIdName: 'ONTARIO CALLER', lookedUpName: null, contactName: null }, null).title).toBe('(905) 580-2958');
  });
});
