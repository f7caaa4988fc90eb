// The read model remembers the names it chose (electron/core/store/callReads.ts rememberedNames): a name
// remembered must be the one chosen afresh, whatever input differs, and the memory stays bounded.

import { describe, expect, it } from 'vitest';
import { rememberedNames } from '../../electron/core/store/callReads';

const call = {
  status: 'processed' as const,
  callerName: 'JOHN DOE',
  callerCity: 'Hamilton',
  callerState: 'ON',
  callerNumber: '9055802958',
  lookedUpName: 'John Doe' as string | null | undefined,
};

describe('remembered names', () => {
  it('tells apart every input a name is chosen from, a fold without lookedUpName from one with it null', () => {
    const nameOf = rememberedNames();
    const fresh = () => rememberedNames();
    const cases: [typeof call, string | null, string | null][] = [
      [call, null, null],
      [call, 'Front Desk Friend', null],
      [{ ...call, lookedUpName: null }, null, 'Jane Roe'],
      // Before lookedUpName existed, a processed fold's callerName was the vendor's lookup: it wins over the earlier name.
      [{ ...call, lookedUpName: undefined }, null, 'Jane Roe'],
      [{ ...call, lookedUpName: undefined, status: 'ringing' as never }, null, 'Jane Roe'],
      [{ ...call, lookedUpName: null, callerName: 'WIRELESS CALLER' }, null, null],
      [{ ...call, lookedUpName: null, callerName: 'HAMILTON ON' }, null, null],
      [{ ...call, lookedUpName: null, callerName: 'HAMILTON ON', callerCity: 'Toronto' }, null, null],
    ];
    // Twice over: the second round reads what the first remembered.
    for (let round = 0; round < 2; round++)
      for (const [c, contact, earlier] of cases) expect(nameOf(c, contact, earlier)).toEqual(fresh()(c, contact, earlier));
    expect(nameOf({ ...call, lookedUpName: null }, null, 'Jane Roe').displayName).toBe('Jane Roe');
    expect(nameOf({ ...call, lookedUpName: undefined }, null, 'Jane Roe').displayName).toBe('John Doe');
    expect(nameOf({ ...call, lookedUpName: null, callerName: 'HAMILTON ON' }, null, null).nameSource).toBe('number');
  });

  it('stays right past the most it keeps', () => {
    const nameOf = rememberedNames(2);
    for (let round = 0; round < 3; round++)
      for (const name of ['Ann Lee', 'Bob Ray', 'Cy Young']) expect(nameOf({ ...call, lookedUpName: name }, null, null).displayName).toBe(name);
  });
});
