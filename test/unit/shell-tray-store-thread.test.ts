// The tray while the call database's thread is started again after it stopped unexpectedly: webhooks get 503 (the
// vendor sends them again), so it says so in plain words, shows the down icon, and goes quiet once it runs again.

import { describe, expect, it } from 'vitest';
import { storeThreadLine, storeThreadRedraws, trayIconState, trayMenu, trayTooltip, type TrayInput } from '../../electron/shell/trayModel';
import { QUIET_TRAY as base } from '../support/trayInput';

const restarting: TrayInput = { ...base, storeThread: { state: 'restarting' } };

describe('tray and the call database’s thread', () => {
  it('says nothing while it runs, is starting or has stopped at quit', () => {
    for (const state of ['running', 'starting', 'stopped'] as const) {
      const input = { ...base, storeThread: { state } };
      expect(storeThreadLine(input.storeThread)).toBeNull();
      expect(trayIconState(input)).toBe('normal');
      expect(trayMenu(input)[0]).toMatchObject({ label: 'Open call history' });
      expect(trayTooltip(input, 'linux')).toBe('Call Alerts · Public URL: online (x.example)');
    }
    expect(storeThreadLine(null)).toBeNull();
  });

  it('while it restarts: the down icon, a first menu line that does nothing, and the tooltip says it first', () => {
    expect(trayIconState(restarting)).toBe('down');
    const menu = trayMenu(restarting);
    expect(menu[0]).toEqual({
      type: 'normal',
      label: '⚠ Restarting the call database… calls will come in again in a moment',
      command: null,
      enabled: false,
    });
    expect(menu[1]).toEqual({ type: 'separator' });
    expect(menu[2]).toMatchObject({ label: 'Open call history', command: 'open-history' });
    expect(trayTooltip(restarting, 'win32')).toBe('Call Alerts · restarting the call database · Public URL: online (x.example)');
  });

  it('outranks a pause and new calls in the icon, and comes after a damaged database in the menu', () => {
    expect(trayIconState({ ...restarting, pausedUntil: base.now + 60_000, unseen: 3 })).toBe('down');
    const both = trayMenu({ ...restarting, database: { kind: 'damaged', file: '/data/calls.sqlite' } });
    expect(both.map((e) => (e.type === 'separator' ? '---' : e.label)).slice(0, 4)).toEqual([
      expect.stringMatching(/^⚠ The call database is damaged/),
      '---',
      '⚠ Restarting the call database… calls will come in again in a moment',
      '---',
    ]);
  });

  it('is drawn again when a restart begins or ends, not when the thread starts or stops at quit', () => {
    const at = (state: 'starting' | 'running' | 'restarting' | 'stopped') => ({ state });
    expect(storeThreadRedraws(at('running'), at('restarting'))).toBe(true);
    expect(storeThreadRedraws(at('restarting'), at('running'))).toBe(true);
    expect(storeThreadRedraws(at('restarting'), at('stopped'))).toBe(true);
    expect(storeThreadRedraws(at('starting'), at('running'))).toBe(false);
    expect(storeThreadRedraws(at('running'), at('stopped'))).toBe(false);
    expect(storeThreadRedraws(null, at('running'))).toBe(false);
  });
});
