// The app's own key, as Jupyter keeps one for its local server: Host and Origin checks stop browsers, not
// other programs on the PC, so every /api route but health needs this key (a cookie the page gets in exchange
// for it, or `Authorization: Bearer`). Kept in the data folder, readable by this user only.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tokenMatches } from '../ingest/received';

export const ACCESS_KEY_FILE = 'app-key';
const KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/** 192 random bits, URL-safe. */
function newAccessKey(): string {
  return randomBytes(24).toString('base64url');
}

/** The data folder's key, made at the first start and kept (a file that is not a key is replaced). */
export function loadAccessKey(dataDir: string): string {
  const file = path.join(dataDir, ACCESS_KEY_FILE);
  try {
    const kept = fs.readFileSync(file, 'utf8').trim();
    if (KEY_PATTERN.test(kept)) {
      // Another tool may have widened it; only this user may read the key.
      if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return kept;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`Cannot read the app key ${file}: ${(error as Error).message}`, { cause: error });
  }
  const key = newAccessKey();
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${key}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return key;
}

/** The App URL as printed once at start: the page exchanges its key for a cookie. */
export function keyedAppUrl(appUrl: string, key: string): string {
  return `${appUrl}?key=${key}`;
}

/** The cookie's name carries the port: cookies are shared by every port of a host, and two apps must not clobber each other's. */
export function accessCookieName(port: number): string {
  return `call-alerts-key-${port}`;
}

// Browsers cap a cookie's life at 400 days; the key outlives it, so a bookmark of the App URL keeps working.
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

export function accessCookie(port: number, key: string): string {
  return `${accessCookieName(port)}=${key}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict`;
}

/** Whether `given` is the key, compared as the webhook token is: in time that does not depend on where they differ. */
export function isAccessKey(key: string, given: string | undefined): boolean {
  return given !== undefined && tokenMatches(given, key);
}

/** The key a request carries: `Authorization: Bearer K`, else the cookie for this port. */
export function presentedKey(headers: { authorization?: string; cookie?: string }, port: number): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  const name = accessCookieName(port);
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
