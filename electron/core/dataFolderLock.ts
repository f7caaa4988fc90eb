// One copy of Call Alerts per data folder (headless or desktop): two copies on one database fight over
// SQLite's write lock (webhooks answered 503), disagree about the token and both start the tunnel.
// The lock is a file holding the owner's PID, made by one atomic step (a hard link, or O_EXCL) so exactly
// one process makes it, never seen empty; a lock whose process is gone (killed, crashed), or that was
// written before the computer last started (its PID may now be another program's), is taken over.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'call-alerts.lock';
/** A take-over left behind by a process killed in the middle of one; it lasts milliseconds otherwise. */
const STALE_TAKEOVER_MS = 10_000;
/** Lock files this process holds: a second core in the same process is refused too, not taken over. */
const held = new Set<string>();

export class DataFolderBusyError extends Error {
  constructor(readonly pid: number) {
    super(`Call Alerts is already running with this data folder (process ${pid}).`);
  }
}

export interface DataFolderLock {
  readonly file: string;
  release(): void;
}

/** True when a process with this PID exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isNaN(pid) ? 0 : pid;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Makes `file` holding this PID, complete from its first moment: written aside, then hard-linked in place. */
function tryCreate(file: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600, flush: true });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links (FAT, some network drives): an exclusive create.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') return tryCreateExclusive(file);
    throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function tryCreateExclusive(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, `${process.pid}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock under a second, short-lived exclusive file, so two processes that both saw it stale
 * cannot each remove the lock the other has just made.
 */
function removeStale(file: string, stalePid: number): void {
  const guard = `${file}.takeover`;
  if (!tryCreate(guard)) {
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_TAKEOVER_MS) fs.rmSync(guard, { force: true });
    return;
  }
  try {
    if (readPid(file) === stalePid) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/** Written before this boot: whatever process now has that PID, it is not the one that wrote it. */
function beforeBoot(file: string): boolean {
  const written = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  const booted = Date.now() - os.uptime() * 1000;
  // A minute's margin for clocks set at boot.
  return written !== undefined && written < booted - 60_000;
}

/** Takes the data folder's lock or throws DataFolderBusyError naming the process that holds it. */
export function lockDataFolder(dataDir: string): DataFolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  if (held.has(file)) throw new DataFolderBusyError(process.pid);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (tryCreate(file)) {
      held.add(file);
      const release = () => {
        if (!held.delete(file)) return;
        process.off('exit', release);
        if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { file, release };
    }
    const pid = readPid(file);
    if (pid === null) continue;
    if (pid !== process.pid && processAlive(pid) && !beforeBoot(file)) throw new DataFolderBusyError(pid);
    removeStale(file, pid);
  }
  throw new Error(`Could not take the lock ${file}: remove it if no Call Alerts is running with this data folder.`);
}
