// Whether the call database can still be trusted with a delivery. Two kinds of bad luck make it unsafe:
// the file deleted or replaced under the running app (a cleanup tool, antivirus, a sync client), after
// which SQLite keeps writing into the unlinked inode and every "200" is a call nobody will see again; and
// damage (SQLITE_CORRUPT), found by a quick check at start and whenever SQLite reports it.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHECK_NICENESS, keptPriority, threadIdOfLink, type PriorityOutcome } from '../thread/threadPriority';
import { BACKUPS_FOLDER, type Db } from './db';

/** `cannot-open`: a restarted store worker cannot open the file (thread/openFailure.ts); the front says it. */
export type DatabaseProblemKind = 'lost' | 'damaged' | 'cannot-open';

export interface DatabaseProblem {
  kind: DatabaseProblemKind;
  /** One sentence for health, the window and the tray: what is wrong, where, and what to do. */
  reason: string;
  file: string;
  /** For `cannot-open`: what stops it, in a few words for the tray ("the disk is full"). */
  cause?: string;
}

/** Why a delivery was not stored: the webhook answers 503 so the vendor retries it. */
export class DatabaseUnusableError extends Error {
  constructor(readonly problem: DatabaseProblem) {
    super(problem.reason);
  }
}

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CORRUPT_CODES.has(code);
}

/** `PRAGMA quick_check`'s rows as one line for health and the tray, or null when they say ok. */
function findingsOf(rows: readonly string[]): string | null {
  if (rows.length === 1 && rows[0] === 'ok') return null;
  // SQLite's findings come with newlines and a banner.
  return rows
    .join('\n')
    .split('\n')
    .filter((line) => line && !line.startsWith('***'))
    .slice(0, 3)
    .join('; ');
}

/** The same check on this thread, for a file no one is writing (a backup about to be restored). */
export function quickCheck(db: Db): string | null {
  try {
    return findingsOf(db.prepare<[], string>('PRAGMA quick_check(3)').pluck().all());
  } catch (error) {
    return (error as Error).message;
  }
}

