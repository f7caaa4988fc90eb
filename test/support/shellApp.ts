// electron/shell/main.ts started on the Electron stand-in (the test file mocks 'electron' with it), as the packaged app
// runs in development: its app folder, config and data folders in a temp home, its webhook listener on a free port.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { layOutAppFiles } from './bundledShell';
import type { SettingsResponse } from '../../shared/api';
import { invokeChannel } from '../../shared/ipc';
import { electron, launch, state } from './electronStandIn';

export async function until<T>(probe: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const win = () => state.windows[0]!;
export const tray = () => state.trays[0]!;
export const menuLabels = () => tray().menu.items.map((i) => i.label ?? '---');

export interface ShellHome {
  home: string;
  /** The app's data folder (userData), where the database and the log are. */
  dataDir: string;
  /** The local webhook URL, as copied from the tray. */
  webhookUrl: string;
}

/** `prepare` sees the data folder before the app starts (what an earlier run left there). */
export async function startShell(prepare: (dataDir: string) => void | Promise<void> = () => undefined): Promise<ShellHome> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-main-'));
  state.appPath = path.join(home, 'app');
  layOutAppFiles(state.appPath);
  process.env.XDG_CONFIG_HOME = path.join(home, 'config');
  process.env.CALL_ALERTS_WEBHOOK_PORT = '0';
  await prepare(path.join(home, 'config', 'Call Alerts'));
  await import('../../electron/shell/main');
  launch();
  await until(() => state.handlers.size > 0 && state.trays.length > 0 && state.windows.length > 0, 'the app to start');
  // As the window reads it: the tray offers no local URL (Marketing Edge cannot use one).
  const contents = win().webContents;
  const settings = (await state.handlers.get(invokeChannel('getSettings'))!({
    sender: contents,
    senderFrame: contents.mainFrame,
  })) as SettingsResponse;
  return { home, dataDir: path.join(home, 'config', 'Call Alerts'), webhookUrl: settings.webhookUrl };
}

export function stopShell({ home }: ShellHome): void {
  if (!state.quitted) electron.app.quit();
  fs.rmSync(home, { recursive: true, force: true });
}
