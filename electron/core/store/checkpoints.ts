// WAL checkpoints off the writer. The writer connection no longer checkpoints inside its commits
// (`stopWriterCheckpoints` in ./db.ts): this checkpointer, on a connection of its own in another thread,
// runs PASSIVE checkpoints, which never wait for the writer or block a commit. It copies the WAL once it
// has grown past a threshold and ingest has been quiet a moment, and anyway once it is past a hard cap.
//
// How it knows, without reading SQLite's files: `PRAGMA data_version` changes when another connection
// commits (so it tells new frames, and quiet), and the WAL file's size says how far the log has grown since
// it last started over, because the writer truncates it back to `journal_size_limit` (the threshold) when
// it starts the log over.
//
// What bounds the WAL: the writer starts the log over at its first commit after a checkpoint that copied
// every frame (and no search still reads an older snapshot). Under ingest that never pauses, each copy ends
// with newer frames in the log, so after a copy the checkpointer chases: it looks every few milliseconds and
// copies each new commit's few frames at once, which takes less than the gap between two commits, and the
// log starts over. A read holds a copy back only while it lasts. A RESTART checkpoint would force the start
// over by making the writer wait: the very stall this file exists to avoid, and never needed for
// correctness (the log is as durable long as short).

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../paths';

/** The WAL size past which a quiet moment is used to checkpoint; also the size a WAL reset truncates back to. */
export const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024;

export interface CheckpointPolicy {
  /** Past this many bytes of WAL, a checkpoint runs once ingest has been quiet for `quietMs`. */
  thresholdBytes: number;
  /** Past this many, one runs at the next look even while ingest goes on. */
  hardCapBytes: number;
  quietMs: number;
  /** How often the WAL is looked at. */
  pollMs: number;
  /** How often while chasing: after a copy, until the writer has started the log over. */
  chaseMs: number;
}

export const CHECKPOINT_POLICY: CheckpointPolicy = {
  thresholdBytes: WAL_CHECKPOINT_BYTES,
  hardCapBytes: 32 * 1024 * 1024,
  quietMs: 250,
  pollMs: 100,
  chaseMs: 2,
};

/** One look at the WAL. */
export interface WalLook {
  walBytes: number;
  /** `PRAGMA data_version` of the checkpointer's connection: changes with every commit of another connection. */
  dataVersion: number;
  nowMs: number;
}

/** What the checkpointer remembers between looks. */
export interface CheckpointMemory {
  dataVersion: number;
  /** When the data version last changed (the latest commit seen). */
  changedAtMs: number;
  /** The data version when a checkpoint last copied every frame; null if none has, or the last one could not. */
  caughtUpAt: number | null;
  /** A copy ran and the log has not started over since: each new commit is copied at once. */
  chasing: boolean;
}

export type CheckpointReason = 'quiet' | 'hard-cap' | 'chase';

export function firstMemory(look: WalLook): CheckpointMemory {
  return { dataVersion: look.dataVersion, changedAtMs: look.nowMs, caughtUpAt: null, chasing: false };
}

/** The memory after a look: a new data version means a commit came (ingest is not quiet). */
export function remember(memory: CheckpointMemory, look: WalLook, policy: CheckpointPolicy): CheckpointMemory {
  const committed = look.dataVersion !== memory.dataVersion;
  const changedAtMs = committed ? look.nowMs : memory.changedAtMs;
  // The chase ends when the writer started the log over (back under the threshold: it truncated it), or
  // when every frame is copied and no commit came for a while (the next one starts the log over).
  const idle = !committed && memory.caughtUpAt === look.dataVersion && look.nowMs - changedAtMs >= policy.quietMs;
  const chasing = memory.chasing && look.walBytes > policy.thresholdBytes && !idle;
  if (!committed && chasing === memory.chasing) return memory;
  return { ...memory, dataVersion: look.dataVersion, changedAtMs, chasing };
}

/** Whether to checkpoint now, and why; null when there is nothing to copy or it can wait. */
export function checkpointDue(memory: CheckpointMemory, look: WalLook, policy: CheckpointPolicy): CheckpointReason | null {
  // Nothing committed since a checkpoint copied everything: the file's size is that of frames already copied.
  if (memory.caughtUpAt === look.dataVersion) return null;
  if (look.walBytes <= policy.thresholdBytes) return null;
  if (memory.chasing) return 'chase';
  if (look.walBytes > policy.hardCapBytes) return 'hard-cap';
  if (look.nowMs - memory.changedAtMs >= policy.quietMs) return 'quiet';
  return null;
}

