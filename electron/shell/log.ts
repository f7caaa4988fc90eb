// The main process's log file: everything written to the console also goes to <logs>/main.log, so a
// problem on a user's machine can be read afterwards. One previous file is kept (main.old.log).

import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

export const LOG_FILE = 'main.log';
const OLD_LOG_FILE = 'main.old.log';
const MAX_BYTES = 5 * 1024 * 1024;

export interface LogFile {
  file: string;
  write(level: 'info' | 'warn' | 'error', args: unknown[]): void;
}

export function openLog(dir: string, maxBytes = MAX_BYTES): LogFile {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOG_FILE);
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  return {
    file,
    write(level, args) {
      const line = `${new Date().toISOString()} ${level.toUpperCase()} ${format(...args)}\n`;
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        fs.renameSync(file, path.join(dir, OLD_LOG_FILE));
        size = 0;
      }
      fs.appendFileSync(file, line);
      size += bytes;
    },
  };
}

/** Copies console.log/info/warn/error into the log file (the console keeps printing too). */
export function teeConsole(log: LogFile, target: Console = console): void {
  const levels = { log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, (typeof levels)[keyof typeof levels]][]) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      original(...args);
      try {
        log.write(level, args);
      } catch {
        // A full disk must not take the app down with it; the console still has the line.
      }
    };
  }
}
