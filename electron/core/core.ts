// The core: storage, the two loopback listeners and the change feed. It runs the same under plain Node
// (headless mode) and inside Electron's main process; it never imports `electron`.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { SaveCatchUpSettingsRequest, SecretProblem } from '../../shared/api';
import { alertFor } from '../../shared/calls/alert';
import { secretProblems } from '../../shared/secretProblems';
import { ChangeFeed } from './changeFeed';
import { CatchUpRunner, type CatchUpOptions } from './catchUp/runner';
import { CatchUpSettingsStore } from './catchUp/settings';
import { tunnelCameBack } from '../../shared/catchUp/plan';
import { loadAccessKey } from './api/accessKey';
import { createAppListener } from './api/appListener';
import { createCoreHandlers, type CoreHandlers } from './api/handlers';
import { lockDataFolder, type DataFolderLock } from './dataFolderLock';
import { DeliveryWriter } from './ingest/deliveryWriter';
import { askingOnDetail, coreRecordings, type CoreRecordingFiles, type CoreRecordingOptions } from './recordings/inCore';
import { SIGNATURE_MODES, type SignatureMode } from './ingest/signature';
import { continueWithinCap } from './ingest/rawBody';
import { createWebhookApp, type WebhookConfig } from './ingest/webhookApp';
import { FileSecretStore, WatchedSecretStore, type SecretRead, type SecretStore } from './secrets';
import { CallStore, type DeliveryResult } from './store/callStore';
import { caughtUpIngest, pushFollowUpChanges } from './followUpPush';
import { BackupScheduler, listBackups } from './store/backups';
import { DatabaseHealth, isCorruptionError, quickCheckInBackground } from './store/databaseHealth';
import { DATABASE_FILE, describeOpenError, openDatabase, type Db } from './store/db';
import { WalSync } from './store/walSync';
import { TunnelService, type TunnelOptions } from './tunnel/service';

export const LOOPBACK = '127.0.0.1';
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

export interface Core extends CoreRecordingFiles {
  store: CallStore;
  feed: ChangeFeed;
  writer: DeliveryWriter;
  webhookPort: number;
  appPort: number;
  /** The local webhook URL (what a tunnel forwards to). */
  webhookUrl: string;
  webhookPath: string;
  appUrl: string;
  /** The app listener's key: every /api route but health needs it (the desktop window talks IPC instead). */
  appKey: string;
  dataDir: string;
  /** The secrets, with which of them could not be read. */
  secrets: WatchedSecretStore;
  /** What the secrets that could not be read stop from working, and what to do (health, window, tray). */
  secretProblems(): SecretProblem[];
  /** Whether the call database is still the file that was opened, and undamaged (health, window, tray). */
  database: DatabaseHealth;
  /** The daily backups into the data folder's backups/. */
  backups: BackupScheduler;
  /** Settles once the start-up quick check of the database has run (in a worker: it reads every page). */
  integrityChecked: Promise<void>;
  /** The core's side of every API operation, apart from any transport (the desktop shell's IPC calls these). */
  handlers: CoreHandlers;
  /** The public webhook URL (tunnel): status, settings, self-test, test call; `resume()` after sleep. */
  tunnel: TunnelService;
  /** Catch-up from the vendor's calls API: status, settings, runs; `run('wake')` after sleep. */
  catchUp: CatchUpRunner;
  config(): WebhookConfig;
  /** Replaces the webhook token with a new random one; the old URL stops working at once. */
  regenerateWebhookToken(): string;
  /** Sets the signature secret (null clears it) and mode; refuses a mode that needs a missing secret. */
  setSignature(secret: string | null, mode: SignatureMode): void;
  close(): Promise<void>;
}

/** A new webhook token: 192 random bits, URL-safe. */
export function newWebhookToken(): string {
  return randomBytes(24).toString('base64url');
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting; requests in flight get `graceMs` to finish (a webhook waiting for its commit). */
function closeServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    if (graceMs === 0) server.closeAllConnections();
    else setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}

/**
 * Stores the webhook token in the database and, so a lost database never changes the URL, in the secrets:
 * `kept` is what they hold (read by the caller), undefined when unreadable, which leaves them alone.
 */
