// kill -9 rounds with the store in its worker thread (headless mode's default): a child process takes
// webhooks from senders that note every 200; it is SIGKILLed mid-stream and started again on the same data
// folder, several times. Every acknowledged delivery must be stored: a 200 crossed the thread boundary only
// after the worker's fsync.

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';
import { spawnHeadless } from '../support/headless';
import { expectAcknowledgedKept, HEADLESS_ARGS, sendUntilKilled, type Interrupted } from '../support/killRounds';
import { envelope, startNotification } from '../support/payloads';

const ROUNDS = 3;
const SENDERS = 16;

/** One round: senders post until `killAfter` are acknowledged, then the child is SIGKILLed with more in flight. */
async function round(dataDir: string, n: number, killAfter: number): Promise<Interrupted> {
  const server = await spawnHeadless(['--data-dir', dataDir, ...HEADLESS_ARGS]);
  expect(server.output()).toContain('in its own thread');
  return sendUntilKilled(server, {
    senders: SENDERS,
    killAfter,
    delivery: (w, i) => {
      const id = `round${n}-${w}-${i}`;
      const number = `9${n}${String(w).padStart(2, '0')}${String(i).padStart(6, '0')}`;
      const body = envelope(
        [startNotification({ telmetricsId: '0', callerNumber: number, localStart: '2026-11-02T09:00:00', ringUtc: '2026-11-02T14:00:00.000' })],
        { id },
      );
      return { id, body };
    },
  });
}

describe('kill -9 with the store in a worker thread', () => {
  const dataDir = tempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged delivery over several rounds', async () => {
    const acknowledged: string[] = [];
    let cutOff = 0;
    for (let n = 1; n <= ROUNDS; n++) {
      const result = await round(dataDir, n, 150 + 50 * n);
      acknowledged.push(...result.acknowledged);
      cutOff += result.cutOff;
    }
    expect(cutOff).toBeGreaterThan(0); // some were in flight: the rounds really interrupted work
    await expectAcknowledgedKept(dataDir, acknowledged);
    console.log(`kill -9 rounds (worker store): ${ROUNDS} rounds, ${acknowledged.length} acknowledged, ${cutOff} cut off, 0 acknowledged lost`);
  }, 120_000);
});
