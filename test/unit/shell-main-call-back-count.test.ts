// The tray's count of people to call back at start, as wired in electron/shell/main.ts on the Electron stand-in:
// all the open entries an earlier run left, also past the 500 a listing of them stops at. Real: the core on a
// SQLite file, the deliveries stored by its own ingest.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../electron/core/core';
import { FOLLOW_UPS_LISTED } from '../../electron/core/store/followUps';
import { callDeliveries, type CallSpec } from '../support/payloads';
import { menuLabels, startShell, stopShell, tray, until, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

const CALLERS = FOLLOW_UPS_LISTED + 1;
let shell: ShellHome;

function missed(n: number): CallSpec {
  const at = new Date(Date.UTC(2026, 10, 10, 9) + n * 60_000).toISOString();
  return {
    telmetricsId: String(5_300_000_000 + n),
    callerNumber: String(4_165_560_000 + n),
    callerName: `Caller ${n}`,
    answered: false,
    localStart: at.slice(0, 19),
    ringUtc: at.slice(0, 23),
  };
}

beforeAll(async () => {
  // An earlier run left more people to call back than a listing of them holds.
  shell = await startShell(async (dataDir) => {
    const earlier = await startCore({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC' });
    const bodies = Array.from({ length: CALLERS }, (_, i) => callDeliveries(missed(i + 1))).flatMap((c) => [c.start, c.preprocessed]);
    earlier.store.ingestBatch(
      bodies.map((body) => ({ receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' })),
    );
    expect(earlier.store.openFollowUps()).toBe(CALLERS);
    await earlier.close();
  });
});

afterAll(() => stopShell(shell));

describe('the people to call back, counted at start', () => {
  it('counts every open entry, not the first page of them', async () => {
    await until(() => menuLabels().includes(`To call back: ${CALLERS}`), 'the count read at start');
    expect(tray().tooltip).toMatch(new RegExp(`^Call Alerts · ${CALLERS} people to call back · `));
  });
});
