// The tray on the day of the upgrade, as wired in electron/shell/main.ts on the Electron stand-in: the entries
// of a history from before call-backs are counted after start, and the tray ends with all of them (the end of
// the count is pushed once, without its entries), never "still counting" after it. Real: the core on a SQLite
// file, the deliveries stored by its own ingest, then left as an upgrade leaves them.

import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { BUILD_FLAG } from '../../electron/core/store/followUps';
import { missedCall, storeCalls } from '../support/missedCalls';
import { menuLabels, startShell, stopShell, tray, until, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

const CALLERS = 40;
let shell: ShellHome;

beforeAll(async () => {
  shell = await startShell(async (dataDir) => {
    await storeCalls(
      dataDir,
      Array.from({ length: CALLERS }, (_, i) => missedCall(i + 1, { telmetricsId: 5_400_000_000, callerNumber: 4_165_570_000 })),
    );
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
