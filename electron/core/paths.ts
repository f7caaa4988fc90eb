import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'Call Alerts';
/** The call database's file name in the data folder (here so that choosing the folder does not load SQLite). */
export const DATABASE_FILE = 'calls.sqlite';
/** The folder of the database's backups, beside it. */
export const BACKUPS_FOLDER = 'backups';

export interface DataDirChoice {
  dir: string;
  /** Why the folder is not the usual one, for the log; null when it is. */
  note: string | null;
}

/**
 * The OS's per-user app-data folder for Call Alerts (the same place Electron's userData points to). On Windows
 * the multi-GB database goes in Local AppData, which roaming profiles do not copy at every sign-in; an install
 * whose database is already in Roaming (and not in Local) keeps it there, so no call history is left behind.
 */
export function chooseDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string, hasDatabase: (dir: string) => boolean): DataDirChoice {
  if (platform === 'win32') {
    const local = path.win32.join(env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'), APP_FOLDER);
    const roaming = path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
    if (!hasDatabase(local) && hasDatabase(roaming)) {
      return { dir: roaming, note: `Keeping the call history where an earlier version put it (${roaming}), not in ${local}` };
    }
    return { dir: local, note: null };
  }
  if (platform === 'darwin') return { dir: path.posix.join(home, 'Library', 'Application Support', APP_FOLDER), note: null };
  return { dir: path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_FOLDER), note: null };
}

/** This computer's data folder, looking on disk for a database an earlier version left in Roaming AppData. */
export function defaultDataDir(): DataDirChoice {
  return chooseDataDir(process.platform, process.env, os.homedir(), (dir) => fs.existsSync(path.join(dir, DATABASE_FILE)));
}
