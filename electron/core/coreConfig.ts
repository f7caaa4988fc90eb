// The core's options and how it settles its webhook configuration at start (token, secret, signature mode):
// shared by the in-thread core (core.ts) and the store worker, which runs the same store without listeners.

import { randomBytes } from 'node:crypto';
import type { SaveCatchUpSettingsRequest } from '../../shared/api';
import type { CoreHandlers } from './api/handlers';
import type { CatchUpOptions } from './catchUp/runner';
import type { DataFolderLock } from './dataFolderLock';
import { SIGNATURE_MODES, type SignatureMode } from './ingest/signature';
import type { WebhookConfig } from './ingest/received';
import type { CoreRecordingOptions } from './recordings/inCore';
import type { SecretRead, SecretStore, WatchedSecretStore } from './secrets';
import { listBackups } from './store/backups';
import type { CallStore } from './store/callStore';
import type { DatabaseHealth } from './store/databaseHealth';
import type { TunnelOptions } from './tunnel/service';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export interface CoreOptions extends CoreRecordingOptions {
  dataDir: string;
  /** The data folder's lock when the caller took it first (released at close); taken here otherwise. */
  lock?: DataFolderLock;
  webhookPort?: number;
  appPort?: number;
  webhookToken?: string;
  webhookSecret?: string;
  signatureMode?: SignatureMode;
  rendererDir?: string | null;
  version?: string;
  secrets?: SecretStore;
  /** The zone alerts are written in ("last called yesterday 4:10 PM"); the machine's when omitted. */
  timeZone?: string;
  /** The public URL: provider settings given at start, and how it is supervised. */
  tunnel?: TunnelOptions;
  /** Catch-up from the vendor's calls API: settings given at start (kept; provider absent keeps it), and its timing. */
  catchUp?: CatchUpOptions & { settings?: Partial<SaveCatchUpSettingsRequest> };
  /** Bytes the bodies of refused and rejected deliveries may hold (64 MiB when omitted). */
  refusedBodyBudget?: number;
  /** better-sqlite3's addon to load instead of node_modules' (Electron's build, when run from source). */
  sqliteBinding?: string;
  /** The clock calls are read against (whether a Call Start is still ringing): the machine's when omitted (tests set it). */
  now?: () => number;
}

/** A new webhook token: 192 random bits, URL-safe. */
export function newWebhookToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Stores the webhook token in the database and, so a lost database never changes the URL, in the secrets:
 * `kept` is what they hold (read by the caller), undefined when unreadable, which leaves them alone.
 */
export function keepToken(store: CallStore, secrets: SecretStore, token: string, kept: string | null | undefined): void {
  store.setSetting('webhookToken', token);
  if (kept === token) return;
  if (kept === undefined) return console.warn('The webhook token is kept in the call database only: the secrets could not be read');
  try {
    secrets.set('webhookToken', token);
  } catch (error) {
    // A secret store that cannot be used (no keyring) must not stop the app: the database still has the token.
    console.warn(`The webhook token is kept in the call database only: ${(error as Error).message}`);
  }
}

/** The token the secrets keep, null when none, undefined when they cannot be read. */
function keptToken(secrets: SecretStore): string | null | undefined {
  try {
    return secrets.get('webhookToken');
  } catch {
    return undefined;
  }
}

/** The webhook token: given, kept in the secrets (it outlives a lost or restored database), in the database, or new. */
function resolveToken(store: CallStore, secrets: SecretStore, given: string | undefined, dataDir: string): string {
  if (given !== undefined) {
    if (!TOKEN_PATTERN.test(given)) {
      throw new Error('The webhook token must be 22 to 128 characters of letters, digits, "-" or "_" (at least 128 bits).');
    }
    keepToken(store, secrets, given, keptToken(secrets));
    return given;
  }
  const kept = keptToken(secrets);
  const stored = store.getSetting('webhookToken');
  if (kept && !stored) {
    const latest = listBackups(dataDir)[0];
    console.warn(
      `The call database is new but this data folder was used before: kept its webhook URL.` +
        (latest ? ` To bring the history back, stop Call Alerts and run: npm run serve -- --restore-backup "${latest}"` : ''),
    );
  }
  const token = kept ?? stored ?? newWebhookToken();
  keepToken(store, secrets, token, kept);
  return token;
}

/**
 * The webhook's token, secret and signature mode. A secret the store cannot read (Keychain "Deny", a locked
 * keyring) does not stop start-up: calls keep arriving, unchecked and recorded as such, since refusing them
 * would lose them (the vendor gives up after 3 tries); the URL's token still guards the receiver.
 */
export function resolveConfig(store: CallStore, secrets: WatchedSecretStore, options: CoreOptions): WebhookConfig {
  const token = resolveToken(store, secrets, options.webhookToken, options.dataDir);
  let given: SecretRead | null = null;
  if (options.webhookSecret !== undefined) {
    const value = options.webhookSecret === '' ? null : options.webhookSecret;
    try {
      secrets.set('webhookSecret', value);
    } catch (error) {
      console.warn(`The webhook secret given is used, but could not be kept for the next start: ${(error as Error).message}`);
      given = { readable: true, value };
    }
  }
  const read = given ?? secrets.read('webhookSecret');
  const secret = read.readable ? read.value : null;
  const secretUnreadable = !read.readable;
  if (options.signatureMode !== undefined) {
    if (!SIGNATURE_MODES.includes(options.signatureMode)) throw new Error(`Signature mode must be one of ${SIGNATURE_MODES.join(', ')}`);
    store.setSetting('signatureMode', options.signatureMode);
  }
  const stored = store.getSetting('signatureMode') as SignatureMode | null;
  const signatureMode = stored ?? (secret || secretUnreadable ? 'report' : 'off');
  if (signatureMode !== 'off' && !secret && !secretUnreadable) {
    throw new Error(`Signature mode "${signatureMode}" needs a webhook secret (--webhook-secret).`);
  }
  return { token, secret, signatureMode, secretUnreadable };
}

/** Wraps every handler so an SQLITE_CORRUPT met by any operation marks the database damaged. */
export function watchingForDamage(handlers: CoreHandlers, database: DatabaseHealth): CoreHandlers {
  const watched: Record<string, (request: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (request: never) => unknown][]) {
    watched[name] = (request) => {
      try {
        const result = handler(request);
        if (result instanceof Promise) return result.catch((error: unknown) => (database.noteError(error), Promise.reject(error)));
        return result;
      } catch (error) {
        database.noteError(error);
        throw error;
      }
    };
  }
  return watched as CoreHandlers;
}
