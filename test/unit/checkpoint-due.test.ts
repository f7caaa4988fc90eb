// When the checkpointer copies the WAL: past the threshold once ingest is quiet, past the hard cap at once,
// then every new commit until the writer starts the log over; never when nothing new was committed.

import { describe, expect, it } from 'vitest';
import {
  checkpointDue,
  firstMemory,
  nextLookMs,
  remember,
  type CheckpointMemory,
  type CheckpointPolicy,
} from '../../electron/core/store/checkpoints';

const MB = 1024 * 1024;
const policy: CheckpointPolicy = { thresholdBytes: 4 * MB, hardCapBytes: 32 * MB, quietMs: 250, pollMs: 100, chaseMs: 2 };

/** Looks at the WAL at these times: each `[ms, walBytes, dataVersion]`; returns the memory after each and what was due. */
function walk(looks: [number, number, number][], start: CheckpointMemory = firstMemory({ nowMs: 0, walBytes: 0, dataVersion: 1 })) {
  let memory = start;
  return looks.map(([nowMs, walBytes, dataVersion]) => {
    const look = { nowMs, walBytes, dataVersion };
    memory = remember(memory, look, policy);
    const due = checkpointDue(memory, look, policy);
    return { memory, due };
  });
}

describe('when to checkpoint', () => {
  it('waits for quiet past the threshold, and copies past the hard cap while ingest goes on', () => {
    const steps = walk([
      [100, 3 * MB, 2],
      [200, 5 * MB, 3],
      [300, 6 * MB, 4],
      [500, 6 * MB, 4],
      [550, 6 * MB, 4],
    ]);
    expect(steps.map((s) => s.due)).toEqual([null, null, null, null, 'quiet']);
    expect(walk([[100, 33 * MB, 2]])[0]!.due).toBe('hard-cap');
  });

  it('does nothing when everything committed was copied, however large the file still is', () => {
    const caughtUp: CheckpointMemory = { dataVersion: 7, changedAtMs: 0, caughtUpAt: 7, chasing: false };
    expect(walk([[10_000, 40 * MB, 7]], caughtUp)[0]!.due).toBeNull();
    // A copy a search held back (caughtUpAt null) is tried again.
    expect(walk([[10_000, 40 * MB, 7]], { ...caughtUp, caughtUpAt: null })[0]!.due).toBe('hard-cap');
  });

  it('chases each new commit after a copy, until the log starts over or ingest stops', () => {
    const copied: CheckpointMemory = { dataVersion: 7, changedAtMs: 0, caughtUpAt: 6, chasing: true };
    const steps = walk(
      [
        [2, 40 * MB, 8],
        [4, 40 * MB, 9],
        [6, 3 * MB, 10],
      ],
      copied,
    );
    expect(steps.map((s) => s.due)).toEqual(['chase', 'chase', null]);
    expect(steps.map((s) => nextLookMs(s.memory, policy))).toEqual([2, 2, 100]);
    const idle = walk([[1000, 40 * MB, 7]], { ...copied, caughtUpAt: 7 });
    expect(idle[0]).toMatchObject({ due: null, memory: { chasing: false } });
  });
});
