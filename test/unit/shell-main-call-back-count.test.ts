// The tray's count of people to call back at start, as wired in electron/shell/main.ts on the Electron stand-in:
// all the open entries an earlier run left, also past the 500 a listing of them stops at. Real: the core on a
// SQLite file, the deliveries stored by its own ingest.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FOLLOW_UPS_LISTED } from '../../electron/core/store/followUps';
import { missedCall, storeCalls } from '../support/missedCalls';
import { menuLabels, startShell, stopShell, tray, until, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

const CALLERS = FOLLOW_UPS_LISTED + 1;
let shell: ShellHome;

beforeAll(async () => {
  // An earlier run left more people to call back than a listing of them holds.
  shell = await startShell(async (dataDir) => {
    const calls = Array.from({ length: CALLERS }, (_, i) =>
      missedCall(i + 1, { telmetricsId: 5_300_000_000, callerNumber: 4_165_560_000 }, `Caller ${i + 1}`),
    );
    expect(await storeCalls(dataDir, calls)).toBe(CALLERS);
  });
});

afterAll(() => stopShell(shell));

describe('the people to call back, counted at start', () => {
  it('counts every open entry, not the first page of them', async () => {
    await until(() => menuLabels().includes(`To call back: ${CALLERS}`), 'the count read at start');
    expect(tray().tooltip).toMatch(new RegExp(`^Call Alerts · ${CALLERS} people to call back · `));
  });
});
