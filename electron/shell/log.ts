// The main process's log file, kept by electron-log: everything written to the console also goes to
// <logs>/main.log, so a problem on a user's machine can be read afterwards. Past 5 MB the file becomes
// main.old.log (one previous file is kept), and a webhook URL's token never reaches the file.
// electron-log/node, not /main: /main loads 'electron', which the main-process test cannot stand in for.

import path from 'node:path';
import electronLog from 'electron-log/node';
import type { TransformFn } from 'electron-log';

export const LOG_FILE = 'main.log';
const MAX_BYTES = 5 * 1024 * 1024;

export interface LogFile {
  file: string;
  write(level: 'info' | 'warn' | 'error', args: unknown[]): void;
}

/** The path part after /hooks/ is the secret that lets a sender deliver calls: it is cut from every line. */
export function redactSecrets(line: string): string {
  return line.replace(/\/hooks\/[^\s/?#"'<>]+/g, '/hooks/…');
}

const redact: TransformFn = ({ data }) => (typeof data === 'string' ? redactSecrets(data) : data);

export function openLog(dir: string, maxBytes = MAX_BYTES): LogFile {
  const logger = electronLog.create({ logId: `main:${dir}` });
  const file = path.join(dir, LOG_FILE);
  logger.transports.console.level = false; // teeConsole leaves the printing to the console itself
  const out = logger.transports.file;
  out.resolvePathFn = () => file;
  out.maxSize = maxBytes;
  out.format = ({ message, data }) => [`${message.date.toISOString()} ${message.level.toUpperCase()}`, ...(data as unknown[])];
  out.transforms = [...out.transforms, redact];
  return { file, write: (level, args) => logger[level](...args) };
}

/** Copies console.log/info/warn/error into the log file (the console keeps printing too). */
export function teeConsole(log: LogFile, target: Console = console): void {
  const levels = { log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, (typeof levels)[keyof typeof levels]][]) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      original(...args);
      log.write(level, args);
    };
  }
}