/** How long until the next look. */
export function nextLookMs(memory: CheckpointMemory, policy: CheckpointPolicy): number {
  return memory.chasing ? policy.chaseMs : policy.pollMs;
}

/** `PRAGMA wal_checkpoint` answers: frames in the log, frames copied into the database (-1 each when not in WAL mode). */
interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface CheckpointStats {
  checkpoints: number;
  /** Those that copied every frame in the log (the writer may start it over). */
  caughtUp: number;
  longestMs: number;
  /** The WAL's size at the latest look. */
  walBytes: number;
  largestWalBytes: number;
  byReason: Record<CheckpointReason, number>;
}

export interface CheckpointerOptions {
  policy?: Partial<CheckpointPolicy>;
  nativeBinding?: string;
  log?: (line: string) => void;
}

/** Runs PASSIVE checkpoints of the call database in `dataDir` on a connection of its own (see the top of this file). */
export class Checkpointer {
  private readonly db: Database.Database;
  private readonly walPath: string;
  private readonly policy: CheckpointPolicy;
  private readonly dataVersion;
  private memory: CheckpointMemory;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly counts: CheckpointStats = {
    checkpoints: 0,
    caughtUp: 0,
    longestMs: 0,
    walBytes: 0,
    largestWalBytes: 0,
    byReason: { quiet: 0, 'hard-cap': 0, chase: 0 },
  };

  constructor(
    dataDir: string,
    private readonly options: CheckpointerOptions = {},
  ) {
    const file = path.join(dataDir, DATABASE_FILE);
    this.walPath = `${file}-wal`;
    this.policy = { ...CHECKPOINT_POLICY, ...options.policy };
    // Read-write: a checkpoint writes the database file. It commits nothing, so it never migrates or writes a row.
    this.db = new Database(file, { fileMustExist: true, nativeBinding: options.nativeBinding });
    // A checkpoint syncs the WAL before copying and the database after: what lets the writer start the log over.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 100');
    this.dataVersion = this.db.prepare<[], number>(`PRAGMA data_version`).pluck();
    this.memory = firstMemory(this.look());
  }

  start(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        try {
          this.tick();
        } catch (error) {
          // A look that met a busy or failing file: the next one tries again (the searches go on).
          this.options.log?.(`The call database's WAL could not be looked at: ${(error as Error).message}`);
        }
        this.start();
      },
      nextLookMs(this.memory, this.policy),
    );
    this.timer.unref();
  }

  /** One look, and a checkpoint if one is due; returns why one ran, or null. */
  tick(): CheckpointReason | null {
    const look = this.look();
    this.memory = remember(this.memory, look, this.policy);
    const reason = checkpointDue(this.memory, look, this.policy);
    if (reason) this.checkpoint(reason, look.dataVersion);
    return reason;
  }

  stats(): CheckpointStats {
    return { ...this.counts, byReason: { ...this.counts.byReason } };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.db.open) this.db.close();
  }

  private look(): WalLook {
    const walBytes = walSize(this.walPath);
    this.counts.walBytes = walBytes;
    this.counts.largestWalBytes = Math.max(this.counts.largestWalBytes, walBytes);
    return { walBytes, dataVersion: this.dataVersion.get() ?? 0, nowMs: performance.now() };
  }

  private checkpoint(reason: CheckpointReason, dataVersion: number): void {
    const started = performance.now();
    let row: CheckpointRow;
    try {
      row = (this.db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[])[0]!;
    } catch (error) {
      // A busy or failing disk: the next look tries again; the writer is never held up by it.
      this.options.log?.(`A checkpoint of the call database failed: ${(error as Error).message}`);
      return;
    }
    const ms = performance.now() - started;
    this.counts.checkpoints++;
    this.counts.byReason[reason]++;
    this.counts.longestMs = Math.max(this.counts.longestMs, ms);
    // A search's snapshot can leave frames uncopied: then the next look tries again.
    const caughtUp = row.busy === 0 && row.log >= 0 && row.checkpointed === row.log;
    if (caughtUp) this.counts.caughtUp++;
    this.memory = { ...this.memory, caughtUpAt: caughtUp ? dataVersion : null, chasing: true };
  }
}

function walSize(walPath: string): number {
  try {
    return fs.statSync(walPath).size;
  } catch {
    return 0;
  }
}
