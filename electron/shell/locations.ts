// Where the desktop app keeps its files. Data: the same folder headless mode uses (electron/core/paths.ts),
// so both modes share one call history. Logs: where each OS's log viewer looks.

import path from 'node:path';
import { APP_FOLDER } from '../core/paths';

export function logsDir(platform: NodeJS.Platform, dataDir: string, home: string): string {
  // macOS Console.app lists ~/Library/Logs; Windows and Linux keep logs beside the data.
  return platform === 'darwin' ? path.posix.join(home, 'Library', 'Logs', APP_FOLDER) : path.join(dataDir, 'logs');
}

/** The encrypted secrets file (safeStorage ciphertext); headless mode's plain one is secrets.json. */
export const ENCRYPTED_SECRETS_FILE = 'secrets.enc.json';
export const PLAIN_SECRETS_FILE = 'secrets.json';

/**
 * The desktop's fixed webhook port: the same default as headless mode, so a tunnel or reverse proxy set up
 * once keeps working. The app listener takes any free port: only the core itself talks to it.
 */
export const WEBHOOK_PORT = 47800;
