// The tray names a call database that refuses calls before anything else.

import { describe, expect, it } from 'vitest';
import { trayIconState, trayMenu, trayTooltip } from '../../electron/shell/trayModel';
import { QUIET_TRAY as base } from '../support/trayInput';

describe('tray and the call database', () => {
  it('says nothing while the database is fine', () => {
    expect(trayIconState(base)).toBe('normal');
    expect(trayMenu({ ...base, database: null })[0]).toMatchObject({ label: 'Open call history' });
  });

  it('leads with a damaged or lost database, naming the file, and shows the down icon', () => {
    const damaged = { ...base, database: { kind: 'damaged' as const, file: '/data/calls.sqlite' } };
    expect(trayIconState(damaged)).toBe('down');
    expect(trayTooltip(damaged)).toContain('the call database is damaged');
    expect(trayMenu(damaged)[0]).toMatchObject({ label: expect.stringMatching(/damaged.*backup.*\/data\/calls\.sqlite/), command: 'open-history' });
    const lost = { ...base, database: { kind: 'lost' as const, file: '/data/calls.sqlite' } };
    expect(trayTooltip(lost)).toContain('the call database is gone');
    expect(trayMenu(lost)[0]).toMatchObject({ label: expect.stringMatching(/deleted or replaced.*restarts/) });
  });
});
