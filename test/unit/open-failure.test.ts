// Why a restarted store worker could not open the call database, from the error's code: each cause gets words
// that say what is wrong and what to do, and the tray leads with them instead of "restarting… in a moment".

import { describe, expect, it } from 'vitest';
import { cannotOpenProblem, openFailureCause, type OpenFailureCause } from '../../electron/core/thread/openFailure';
import { trayIconState, trayMenu, trayTooltip } from '../../electron/shell/trayModel';
import { QUIET_TRAY as base } from '../support/trayInput';

const FILE = '/home/desk/.config/Call Alerts/calls.sqlite';

describe('a call database that cannot be opened', () => {
  it('tells the cause from the system or SQLite code, extended codes by their primary one', () => {
    const causes: [string | undefined, OpenFailureCause][] = [
      ['ENOSPC', 'disk-full'],
      ['SQLITE_FULL', 'disk-full'],
      ['EACCES', 'not-allowed'],
      ['EPERM', 'not-allowed'],
      ['SQLITE_READONLY', 'not-allowed'],
      ['SQLITE_READONLY_DIRECTORY', 'not-allowed'],
      ['SQLITE_CANTOPEN', 'not-allowed'],
      ['SQLITE_BUSY', 'in-use'],
      ['SQLITE_BUSY_SNAPSHOT', 'in-use'],
      ['SQLITE_LOCKED', 'in-use'],
      ['EBUSY', 'in-use'],
      ['SQLITE_NOTADB', 'unreadable'],
      ['SQLITE_CORRUPT_INDEX', 'unreadable'],
      ['SQLITE_IOERR_WRITE', 'disk-error'],
      ['ERR_SOMETHING', 'unknown'],
      [undefined, 'unknown'],
    ];
    expect(causes.map(([code]) => [code, openFailureCause(code)])).toEqual(causes);
  });

  it('says what is wrong, what to do, and that it keeps trying, in one paragraph per cause', () => {
    const full = cannotOpenProblem(FILE, 'disk-full');
    expect(full).toEqual({ kind: 'cannot-open', file: FILE, cause: 'the disk is full', reason: expect.any(String) });
    expect(full.reason).toMatch(new RegExp(`^Call Alerts cannot open its call database ${FILE}: the disk is full\\. Free some space`));
    expect(cannotOpenProblem(FILE, 'in-use').reason).toMatch(/another program is holding the file\. Close the program/);
    expect(cannotOpenProblem(FILE, 'unreadable').reason).toContain('restore the latest backup from /home/desk/.config/Call Alerts/backups');
    for (const cause of ['disk-full', 'not-allowed', 'in-use', 'unreadable', 'disk-error', 'unknown'] as const) {
      const { reason } = cannotOpenProblem(FILE, cause);
      expect(reason, cause).toMatch(/Call Alerts keeps trying; until it can, new calls are refused/);
      expect(reason, cause).not.toMatch(/\n|SQLITE|E[A-Z]{3,}/);
    }
  });

  it('leads the tray with the cause instead of "restarting in a moment", with the down icon', () => {
    const input = { ...base, database: cannotOpenProblem(FILE, 'disk-full'), storeThread: { state: 'restarting' as const } };
    expect(trayIconState(input)).toBe('down');
    const labels = trayMenu(input).map((e) => (e.type === 'separator' ? '---' : e.label));
    expect(labels.slice(0, 3)).toEqual([
      '⚠ Cannot open the call database: the disk is full. Calls are refused; it keeps trying',
      '---',
      'Open call history',
    ]);
    expect(trayMenu(input)[0]).toMatchObject({ command: 'open-history', enabled: true });
    expect(trayTooltip(input, 'win32')).toBe('Call Alerts · cannot open the call database: the disk is full · Public URL: online (x.example)');
  });
});
