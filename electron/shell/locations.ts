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
 * The desktop's webhook port: fixed (the same default as headless mode), so a tunnel or reverse proxy set
 * up once keeps working; CALL_ALERTS_WEBHOOK_PORT moves it when another program holds 47800. The app
 * listener takes any free port: only the core itself talks to it.
 */
export function webhookPort(env: NodeJS.ProcessEnv): number {
  const value = env.CALL_ALERTS_WEBHOOK_PORT;
  if (value === undefined || value === '') return 47800;
  if (!/^\d+$/.test(value) || +value > 65535) throw new Error(`CALL_ALERTS_WEBHOOK_PORT must be a port number from 0 to 65535, not "${value}"`);
  return +value;
}
