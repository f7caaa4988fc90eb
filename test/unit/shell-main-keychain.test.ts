// The main process on the Electron stand-in when the keychain will not give a secret back: the webhook
// secret was sealed under a key this safeStorage does not have (the key store was reset, or access denied),
// so decrypting it throws as Electron's does. The app starts anyway, a real webhook becomes a notification,
// and the tray and the window's health say what is affected.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HealthResponse } from '../../shared/api';
import { invokeChannel } from '../../shared/ipc';
import { state } from '../support/electronStandIn';
import { postWebhook } from '../support/core';
import { callDeliveries, SAMPLE_CALLER } from '../support/payloads';
import { menuLabels, startShell, stopShell, tray, until, win, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

let shell: ShellHome;

beforeAll(async () => {
  shell = await startShell((dataDir) => {
    fs.mkdirSync(dataDir, { recursive: true });
    // Sealed by another key: 12 bytes of IV, 16 of tag, then the ciphertext, as safeStorage lays it out.
    const sealed = crypto.randomBytes(60).toString('base64');
    fs.writeFileSync(path.join(dataDir, 'secrets.enc.json'), JSON.stringify({ webhookSecret: sealed }), { mode: 0o600 });
  });
});

afterAll(() => stopShell(shell));

describe('a webhook secret the keychain will not give back', () => {
  it('does not stop the app: a real webhook still becomes a notification', async () => {
    expect((await postWebhook(shell.webhookUrl, callDeliveries({ ...SAMPLE_CALLER, telmetricsId: '5200000001' }).start)).status).toBe(200);
    await until(() => state.notifications[0], 'the notification');
  });

  it('is said first in the tray: tooltip and a line that does nothing', () => {
    expect(tray().tooltip).toMatch(/^Call Alerts · keychain locked: signatures not checked/);
    expect(menuLabels().slice(0, 2)).toEqual([
      '⚠ Keychain locked: signatures not checked',
      'Unlock it and restart Call Alerts (the window says how)',
    ]);
    expect(tray().menu.items[0]!.enabled).toBe(false);
  });

  it('is in the log file, as the store’s thread said it (its console reaches the log through stderr)', async () => {
    const log = () => fs.readFileSync(path.join(shell.dataDir, 'logs', 'main.log'), 'utf8');
    await expect.poll(log).toMatch(/ WARN The secret "webhookSecret" could not be read: The stored secret "webhookSecret" cannot be decrypted/);
  });

  it('is in the health the window reads over IPC, with what to do', async () => {
    const contents = win().webContents;
    const health = (await state.handlers.get(invokeChannel('health'))!({ sender: contents, senderFrame: contents.mainFrame })) as HealthResponse;
    expect(health.ok).toBe(true);
    expect(health.secrets).toHaveLength(1);
    expect(health.secrets[0]!.text).toMatch(/webhook signatures are not checked: .*system keychain\. Unlock the keychain and restart Call Alerts/);
  });
});
