// The tray on the day of the upgrade, as wired in electron/shell/main.ts on the Electron stand-in: the entries
// of a history from before call-backs are counted after start, and the tray ends with all of them (the end of
// the count is pushed once, without its entries), never "still counting" after it. Real: the core on a SQLite
// file, the deliveries stored by its own ingest, then left as an upgrade leaves them.

import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../electron/core/core';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { BUILD_FLAG } from '../../electron/core/store/followUps';
import { callDeliveries, type CallSpec } from '../support/payloads';
import { menuLabels, startShell, stopShell, tray, until, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

const CALLERS = 40;
let shell: ShellHome;

function missed(n: number): CallSpec {
  const at = new Date(Date.UTC(2026, 10, 10, 9) + n * 60_000).toISOString();
  return {
    telmetricsId: String(5_400_000_000 + n),
    callerNumber: String(4_165_570_000 + n),
    answered: false,
    localStart: at.slice(0, 19),
    ringUtc: at.slice(0, 23),
  };
}

beforeAll(async () => {
  shell = await startShell(async (dataDir) => {
    const earlier = await startCore({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC' });
    const bodies = Array.from({ length: CALLERS }, (_, i) => callDeliveries(missed(i + 1))).flatMap((c) => [c.start, c.preprocessed]);
    earlier.store.ingestBatch(
      bodies.map((body) => ({ receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' })),
    );
    await earlier.close();
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.exec(`DELETE FROM follow_ups; DELETE FROM follow_up_calls; INSERT INTO settings (key, value) VALUES ('${BUILD_FLAG}', '1')`);
    db.close();
  });
});

afterAll(() => stopShell(shell));

describe('the people to call back, counted after the start of an upgraded history', () => {
  it('ends with every open entry in the tray', async () => {
    await until(() => menuLabels().includes(`To call back: ${CALLERS}`), 'the count once counted');
    expect(menuLabels().some((label) => label.includes('still counting'))).toBe(false);
    expect(tray().tooltip).toMatch(new RegExp(`^Call Alerts · ${CALLERS} people to call back · `));
  });
});
