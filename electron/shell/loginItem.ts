// Start at login, hidden in the tray. Windows has an API for it (app.setLoginItemSettings) that passes our
// arguments. Linux desktops read ~/.config/autostart/*.desktop (the XDG autostart spec), and macOS's launchd
// reads ~/Library/LaunchAgents/*.plist: this module writes both. On macOS 13+ Electron's login item goes
// through SMAppService, which passes no arguments and cannot tell a start at login (wasOpenedAtLogin is
// always false there), so the app would open its window; a LaunchAgent passes --hidden.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_ID, HIDDEN_FLAG, PRODUCT_NAME } from './identity';

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

export function launchAgentFile(home: string = os.homedir()): string {
  return path.join(home, 'Library', 'LaunchAgents', `${APP_ID}.plist`);
}

/** Text as XML character data: the executable's path may hold "&" or "<". */
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The LaunchAgent (launchd.plist(5)): launchd runs ProgramArguments, executable first, when it loads the
 * agent at login (RunAtLoad), once; a quit is not undone (no KeepAlive). Interactive: it has a UI.
 */
export function launchAgentPlist(command: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${xmlText(APP_ID)}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...[...command, HIDDEN_FLAG].map((arg) => `    <string>${xmlText(arg)}</string>`),
    '  </array>',
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>ProcessType</key>',
    '  <string>Interactive</string>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

/** A login item that is a file the desktop reads at login: there while enabled, removed when not. */
function fileLoginItem(defaultFile: () => string, contents: (command: readonly string[]) => string) {
  return {
    enabled(file: string = defaultFile()): boolean {
      return fs.existsSync(file);
    },
    set(enabled: boolean, command: readonly string[], file: string = defaultFile()): void {
      if (!enabled) {
        fs.rmSync(file, { force: true });
        return;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, contents(command));
    },
  };
}

export const linuxLoginItem = fileLoginItem(() => autostartFile(), autostartEntry);
export const macLoginItem = fileLoginItem(() => launchAgentFile(), launchAgentPlist);
