// Why a restarted store worker could not open the call database, told from the error's code alone (its
// message may hold a path or a file's contents): the cause, and the words the tray and the window say.

import path from 'node:path';
import { BACKUPS_FOLDER } from '../paths';
import type { DatabaseProblem } from '../store/databaseHealth';

export type OpenFailureCause = 'disk-full' | 'not-allowed' | 'in-use' | 'unreadable' | 'disk-error' | 'unknown';

const CAUSES: Readonly<Record<string, OpenFailureCause>> = {
  ENOSPC: 'disk-full',
  SQLITE_FULL: 'disk-full',
  EDQUOT: 'disk-full',
  EACCES: 'not-allowed',
  EPERM: 'not-allowed',
  EROFS: 'not-allowed',
  EISDIR: 'not-allowed',
  ENOTDIR: 'not-allowed',
  SQLITE_READONLY: 'not-allowed',
  SQLITE_PERM: 'not-allowed',
  SQLITE_CANTOPEN: 'not-allowed',
  SQLITE_BUSY: 'in-use',
  SQLITE_LOCKED: 'in-use',
  EBUSY: 'in-use',
  SQLITE_NOTADB: 'unreadable',
  SQLITE_CORRUPT: 'unreadable',
  SQLITE_IOERR: 'disk-error',
  EIO: 'disk-error',
};

/** The cause of an open that failed with `code` (SQLite's extended codes count as their primary one). */
export function openFailureCause(code: string | undefined): OpenFailureCause {
  if (!code) return 'unknown';
  return CAUSES[code] ?? CAUSES[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')] ?? 'unknown';
}

interface Words {
  /** What is wrong, a few words for the tray ("the disk is full"). */
  short: string;
  /** What is wrong, for the window; the short words when they say it all. */
  what?: string;
  /** What to do, one sentence for the window. */
  todo(file: string): string;
}

const WORDS: Record<OpenFailureCause, Words> = {
  'disk-full': {
    short: 'the disk is full',
    todo: () => 'Free some space on this PC (empty the recycle bin, delete large files you no longer need).',
  },
  'not-allowed': {
    short: 'the file cannot be opened',
    what: 'the file cannot be opened (its permissions changed, or something else is in its place)',
    todo: () =>
      'Ask whoever looks after this PC to check that Call Alerts may change this file and its folder, on a drive that is connected and not read-only.',
  },
  'in-use': {
    short: 'another program is holding the file',
    todo: () => 'Close the program that has it open (a backup, sync or antivirus tool), or restart the PC.',
  },
  unreadable: {
    short: 'the file is not a call database or is damaged',
    what: 'the file is not a call database, or it is damaged',
    todo: (file) =>
      `Stop Call Alerts and restore the latest backup from ${path.join(path.dirname(file), BACKUPS_FOLDER)} (npm run serve -- --restore-backup FILE).`,
  },
  'disk-error': { short: 'the disk reports an error', todo: () => 'Check that the drive is connected and working; restarting the PC may help.' },
  unknown: { short: 'something unexpected stops it', todo: () => 'If this lasts more than a few minutes, restart the PC.' },
};

/** The tray's few words: "the disk is full". */
export function openFailureInWords(cause: OpenFailureCause): string {
  return WORDS[cause].short;
}

/** The database problem while the worker cannot open `file`: what is wrong, what to do, and that it keeps trying. */
export function cannotOpenProblem(file: string, cause: OpenFailureCause): DatabaseProblem {
  const words = WORDS[cause];
  const reason =
    `Call Alerts cannot open its call database ${file}: ${words.what ?? words.short}. ${words.todo(file)} Call Alerts keeps ` +
    `trying; until it can, new calls are refused and Marketing Edge sends each again a few minutes later.`;
  return { kind: 'cannot-open', reason, file, cause: words.short };
}
