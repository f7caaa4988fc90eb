// The application menu. Packaged, the app has no use for Electron's default one (Reload, Toggle Developer Tools):
// no menu bar on Windows and Linux; on macOS, where a menu bar is always there, a minimal one whose Edit menu
// keeps the Cmd+C / Cmd+V shortcuts working in the window. From source, Electron's default stays for development.

import type { MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME } from './identity';

/** Leave Electron's own menu in place (running from source). */
export const KEEP_DEFAULT_MENU = 'keep-default';

/** The template to install, null for no menu at all, or KEEP_DEFAULT_MENU. */
export function applicationMenu(platform: NodeJS.Platform, packaged: boolean): MenuItemConstructorOptions[] | null | typeof KEEP_DEFAULT_MENU {
  if (!packaged) return KEEP_DEFAULT_MENU;
  if (platform !== 'darwin') return null;
  return [
    {
      label: PRODUCT_NAME,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
