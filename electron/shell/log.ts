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

/** True while a console teeConsole wraps is printing: what it writes to stdout or stderr is in the log already. */
let consolePrinting = false;
/** True while a line is being written: the log's own complaint (a file it cannot write) is printed, not logged again. */
let logging = false;

function toLog(log: LogFile, level: 'info' | 'warn' | 'error', args: unknown[]): void {
  if (logging) return;
  logging = true;
  try {
    log.write(level, args);
  } finally {
    logging = false;
  }
}

/** Copies console.log/info/warn/error into the log file (the console keeps printing too). */
export function teeConsole(log: LogFile, target: Console = console): void {
  const levels = { log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, (typeof levels)[keyof typeof levels]][]) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      consolePrinting = true;
      try {
        original(...args);
      } finally {
        consolePrinting = false;
      }
      toLog(log, level, args);
    };
  }
}

/**
 * Copies into the log file what the worker threads print (the store's warnings, the tunnel's errors): their console
 * reaches this thread's stdout and stderr through a pipe, not through its console. Lines this thread's console
 * printed are skipped, teeConsole has them. Returns the function that stops it.
 */
export function teeWorkerOutput(log: LogFile, streams: Record<'stdout' | 'stderr', NodeJS.WriteStream> = process): () => void {
  const undo: (() => void)[] = [];
  for (const [name, level] of [
    ['stdout', 'info'],
    ['stderr', 'warn'],
  ] as const) {
    const stream = streams[name];
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      if (!consolePrinting) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
        for (const line of text.split('\n')) if (line.trim() !== '') toLog(log, level, [line]);
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
    undo.push(() => (stream.write = original));
  }
  return () => undo.forEach((step) => step());
}
