// What the machine reports about the bench's processes and files: memory and CPU time of a process, bytes of a database,
// and a line naming the machine the figures came from.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE } from '../electron/core/store/db';

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`No VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** Linux's clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every architecture Node runs on). */
const USER_HZ = 100;

/** CPU time a process has used so far, every thread, user and system, in ms (Linux /proc): what load cannot stretch. */
export function cpuMs(pid: number): number {
  // The fields after the command name's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`No CPU times for process ${pid}`);
  return (ticks * 1000) / USER_HZ;
}

/** Database bytes on disk (main file and write-ahead log). */
export function databaseBytes(dataDir: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    const file = path.join(dataDir, `${DATABASE_FILE}${suffix}`);
    if (fs.existsSync(file)) total += fs.statSync(file).size;
  }
  return total;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

/** Now on the machine's monotonic clock in ms: one clock for every process here, so stamps compare across them. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Marks today's daily backup of a data folder as made (an empty file under backups/), so the app does not copy
 * the whole database in the background while it is timed (it starts one at each start when none is a day old);
 * returns what removes the mark again. A folder that already has today's backup is left as it is.
 */
export function markBackupMade(dataDir: string): () => void {
  const dir = path.join(dataDir, 'backups');
  const file = path.join(dir, `calls-${new Date().toISOString().slice(0, 10)}.sqlite`);
  if (fs.existsSync(file)) return () => {};
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, '');
  return () => fs.rmSync(file, { force: true });
}
