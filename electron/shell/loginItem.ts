// Start at login. macOS and Windows have an API for it (app.setLoginItemSettings); Linux desktops read
// ~/.config/autostart/*.desktop (the XDG autostart spec), which this module writes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HIDDEN_FLAG, PRODUCT_NAME } from './identity';

export const AUTOSTART_FILE_NAME = 'call-alerts.desktop';

export function autostartFile(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * One Exec argument as the Desktop Entry spec wants it: quoted when it holds a reserved character, with
 * " ` $ \ escaped inside the quotes, then every backslash doubled again (the file's own string escaping)
 * and "%" doubled (it starts field codes such as %U).
 */
export function desktopExecArg(arg: string): string {
  const quoted = /[\s"'\\`$<>|&;*?#()~]/.test(arg) || arg === '' ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The autostart entry: starts the app hidden in the tray. `command` is the executable then its arguments. */
export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Pops a notification for every incoming tracked call',
    `Exec=${[...command, HIDDEN_FLAG].map(desktopExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * What to run at login: the AppImage itself when running from one (the mounted path changes every
 * start), else the executable, plus the app folder in development (where the executable is Electron).
 */
export function loginCommand(env: NodeJS.ProcessEnv, execPath: string, packaged: boolean, appPath: string): string[] {
  if (env.APPIMAGE) return [env.APPIMAGE];
  return packaged ? [execPath] : [execPath, appPath];
}

export const linuxLoginItem = {
  enabled(file: string = autostartFile()): boolean {
    return fs.existsSync(file);
  },
  set(enabled: boolean, command: readonly string[], file: string = autostartFile()): void {
    if (!enabled) {
      fs.rmSync(file, { force: true });
      return;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, autostartEntry(command));
  },
};
