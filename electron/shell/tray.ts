// The tray icon: draws what trayModel.ts decides and runs the menu's commands.

import path from 'node:path';
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import {
  trayClickOpensWindow,
  trayIconFile,
  trayIconState,
  trayMenu,
  trayTooltip,
  type MenuEntry,
  type TrayCommand,
  type TrayInput,
} from './trayModel';

function toMenuItem(entry: MenuEntry, run: (command: TrayCommand) => void): MenuItemConstructorOptions {
  if (entry.type === 'separator') return { type: 'separator' };
  const command = entry.command;
  const click = command ? () => run(command) : undefined;
  if (entry.type === 'checkbox') return { type: 'checkbox', label: entry.label, checked: entry.checked, click };
  return { type: 'normal', label: entry.label, enabled: entry.enabled, click };
}

export class AppTray {
  private readonly tray: Tray;
  private shownIcon = '';

  constructor(
    private readonly iconDir: string,
    private readonly run: (command: TrayCommand) => void,
    input: TrayInput,
  ) {
    this.tray = new Tray(this.image(input));
    // Windows and most Linux trays: a left click opens the history; the menu stays on the right click. On
    // macOS a click opens the menu, and showing the window as well would cover it.
    if (trayClickOpensWindow(process.platform)) this.tray.on('click', () => run('open-history'));
    this.render(input);
  }

  private image(input: TrayInput): Electron.NativeImage {
    this.shownIcon = trayIconFile(trayIconState(input), process.platform);
    return nativeImage.createFromPath(path.join(this.iconDir, this.shownIcon));
  }

  render(input: TrayInput): void {
    if (trayIconFile(trayIconState(input), process.platform) !== this.shownIcon) this.tray.setImage(this.image(input));
    this.tray.setToolTip(trayTooltip(input));
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(input).map((entry) => toMenuItem(entry, this.run))));
    // The unseen count where the platform can show one: beside the menu-bar icon and on the dock (macOS),
    // on the launcher (Unity-style Linux desktops); Windows shows the tray icon's dot instead.
    if (process.platform === 'darwin') this.tray.setTitle(input.unseen > 0 ? String(input.unseen) : '');
    if (process.platform !== 'win32') app.setBadgeCount(input.unseen);
  }

  destroy(): void {
    this.tray.destroy();
  }
}