// The worker opens its own read-only connection: quick_check reads every page, seconds on a large history
// (3.7 s warm, 24 s cold on 2 GB), which must not hold up webhooks on the main thread. First it lowers its own
// CPU priority as thread/threadPriority.ts's lowerOwnPriority does, which an eval'd worker cannot import: the
// platform's decision comes in workerData (kept, where one thread cannot be lowered), the tid's parse is
// threadIdOfLink's own source, and only the Linux calls are written again here. Failing to lower never stops
// the check.
const CHECK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const os = require('node:os');
const threadIdOfLink = ${threadIdOfLink.toString()};
function lowerOwnPriority(niceness) {
  try {
    const threadId = threadIdOfLink(fs.readlinkSync('/proc/thread-self'));
    if (threadId === null) return { lowered: false, why: 'this thread’s id could not be read' };
    // libuv's pool (the WAL's fsyncs) is created now if not yet, at normal priority: threads inherit it.
    fs.stat(os.tmpdir(), () => undefined);
    os.setPriority(threadId, niceness);
    return { lowered: true, threadId, niceness };
  } catch (error) {
    return { lowered: false, why: String((error && error.message) || error) };
  }
}
const priority = workerData.kept || lowerOwnPriority(workerData.niceness);
if (!priority.lowered && !workerData.kept) console.warn('The start-up check of the call database keeps the normal CPU priority: ' + priority.why);
let db;
try {
  const Database = require(workerData.sqlite);
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, nativeBinding: workerData.nativeBinding });
  parentPort.postMessage({ priority, rows: db.prepare('PRAGMA quick_check(3)').pluck().all() });
} catch (error) {
  parentPort.postMessage({ priority, error: String((error && error.message) || error), code: error && error.code });
} finally {
  if (db) db.close();
}`;

/** Where better-sqlite3 is, for the worker: this bundle's require, or resolved from the entry script. */
function sqliteModule(): string {
  const load = typeof require === 'function' ? require : createRequire(path.resolve(process.argv[1] ?? 'index.js'));
  return load.resolve('better-sqlite3');
}

/** What the start-up check answers. */
export interface StartupCheck {
  /** Its findings, null when ok, or undefined when the check could not run or was stopped (then damage is still found when SQLite meets it). */
  finding: string | null | undefined;
  /** What lowering the check's thread did, when the thread answered. */
  priority?: PriorityOutcome;
}

/** `PRAGMA quick_check` of the database file in a worker thread at a lowered CPU priority where one thread can have one. */
export function quickCheckInBackground(file: string, stop?: AbortSignal, nativeBinding?: string): Promise<StartupCheck> {
  return new Promise((finish) => {
    const resolve = (finding: string | null | undefined, priority?: PriorityOutcome) => finish({ finding, priority });
    if (stop?.aborted) return resolve(undefined);
    let worker: Worker;
    const lowering = { niceness: CHECK_NICENESS, kept: keptPriority(process.platform) };
    try {
      worker = new Worker(CHECK_WORKER, { eval: true, workerData: { file, sqlite: sqliteModule(), nativeBinding, ...lowering } });
    } catch (error) {
      console.warn(`The start-up check of the call database could not run: ${(error as Error).message}`);
      return resolve(undefined);
    }
    worker.unref();
    // A core closing must not leave a connection behind: reading a closed WAL database recreates its -shm file.
    // It waits for the worker to end, but not past a second: quitting must not wait for a long check.
    stop?.addEventListener('abort', () => {
      const waited = setTimeout(() => resolve(undefined), 1000);
      void worker.terminate().finally(() => {
        clearTimeout(waited);
        resolve(undefined);
      });
    });
    worker.once('message', (answer: { priority: PriorityOutcome; rows?: string[]; error?: string; code?: string }) => {
      if (answer.rows) return resolve(findingsOf(answer.rows), answer.priority);
      if (isCorruptionError(answer)) return resolve(answer.error, answer.priority);
      console.warn(`The start-up check of the call database could not run: ${answer.error}`);
      resolve(undefined, answer.priority);
    });
    worker.once('error', (error) => {
      console.warn(`The start-up check of the call database could not run: ${error.message}`);
      resolve(undefined);
    });
  });
}

export function damagedReason(file: string, finding: string): string {
  return (
    `The call database ${file} is damaged (${finding}). Calls cannot be stored until it is replaced: stop Call Alerts and ` +
    `restore the latest backup from ${path.join(path.dirname(file), BACKUPS_FOLDER)} (npm run serve -- --restore-backup FILE).`
  );
}

export class DatabaseHealth {
  private readonly dev: number;
  private readonly ino: number;
  private current: DatabaseProblem | null = null;
  private readonly listeners = new Set<(problem: DatabaseProblem | null) => void>();

  constructor(readonly file: string) {
    const stat = fs.statSync(file);
    this.dev = stat.dev;
    this.ino = stat.ino;
  }

  /** The problem now, after a look at the file (one stat: cheap enough for every batch). Once found it stays. */
  check(): DatabaseProblem | null {
    if (this.current) return this.current;
    const stat = fs.statSync(this.file, { throwIfNoEntry: false });
    if (!stat) return this.fail('lost', 'was deleted while Call Alerts was running');
    if (stat.dev !== this.dev || stat.ino !== this.ino) return this.fail('lost', 'was replaced by another file while Call Alerts was running');
    return null;
  }

  /** Throws DatabaseUnusableError when a delivery must not be acknowledged. */
  assertUsable(): void {
    const problem = this.check();
    if (problem) throw new DatabaseUnusableError(problem);
  }

  /** Looks at an error SQLite raised: corruption makes the database damaged. */
  noteError(error: unknown): void {
    if (this.current || !isCorruptionError(error)) return;
    this.markDamaged((error as Error).message);
  }

  markDamaged(finding: string): void {
    if (this.current) return;
    this.set({ kind: 'damaged', reason: damagedReason(this.file, finding), file: this.file });
  }

  onChange(listener: (problem: DatabaseProblem | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fail(kind: DatabaseProblemKind, what: string): DatabaseProblem {
    const reason =
      `The call database ${this.file} ${what}; new calls are refused (503, the sender retries) rather than stored where ` +
      `nobody would see them. Restart Call Alerts: it keeps its webhook URL, and a backup can be restored with --restore-backup FILE.`;
    return this.set({ kind, reason, file: this.file });
  }

  private set(problem: DatabaseProblem): DatabaseProblem {
    this.current = problem;
    console.error(problem.reason);
    for (const listener of this.listeners) listener(problem);
    return problem;
  }
}
