import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../electron/core/recordings/download';

const LIMITS = { maxBytes: 1024 ** 2, timeoutMs: 60_000 };

/** A real ENOSPC: /dev/full refuses every write with it. */
function diskFullError(): unknown {
  try {
    fs.writeFileSync('/dev/full', 'x');
  } catch (error) {
    return error;
  }
  throw new Error('/dev/full accepted a write');
}

describe('why a recording download failed', () => {
  it('tries a full disk again later, so recordings fetched while it is full are not written off', () => {
    const error = diskFullError();
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(describeFailure(error, LIMITS)).toEqual({ error: 'The disk is full; the download is tried again later', retry: true });
  });
});
