// The one back-off both threads restart by: the store worker (storeConnection.ts) at its own pace, the reader
// thread (readerPool.ts) from the first wait it is given, each doubling up to its cap.

import { describe, expect, it } from 'vitest';
import { backOff, exitInWords, FIRST_DELAY_MS, MAX_DELAY_MS, restartDelay } from '../../electron/core/thread/restartPolicy';

describe('restart back-off', () => {
  it('doubles from the first wait on each failure in a row, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backOff(failures, 50, 300))).toEqual([50, 100, 200, 300, 300]);
    expect(backOff(0, 50, 300)).toBe(50);
  });

  it('is the store worker’s own pace with its first wait and cap', () => {
    for (const failures of [1, 2, 7, 40]) expect(restartDelay(failures)).toBe(backOff(failures, FIRST_DELAY_MS, MAX_DELAY_MS));
  });

  it('words a worker error that crossed as its code alone (SQLite errors do) by that code, never "undefined"', () => {
    const codeOnly = Object.assign(new Error(), { code: 'SQLITE_FULL' });
    expect(exitInWords(1, codeOnly)).toBe("The call database's thread stopped with an error: SQLITE_FULL");
    expect(exitInWords(1, new Error())).toBe("The call database's thread stopped with an error: no details");
    expect(exitInWords(1, new Error('boom'))).toBe("The call database's thread stopped with an error: boom");
  });
});
