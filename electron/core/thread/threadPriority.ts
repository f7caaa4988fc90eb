// Searches run back to back must not take the CPU from the store worker (acknowledgements, screen pops) and
// the front's thread (tray, IPC, listeners): the reader thread lowers its own CPU priority where the platform
// can lower one thread. Linux can: a thread's nice value is its own, set through setpriority with the
// thread's id. Windows and macOS cannot from Node (os.setPriority there takes the whole process, front and
// all), so there the reader keeps the normal priority. Nothing here ever fails a start.

import fs from 'node:fs';
import os from 'node:os';

/** The reader's nice value on Linux: searches get a small share of a core that ingest wants (19 is the lowest). */
export const READER_NICENESS = 10;

/** The start-up check's nice value on Linux: the reader's, not the lowest, since the first backup waits for the check. */
export const CHECK_NICENESS = READER_NICENESS;

/** What lowering did: the thread and its nice value, or why nothing was done. */
export type PriorityOutcome = { lowered: true; threadId: number; niceness: number } | { lowered: false; why: string };

/** The thread id in `/proc/thread-self`'s target (`<pid>/task/<tid>`), or null if it is not that. */
export function threadIdOfLink(link: string): number | null {
  const match = /^\d+\/task\/(\d+)$/.exec(link);
  return match ? Number(match[1]) : null;
}

/** Where one thread's priority can be lowered by itself, and how: only Linux gives a thread its own. */
export function canLowerOneThread(platform: NodeJS.Platform): boolean {
  return platform === 'linux';
}

/** lowerOwnPriority's answer where the platform cannot lower one thread, or null where it can. */
export function keptPriority(platform: NodeJS.Platform): Extract<PriorityOutcome, { lowered: false }> | null {
  return canLowerOneThread(platform) ? null : { lowered: false, why: `${platform} has no priority of one thread` };
}

export interface PriorityPort {
  platform: NodeJS.Platform;
  readThreadSelf(): string;
  setPriority(threadId: number, niceness: number): void;
  /** Starts libuv's thread pool if it has not started yet (see below). */
  startThreadPool(): void;
}

const SYSTEM: PriorityPort = {
  platform: process.platform,
  readThreadSelf: () => fs.readlinkSync('/proc/thread-self'),
  setPriority: (threadId, niceness) => os.setPriority(threadId, niceness),
  // A pool job makes libuv create its threads now, from this thread at normal priority.
  startThreadPool: () => fs.stat(os.tmpdir(), () => undefined),
};

/** Lowers the calling thread's CPU priority to `niceness` where one thread can be lowered; otherwise does nothing. */
export function lowerOwnPriority(niceness: number, port: PriorityPort = SYSTEM): PriorityOutcome {
  const kept = keptPriority(port.platform);
  if (kept) return kept;
  try {
    const threadId = threadIdOfLink(port.readThreadSelf());
    if (threadId === null) return { lowered: false, why: 'this thread’s id could not be read' };
    // Threads inherit their creator's nice value: libuv's pool (every fsync of the WAL) must not be created lowered.
    port.startThreadPool();
    port.setPriority(threadId, niceness);
    return { lowered: true, threadId, niceness };
  } catch (error) {
    return { lowered: false, why: (error as Error).message };
  }
}