function keepToken(store: CallStore, secrets: SecretStore, token: string, kept: string | null | undefined): void {
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
function resolveConfig(store: CallStore, secrets: WatchedSecretStore, options: CoreOptions): WebhookConfig {
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
function watchingForDamage(handlers: CoreHandlers, database: DatabaseHealth): CoreHandlers {
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

export async function startCore(options: CoreOptions): Promise<Core> {
  const lock = options.lock ?? lockDataFolder(options.dataDir);
  let db: Db;
  let database: DatabaseHealth;
  let config: WebhookConfig;
  let store: CallStore;
  const secrets = new WatchedSecretStore(options.secrets ?? new FileSecretStore(path.join(options.dataDir, 'secrets.json')));
  try {
    db = openDatabase(options.dataDir, options.sqliteBinding);
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    database = new DatabaseHealth(path.join(options.dataDir, DATABASE_FILE));
    store = new CallStore(db, undefined, options.refusedBodyBudget, options.now);
    config = resolveConfig(store, secrets, options);
  } catch (error) {
    db.close();
    lock.release();
    throw isCorruptionError(error) ? new Error(describeOpenError(path.join(options.dataDir, DATABASE_FILE), error), { cause: error }) : error;
  }
  const feed = new ChangeFeed();
  const recordings = coreRecordings(db, store, feed, options);

  const publish = (results: DeliveryResult[]) => {
    const started = new Map<number, boolean>();
    for (const r of results) for (const c of r.changes) started.set(c.callId, (started.get(c.callId) ?? false) || c.started);
    const now = (options.now ?? Date.now)();
    if (feed.size > 0) {
      for (const [callId, isStart] of started) {
        const call = store.getCall(callId);
        if (!call) continue;
        feed.emit({ call, alert: isStart ? alertFor(call, { now, timeZone: options.timeZone }) : null });
      }
    }
    // After this turn: the acknowledgements wait on the WAL fsync that follows, and the pops are out already.
    const changed = new Set(started.keys());
    setImmediate(() => {
      recordings.wake();
      pushFollowUpChanges(store, feed, changed);
    });
  };
  const wal = new WalSync(`${db.name}-wal`);
  const writer = new DeliveryWriter(store, wal, publish, database);
  const backups = new BackupScheduler(db, options.dataDir, () => database.check() === null);
  // A deletion is noticed by the next batch at the latest; this look makes health and the tray say it when no calls come.
  const watch = setInterval(() => database.check(), 5000).unref();

  let appPort = 0;
  const appKey = loadAccessKey(options.dataDir);
  const handlers = watchingForDamage(
    createCoreHandlers({
      store,
      version: options.version ?? '0.0.0',
      db,
      database: () => database.check(),
      secrets: () => core.secretProblems(),
      controls: () => core,
      feed,
      callsChanged: () => recordings.wake(),
    }),
    database,
  );
  handlers.getCall = askingOnDetail(handlers.getCall, recordings);
  const webhookServer = http.createServer(createWebhookApp(() => config, writer));
  continueWithinCap(webhookServer);
  const appServer = http.createServer(
    createAppListener({
      handlers,
      feed,
      tunnel: () => core.tunnel,
      port: () => appPort,
      rendererDir: options.rendererDir ?? null,
      accessKey: appKey,
      recordings,
    }),
  );
  webhookServer.keepAliveTimeout = 65_000;
  let webhookPort: number;
  try {
    webhookPort = await listen(webhookServer, options.webhookPort ?? 0);
    appPort = await listen(appServer, options.appPort ?? 0);
  } catch (error) {
    await closeServer(webhookServer, 0);
    clearInterval(watch);
    db.close();
    lock.release();
    const e = error as NodeJS.ErrnoException;
    throw e.code === 'EADDRINUSE' ? new Error(`Port ${(e as { port?: number }).port} is already in use: choose another or 0 for any free port.`) : e;
  }

  const webhookPath = () => `/hooks/${config.token}`;
  const tunnel = new TunnelService({
    store,
    secrets,
    feed,
    target: { host: LOOPBACK, port: webhookPort },
    webhookPath,
    signatureSecret: () => config.secret,
    version: options.version ?? '0.0.0',
    options: options.tunnel ?? {},
  });
  const catchUpSettings = new CatchUpSettingsStore(store, secrets);
  const given = options.catchUp?.settings;
  if (given) catchUpSettings.write({ ...given, provider: given.provider ?? catchUpSettings.choice().provider });
  const catchUp = new CatchUpRunner({ settings: catchUpSettings, ingest: caughtUpIngest(store, feed), feed, options: options.catchUp });
  let tunnelState = tunnel.status().state;
  tunnel.onChange(({ state }) => {
    if (tunnelCameBack(tunnelState, state)) catchUp.run('tunnel');
    tunnelState = state;
  });
  let closing: Promise<void> | null = null;
  // Backups start once the check has passed: a damaged copy must not replace a good one.
  const stopCheck = new AbortController();
  const integrityChecked = quickCheckInBackground(database.file, stopCheck.signal, options.sqliteBinding).then((finding) => {
    if (finding) database.markDamaged(finding);
    else if (!closing) backups.start();
  });
  const core: Core = {
    store,
    feed,
    writer,
    webhookPort,
    appPort,
    get webhookUrl() {
      return `http://${LOOPBACK}:${webhookPort}${webhookPath()}`;
    },
    get webhookPath() {
      return webhookPath();
    },
    appUrl: `http://${LOOPBACK}:${appPort}/`,
    appKey,
    dataDir: options.dataDir,
    secrets,
    secretProblems: () =>
      secretProblems(
        secrets.unreadable(),
        { signatures: config.signatureMode !== 'off', provider: tunnel.status().provider, catchUp: catchUpSettings.choice().provider !== 'off' },
        secrets.place,
      ),
    database,
    backups,
    integrityChecked,
    handlers,
    tunnel,
    catchUp,
    config: () => config,
    recordingFile: (callId) => recordings.file(callId),
    regenerateWebhookToken() {
      const token = newWebhookToken();
      keepToken(store, secrets, token, null);
      config = { ...config, token };
      return token;
    },
    setSignature(secret, mode) {
      if (!SIGNATURE_MODES.includes(mode)) throw new Error(`Signature mode must be one of ${SIGNATURE_MODES.join(', ')}`);
      if (mode !== 'off' && !secret) throw new Error(`Signature mode "${mode}" needs a webhook secret.`);
      secrets.set('webhookSecret', secret);
      store.setSetting('signatureMode', mode);
      config = { ...config, secret, signatureMode: mode, secretUnreadable: false };
    },
    close() {
      closing ??= (async () => {
        clearInterval(watch);
        stopCheck.abort();
        await Promise.all([catchUp.close(), recordings.close()]);
        await tunnel.stop();
        await Promise.all([closeServer(webhookServer, 5000), closeServer(appServer, 0), backups.stop(), integrityChecked]);
        await writer.close();
        wal.close();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
  tunnel.start();
  catchUp.start();
  recordings.start();
  return core;
}
