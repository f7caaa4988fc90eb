// kill -9 while deliveries are in flight: every delivery that got a 2xx must be in the database after restart,
// and the database must pass PRAGMA integrity_check.

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';
import { spawnHeadless } from '../support/headless';
import { expectAcknowledgedKept, HEADLESS_ARGS, sendUntilKilled } from '../support/killRounds';
import { envelope, startNotification } from '../support/payloads';

describe('crash safety', () => {
  const dataDir = tempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged delivery through kill -9', async () => {
    const server = await spawnHeadless(['--data-dir', dataDir, ...HEADLESS_ARGS]);
    const killAfter = 400;
    const { sent, acknowledged, cutOff } = await sendUntilKilled(server, {
      senders: 32,
      killAfter,
      delivery: (w, i) => {
        const id = `crash-${w}-${i}`;
        const body = envelope(
          [
            startNotification({
              telmetricsId: '0',
              callerNumber: `905${String(w).padStart(3, '0')}${String(i).padStart(4, '0')}`,
              localStart: '2019-11-15T09:09:54',
              ringUtc: '2019-11-15T14:09:46.100',
            }),
          ],
          { id },
        );
        return { id, body };
      },
    });

    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
    expect(cutOff).toBeGreaterThan(0); // some were in flight: the test really interrupted work

    // Restart: WAL recovery, migrations, then every acknowledged delivery must be there, each with its event.
    const { accepted, events } = await expectAcknowledgedKept(dataDir, acknowledged);
    expect(events).toBe(accepted);
    console.log(
      `crash test: ${sent} sent, ${acknowledged.length} acknowledged before kill -9, ${cutOff} cut off; all acknowledged found after restart`,
    );
  }, 60_000);
});
