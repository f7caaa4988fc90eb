// Everything the core does apart from its two HTTP listeners: the database, ingest, the fold, catch-up,
// recordings, backups, the tunnel's supervisor and the database's health. The in-thread core (core.ts) puts
// its listeners in front of it; the store worker (thread/storeWorker.ts) runs it alone and is sent the bytes.

import path from 'node:path';
import type { AlertPreferences, SecretProblem } from '../../shared/api';
import { alertFor } from '../../shared/calls/alert';
import { tunnelCameBack } from '../../shared/catchUp/plan';
import { secretProblems } from '../../shared/secretProblems';
import { createCoreHandlers, type CoreHandlers } from './api/handlers';
import { CatchUpRunner } from './catchUp/runner';
import { CatchUpSettingsStore } from './catchUp/settings';
import { ChangeFeed } from './changeFeed';
import { LOOPBACK } from './thread/loopback';
import { keepToken, newWebhookToken, resolveConfig, watchingForDamage, type CoreOptions } from './coreConfig';
import { lockDataFolder } from './dataFolderLock';
import { caughtUpIngest, pushFollowUpChanges } from './followUpPush';
import { DeliveryWriter } from './ingest/deliveryWriter';
import { SIGNATURE_MODES, type SignatureMode } from './ingest/signature';
import { judgeDelivery, type ReceivedWebhook, type WebhookConfig } from './ingest/received';
import { askingOnDetail, coreRecordings } from './recordings/inCore';
import type { RecordingFile, Recordings } from './recordings/recordings';
import { FileSecretStore, WatchedSecretStore } from './secrets';
import { readAlertPreferences } from './store/alertPreferences';
import { BackupScheduler } from './store/backups';
import { CallStore, type DeliveryResult } from './store/callStore';
import { DatabaseHealth, isCorruptionError, quickCheckInBackground } from './store/databaseHealth';
import { DATABASE_FILE, describeOpenError, openDatabase, type Db } from './store/db';
import { WalSync } from './store/walSync';
import { TunnelService } from './tunnel/service';

export interface CoreStore {
  store: CallStore;
  db: Db;
  feed: ChangeFeed;
  writer: DeliveryWriter;
  webhookPort: number;
  readonly webhookUrl: string;
  readonly webhookPath: string;
  dataDir: string;
  secrets: WatchedSecretStore;
  database: DatabaseHealth;
  backups: BackupScheduler;
  integrityChecked: Promise<void>;
  handlers: CoreHandlers;
  tunnel: TunnelService;
  catchUp: CatchUpRunner;
  recordings: Recordings;
  config(): WebhookConfig;
  /** Judges a webhook the listener read (signature, refusals) and stores it; settles once it is on disk. */
  receive(received: ReceivedWebhook): Promise<DeliveryResult>;
  regenerateWebhookToken(): string;
  setSignature(secret: string | null, mode: SignatureMode): void;
  secretProblems(): SecretProblem[];
  /** Told when the secrets, or what needs them (signatures, tunnel, catch-up), change: `secretProblems()` may read otherwise. */
  onSecretProblemsChange(listener: () => void): () => void;
  signatureMode(): SignatureMode;
  alertPreferences(): AlertPreferences;
  openFollowUps(): number;
  followUpsBuilding(): boolean;
  recordingFile(callId: number): RecordingFile | null;
  /** Stops what works on its own (catch-up, recordings, the tunnel, the checks): first step of closing, before the listeners. */
  stopServices(): Promise<void>;
  /** Writes what is queued, waits for it to be on disk, then closes the database and releases the data folder. */
  close(): Promise<void>;
}

/** Opens the database and starts everything but the listeners; the webhook listener must already listen on `webhookPort`. */
export function openCoreStore(options: CoreOptions & { webhookPort: number }): CoreStore {
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
  // The call-backs of a history from before are counted after start, unpushed: their end goes out once, whole.
  store.onFollowUpsBuilt(() => feed.emitFollowUps({ open: store.openFollowUps(), changed: [], building: false }));
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
  const secretListeners = new Set<() => void>();
  const secretsChanged = () => secretListeners.forEach((listener) => listener());
  secrets.onChange(secretsChanged);

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

  const webhookPort = options.webhookPort;
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
  let tunnelProvider = tunnel.status().provider;
  tunnel.onChange(({ state, provider }) => {
    if (tunnelCameBack(tunnelState, state)) catchUp.run('tunnel');
    tunnelState = state;
    if (provider !== tunnelProvider) secretsChanged();
    tunnelProvider = provider;
  });
  let catchUpProvider = catchUpSettings.choice().provider;
  catchUp.onChange(() => {
    const provider = catchUpSettings.choice().provider;
    if (provider !== catchUpProvider) secretsChanged();
    catchUpProvider = provider;
  });
  let closing: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  // Backups start once the check has passed: a damaged copy must not replace a good one.
  const stopCheck = new AbortController();
  const integrityChecked = quickCheckInBackground(database.file, stopCheck.signal, options.sqliteBinding).then(({ finding }) => {
    if (finding) database.markDamaged(finding);
    else if (!stopping) backups.start();
  });
  const core: CoreStore = {
    store,
    db,
    feed,
    writer,
    webhookPort,
    get webhookUrl() {
      return `http://${LOOPBACK}:${webhookPort}${webhookPath()}`;
    },
    get webhookPath() {
      return webhookPath();
    },
    dataDir: options.dataDir,
    secrets,
    database,
    backups,
    integrityChecked,
    handlers,
    tunnel,
    catchUp,
    recordings,
    config: () => config,
    receive: (received) => writer.submit(judgeDelivery(received, config)),
    secretProblems: () =>
      secretProblems(
        secrets.unreadable(),
        { signatures: config.signatureMode !== 'off', provider: tunnel.status().provider, catchUp: catchUpSettings.choice().provider !== 'off' },
        secrets.place,
      ),
    onSecretProblemsChange(listener) {
      secretListeners.add(listener);
      return () => secretListeners.delete(listener);
    },
    signatureMode: () => config.signatureMode,
    alertPreferences: () => readAlertPreferences(store),
    openFollowUps: () => store.openFollowUps(),
    followUpsBuilding: () => store.followUpsBuilding(),
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
      secretsChanged();
    },
    stopServices() {
      stopping ??= (async () => {
        clearInterval(watch);
        stopCheck.abort();
        await Promise.all([catchUp.close(), recordings.close()]);
        await tunnel.stop();
      })();
      return stopping;
    },
    close() {
      closing ??= (async () => {
        store.close();
        await core.stopServices();
        await Promise.all([backups.stop(), integrityChecked]);
        await writer.close();
        wal.close();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
  return core;
}

/** Starts what works on its own once the listeners are up: the tunnel, catch-up, the recordings downloader. */
export function startServices(core: CoreStore): void {
  core.tunnel.start();
  core.catchUp.start();
  core.recordings.start();
}
