// Checkpoints off the writer, on real SQLite files: with stopWriterCheckpoints no commit writes the database
// file however large the WAL grows (SQLite's automatic checkpoint, the control, does in some commits), and
// the checkpointer of the reader thread keeps the WAL bounded under steady ingest, every delivery kept.

import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { openDatabase, stopWriterCheckpoints, type Db } from '../../electron/core/store/db';
import { WalSync } from '../../electron/core/store/walSync';
import { createReaderPool } from '../../electron/core/thread/readerPool';
import { tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';
import { hourlyCall, incoming } from '../support/readerHistory';

const MB = 1024 * 1024;
/** SQLite's automatic checkpoint runs in the commit that takes the WAL past 1,000 pages. */
const AUTO_CHECKPOINT_BYTES = 1000 * 4096;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(handOff: boolean, thresholdBytes?: number): { dir: string; db: Db; store: CallStore; wal: WalSync } {
  const dir = tempDir('call-alerts-checkpoint-');
  dirs.push(dir);
  const db = openDatabase(dir);
  if (handOff) stopWriterCheckpoints(db, thresholdBytes);
  return { dir, db, store: new CallStore(db), wal: new WalSync(`${db.name}-wal`) };
}

/** The three deliveries of `calls` calls, each from its own caller, in arrival order. */
function deliveries(calls: number): IncomingDelivery[] {
  return Array.from({ length: calls }, (_, i) => {
    const d = callDeliveries(hourlyCall(i, String(4165550000 + i), { callerName: `Caller ${i}` }));
    return [incoming(d.start), incoming(d.preprocessed), incoming(d.processed)];
  }).flat();
}

const fileState = (file: string) => {
  const s = fs.statSync(file, { bigint: true });
  return `${s.size}:${s.mtimeNs}`;
};

interface IngestRun {
  /** Commits during which the database file (not the WAL) was written: a checkpoint ran in them. */
  commitsWritingDatabase: number;
  walSizes: number[];
}

/** Commits two deliveries every few milliseconds, as steady webhooks would, each batch's WAL fsynced after. */
async function steadyIngest(run: { db: Db; store: CallStore; wal: WalSync }, all: IncomingDelivery[], gapMs: number): Promise<IngestRun> {
  const result: IngestRun = { commitsWritingDatabase: 0, walSizes: [] };
  const syncs: Promise<void>[] = [];
  for (let i = 0; i < all.length; i += 2) {
    const before = fileState(run.db.name);
    run.store.ingestBatchUnsynced(all.slice(i, i + 2));
    if (fileState(run.db.name) !== before) result.commitsWritingDatabase++;
    syncs.push(run.wal.sync());
    result.walSizes.push(fs.statSync(`${run.db.name}-wal`).size);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  await Promise.all(syncs);
  return result;
}

describe('checkpoints off the writer', () => {
  it('leaves the database file alone in every commit, however large the WAL grows', async () => {
    const all = deliveries(150);
    const handedOff = open(true);
    const off = await steadyIngest(handedOff, all, 0);
    expect(Math.max(...off.walSizes)).toBeGreaterThan(2 * AUTO_CHECKPOINT_BYTES);
    expect(off.commitsWritingDatabase).toBe(0);
    expect(handedOff.store.countCalls()).toBe(150);

    // The control: SQLite's own checkpoint writes the database file inside some of the same commits.
    const automatic = open(false);
    const auto = await steadyIngest(automatic, all, 0);
    expect(auto.commitsWritingDatabase).toBeGreaterThan(0);
    expect(Math.max(...auto.walSizes)).toBeLessThan(2 * AUTO_CHECKPOINT_BYTES);
    for (const run of [handedOff, automatic]) {
      run.wal.close();
      run.db.close();
    }
  });

  it('keeps the WAL bounded under steady ingest with the reader thread checkpointing, and loses nothing', async () => {
    const policy = { thresholdBytes: 1 * MB, hardCapBytes: 4 * MB, quietMs: 100, pollMs: 20, chaseMs: 2 };
    const run = open(true, policy.thresholdBytes);
    const pool = createReaderPool({ dataDir: run.dir, checkpoints: policy, fallback: () => Promise.reject(new Error('the reader is down')) });
    await pool.running();
    const all = deliveries(300);
    run.store.ingestBatchUnsynced(all.slice(0, 1));
    const walFile = fs.statSync(`${run.db.name}-wal`).ino;
    const ingest = await steadyIngest(run, all.slice(1), 3);
    const sizes = ingest.walSizes;
    // Without the checkpointer this ingest leaves a WAL of over 40 MB (the test above: 150 calls, over 8 MB).
    // Past the cap it grows by what arrives while a copy runs (~0.1 MB a commit here, a copy 20–130 ms).
    expect(Math.max(...sizes)).toBeLessThan(3 * policy.hardCapBytes);
    // The writer started the log over during the ingest: the file fell back to the threshold after being past it.
    const firstPast = sizes.findIndex((s) => s > policy.thresholdBytes);
    expect(firstPast).toBeGreaterThanOrEqual(0);
    expect(sizes.slice(firstPast).some((s) => s <= policy.thresholdBytes)).toBe(true);
    // Started over in place: the file WalSync holds open (and fsyncs before each acknowledgement) is still the WAL.
    expect(fs.statSync(`${run.db.name}-wal`).ino).toBe(walFile);
    const during = (await pool.checkpointStats())!;
    expect(during.caughtUp).toBeGreaterThan(0);
    expect(during.byReason['hard-cap'] + during.byReason.chase).toBeGreaterThan(0);

    // Quiet: whatever is left is copied, and the next commit starts the log over and truncates it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    run.store.ingestBatch(deliveries(301).slice(-3));
    expect(fs.statSync(`${run.db.name}-wal`).size).toBeLessThanOrEqual(policy.thresholdBytes);

    await pool.close();
    run.wal.close();
    run.db.close();
    const again = openDatabase(run.dir);
    expect(again.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
    expect(new CallStore(again).countCalls()).toBe(301);
    again.close();
  });
});
