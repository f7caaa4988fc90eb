// What the thread that serves the tray, notifications, IPC and the two listeners sees of the core. In the
// desktop app and headless mode the store (SQLite, ingest, the fold, catch-up, searches, the tunnel's
// supervisor) runs in a worker thread and this is a mirror kept by its messages: nothing here waits on
// SQLite. The in-thread core (core.ts, the baseline the bench compares with) offers the same face.

import type { AlertPreferences, SecretProblem } from '../../../shared/api';
import type { CoreHandlers } from '../api/handlers';
import type { CatchUpRunner } from '../catchUp/runner';
import type { ChangeFeed } from '../changeFeed';
import type { SignatureMode } from '../ingest/signature';
import type { RecordingFile } from '../recordings/recordings';
import type { DatabaseProblem } from '../store/databaseHealth';
import type { TunnelService } from '../tunnel/service';
import type { OpenFailureCause } from './openFailure';

/** Where the store runs: this thread (the baseline), or its own worker thread (the default). */
export type StoreThread = 'main' | 'worker';

/** The store thread's state as the front sees it: while it is not `running`, webhooks are answered 503. */
export interface StoreThreadStatus {
  thread: StoreThread;
  state: 'starting' | 'running' | 'restarting' | 'stopped';
  /** Times the worker ended unexpectedly and was started again since the core started. */
  restarts: number;
  /** Why it last ended unexpectedly, in words (no secrets), or null. */
  lastExit: string | null;
  /** Why the last restarted worker could not open the call database (it keeps being started again); null once one runs. */
  cannotOpen: OpenFailureCause | null;
}

export interface CoreFront {
  readonly webhookPort: number;
  readonly appPort: number;
  /** The local webhook URL (what a tunnel forwards to); it carries the token: never log it whole. */
  readonly webhookUrl: string;
  readonly webhookPath: string;
  readonly appUrl: string;
  /** The app listener's key: every /api route but health needs it (the desktop window talks IPC instead). */
  readonly appKey: string;
  readonly dataDir: string;
  /** Every operation of the contract; with the store in a worker each answer comes from there. */
  handlers: CoreHandlers;
  /** Calls, catch-up runs and follow-ups as they change (the shell's notifications, the live stream). */
  feed: ChangeFeed;
  tunnel: Pick<TunnelService, 'status' | 'onChange' | 'resume'>;
  catchUp: Pick<CatchUpRunner, 'status' | 'onChange' | 'run'>;
  /** Whether the call database is still the file that was opened, and undamaged. */
  database: { check(): DatabaseProblem | null; onChange(listener: (problem: DatabaseProblem | null) => void): () => void };
  /** What the secrets that could not be read stop from working, and what to do. */
  secretProblems(): SecretProblem[];
  onSecretProblemsChange(listener: () => void): () => void;
  signatureMode(): SignatureMode;
  /** The alert choices as last saved: read for every notification, so kept here, never fetched. */
  alertPreferences(): AlertPreferences;
  /** How many people are waiting for a call back (the tray's count), kept by the follow-ups push. */
  openFollowUps(): number;
  /** Whether the call-backs of a history from before are still being counted (that count is not whole yet), kept likewise. */
  followUpsBuilding(): boolean;
  /** The shell's own small settings (the tray's pause), kept in the call database. */
  shellSetting(key: string): Promise<string | null>;
  setShellSetting(key: string, value: string): Promise<void>;
  /** The downloaded recording of a call, for the window's player. */
  recordingFile(callId: number): Promise<RecordingFile | null>;
  storeThread(): StoreThreadStatus;
  /** Told each time that state changes (a restart begins, the thread runs again); returns the function that unsubscribes. */
  onStoreThreadChange(listener: (status: StoreThreadStatus) => void): () => void;
  /** Lets deliveries in flight commit (their webhooks get their answer), then stops everything. */
  close(): Promise<void>;
}
