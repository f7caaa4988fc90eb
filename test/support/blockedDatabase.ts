// A call database the store cannot open, even as root (chmod stops nobody here): its files moved aside and
// something else put in their place, a folder or a file that is not a database; then put back.

import fs from 'node:fs';
import path from 'node:path';

const FILES = ['calls.sqlite', 'calls.sqlite-wal', 'calls.sqlite-shm'];

export type Blocker = 'folder' | 'not-a-database';

/** Moves the database's files aside and puts `blocker` where the database was; returns where they went. */
export function blockDatabase(dataDir: string, blocker: Blocker): string {
  const aside = fs.mkdtempSync(path.join(dataDir, 'aside-'));
  for (const name of FILES) if (fs.existsSync(path.join(dataDir, name))) fs.renameSync(path.join(dataDir, name), path.join(aside, name));
  const file = path.join(dataDir, 'calls.sqlite');
  if (blocker === 'folder') fs.mkdirSync(file);
  else fs.writeFileSync(file, Buffer.alloc(8192, 'this is a spreadsheet, not a call database. '));
  return aside;
}

export function unblockDatabase(dataDir: string, aside: string): void {
  fs.rmSync(path.join(dataDir, 'calls.sqlite'), { recursive: true, force: true });
  for (const name of FILES) if (fs.existsSync(path.join(aside, name))) fs.renameSync(path.join(aside, name), path.join(dataDir, name));
}
