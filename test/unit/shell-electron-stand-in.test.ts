// The Electron stand-in's start-up rules (test/support/electronStandIn.ts): what the shell tests and the smoke test
// rely on to catch an API used on the wrong side of `ready`.

import { describe, expect, it } from 'vitest';
import { electron, launch, state } from '../support/electronStandIn';

const tooEarly = /cannot be used before the app is ready/;
const tooLate = /can only be called before the app is ready/;

describe('the Electron stand-in', () => {
  it('before ready: refuses what needs it, allows what must come first and the error box', async () => {
    expect(() => new electron.BrowserWindow({})).toThrow(tooEarly);
    expect(() => new electron.Tray({ path: 'icon.png' })).toThrow(tooEarly);
    expect(() => new electron.Notification({ title: 't', body: 'b' })).toThrow(tooEarly);
    expect(() => electron.protocol.handle('app', async () => new Response(''))).toThrow(tooEarly);
    expect(() => electron.session.defaultSession).toThrow(tooEarly);
    expect(() => electron.powerMonitor.on('resume', () => undefined)).toThrow(tooEarly);
    expect(() => electron.screen.getPrimaryDisplay()).toThrow(tooEarly);
    await expect(electron.dialog.showSaveDialog()).rejects.toThrow(tooEarly);
    if (process.platform === 'linux') {
      expect(electron.safeStorage.isEncryptionAvailable()).toBe(false);
      expect(() => electron.safeStorage.encryptString('secret')).toThrow(/not available before ready/);
    }
    electron.protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true } }]);
    expect(() => electron.protocol.registerSchemesAsPrivileged([])).toThrow(/only once/);
    electron.app.setPath('userData', '/tmp/data');
    electron.dialog.showErrorBox('Title', 'message');
    expect(state.errorBox).toEqual(['Title', 'message']);
    expect(electron.app.isReady()).toBe(false);
  });

  it('after ready: the reverse', async () => {
    const ready = electron.app.whenReady();
    launch();
    await ready;
    expect(electron.app.isReady()).toBe(true);
    expect(() => new electron.Tray({ path: 'icon.png' })).not.toThrow();
    expect(() => electron.session.defaultSession).not.toThrow();
    expect(electron.safeStorage.decryptString(electron.safeStorage.encryptString('secret'))).toBe('secret');
    expect(() => electron.app.setPath('userData', '/tmp/other')).toThrow(tooLate);
    expect(() => electron.protocol.registerSchemesAsPrivileged([])).toThrow(tooLate);
    electron.app.setPath('downloads', '/tmp/downloads');
  });
});
