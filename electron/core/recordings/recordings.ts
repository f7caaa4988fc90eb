// Recordings that play offline: each call's recording downloaded into <dataDir>/recordings. Voicemails and
// recordings someone asked for go first (one lane); the others are fetched in the background, newest first,
// one at a time (another lane), while the disk budget has room for them (shared/callBacks/recording.ts).

import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  fetchableAfter,
  planRoom,
  retryDelay,
  retryLater,
  servedType,
  urlForLog,
  type CachedRecording,
  type RecordingState,
} from '../../../shared/callBacks/recording';
import type { Db } from '../store/db';
import { downloadRecording, type DownloadLimits } from './download';

const RECORDINGS_FOLDER = 'recordings';
const DEFAULT_RECORDING_BUDGET = 2 * 1024 ** 3;
const TRIES = 3;
/** A failed recording asked for again is tried again after this long at the soonest. */
const RETRY_ASKED_AFTER_MS = 60_000;
/** How long a recording asked for is kept from being evicted by background fetches (it may be playing). */
const PINNED_MS = 15 * 60_000;

export interface RecordingsOptions {
  db: Db;
  dataDir: string;
  /** Bytes the cached recordings may take (2 GiB when omitted). */
  budgetBytes?: number;
  limits?: Partial<DownloadLimits>;
  /** The unit of the backoff between tries (1 s; tests shorten it). */
  retryUnitMs?: number;
  /** Told of every call whose recording changed state (the core pushes the call again). */
  onChange?: (callId: number) => void;
  log?: (line: string) => void;
}

export interface RecordingFile {
  path: string;
  contentType: string;
  bytes: number;
}

interface Candidate {
  id: number;
  url: string | null;
  started_ms: number;
  voicemail: 0 | 1;
  /** Tries made in earlier fetches, or null. */
  tried: number | null;
}

interface RecordingRow {
  state: RecordingState;
  file: string | null;
  bytes: number | null;
  content_type: string | null;
  fetched_ms: number | null;
}

/** A call with a recording that has not been tried: no row, or a failed one whose address the vendor changed since. */
const NOT_TRIED = `c.has_recording = 1 AND (r.call_id IS NULL OR r.state = 'pending'
  OR (r.state = 'failed' AND (r.url IS NOT json_extract(c.data, '$.recordingUrl') OR r.retry_at_ms <= @now)))`;
const CANDIDATE_COLUMNS = `c.id, json_extract(c.data, '$.recordingUrl') AS url, c.started_ms, (c.outcome IS 'voicemail') AS voicemail,
  (SELECT tries FROM recordings t WHERE t.call_id = c.id) AS tried`;

/**
 * A database that cannot be read (deleted, damaged, a full disk) stops the downloads until the next wake, a
 * minute later at most; the core goes on and its health says why. It must never end the process.
 */
function pausedBy(error: unknown): void {
  console.error(`Recordings paused: ${error instanceof Error ? error.message : String(error)}`);
}

export class Recordings {
  readonly dir: string;
  private readonly budget: number;
  private readonly limits: DownloadLimits;
  private readonly stmt;
  private readonly inFlight = new Map<number, Promise<boolean>>();
  private readonly asked: number[] = [];
  /** Who waits for an asked-for fetch to settle. */
  private readonly waiting = new Map<number, (() => void)[]>();
  private readonly woken = { urgent: false, background: false };
  /** When each recording was last asked for. */
  private readonly askedAt = new Map<number, number>();
  private readonly lanes = { urgent: null as Promise<void> | null, background: null as Promise<void> | null };
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RecordingsOptions) {
    this.dir = path.join(options.dataDir, RECORDINGS_FOLDER);
    this.budget = options.budgetBytes ?? DEFAULT_RECORDING_BUDGET;
    this.limits = { maxBytes: 100 * 1024 * 1024, timeoutMs: 60_000, ...options.limits };
    const db = options.db;
    this.stmt = {
      voicemails: db.prepare<[{ now: number; after: number }], Candidate>(
        `SELECT ${CANDIDATE_COLUMNS} FROM calls c LEFT JOIN recordings r ON r.call_id = c.id
         WHERE c.outcome = 'voicemail' AND c.started_ms > @after AND ${NOT_TRIED} ORDER BY c.started_ms DESC LIMIT 8`,
      ),
      others: db.prepare<[{ now: number; after: number }], Candidate>(
        `SELECT ${CANDIDATE_COLUMNS} FROM calls c LEFT JOIN recordings r ON r.call_id = c.id
         WHERE c.outcome IS NOT 'voicemail' AND c.started_ms > @after AND ${NOT_TRIED} ORDER BY c.started_ms DESC LIMIT 8`,
      ),
      call: db.prepare<[number], Candidate>(`SELECT ${CANDIDATE_COLUMNS} FROM calls c WHERE c.id = ? AND c.has_recording = 1`),
      failure: db.prepare<[number], { state: RecordingState; error: string | null }>(`SELECT state, error FROM recordings WHERE call_id = ?`),
      row: db.prepare<[number], RecordingRow>(`SELECT state, file, bytes, content_type, fetched_ms FROM recordings WHERE call_id = ?`),
      cached: db.prepare<[], { callId: number; bytes: number; startedMs: number; voicemail: 0 | 1 }>(
        `SELECT r.call_id AS callId, r.bytes, c.started_ms AS startedMs, (c.outcome IS 'voicemail') AS voicemail
         FROM recordings r JOIN calls c ON c.id = r.call_id WHERE r.state = 'cached'`,
      ),
      cachedFiles: db.prepare<[], { call_id: number; file: string }>(`SELECT call_id, file FROM recordings WHERE state = 'cached'`),
      save: db.prepare<
        [
          {
            callId: number;
            url: string;
            state: RecordingState;
            file: string | null;
            bytes: number | null;
            contentType: string | null;
            error: string | null;
            fetchedMs: number;
            tries: number;
            retryAtMs: number | null;
          },
        ]
      >(
        `INSERT INTO recordings (call_id, url, state, file, bytes, content_type, error, fetched_ms, tries, retry_at_ms)
         VALUES (@callId, @url, @state, @file, @bytes, @contentType, @error, @fetchedMs, @tries, @retryAtMs)
         ON CONFLICT (call_id) DO UPDATE SET url = excluded.url, state = excluded.state, file = excluded.file, bytes = excluded.bytes,
           content_type = excluded.content_type, error = excluded.error, fetched_ms = excluded.fetched_ms, tries = excluded.tries,
           retry_at_ms = excluded.retry_at_ms`,
      ),
      evict: db.prepare<[number]>(`UPDATE recordings SET state = 'evicted', file = NULL WHERE call_id = ?`),
    };
  }

  /** Drops what an earlier run left half done (temp files, files no row keeps), notes files gone, and starts the lanes. */
  start(): void {
    try {
      this.tidy();
    } catch (error) {
      pausedBy(error);
    }
    // Failures that can pass are tried again in time, and a lane paused by an unreachable vendor looks again.
    this.timer = setInterval(() => this.wake(), 60_000).unref();
    this.wake();
  }

  private tidy(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const kept = new Set<string>();
    for (const { call_id, file } of this.stmt.cachedFiles.all()) {
      if (fs.existsSync(path.join(this.dir, file))) kept.add(file);
      else this.stmt.evict.run(call_id);
    }
    for (const name of fs.readdirSync(this.dir)) if (!kept.has(name)) fs.rmSync(path.join(this.dir, name), { force: true, recursive: true });
  }

  /** New calls or recordings may have arrived: each lane looks again (an idle one starts). */
  wake(): void {
    if (this.stop.signal.aborted) return;
    for (const lane of ['urgent', 'background'] as const) {
      this.woken[lane] = true;
      this.lanes[lane] ??= this.run(lane)
        .catch(pausedBy)
        .finally(() => {
          this.lanes[lane] = null;
          if (this.woken[lane]) this.wake();
        });
    }
  }

  /**
   * Someone wants to hear this call's recording: it is fetched before anything else unless it is cached (or
   * failed less than a minute ago). Settles once that fetch has.
   */
  ask(callId: number): Promise<void> {
    this.askedAt.set(callId, Date.now());
    const running = this.inFlight.get(callId);
    if (running) return running.then(() => undefined);
    const row = this.stmt.row.get(callId);
    if (row?.state === 'cached' || this.stop.signal.aborted) return Promise.resolve();
    if (row?.state === 'failed' && Date.now() - (row.fetched_ms ?? 0) < RETRY_ASKED_AFTER_MS) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiting.set(callId, [...(this.waiting.get(callId) ?? []), resolve]);
      if (!this.asked.includes(callId)) this.asked.push(callId);
      this.wake();
    });
  }

  /** The cached file of a call's recording, or null (a file found gone is noted as evicted, to be fetched again). */
  file(callId: number): RecordingFile | null {
    const row = this.stmt.row.get(callId);
    if (row?.state !== 'cached' || !row.file) return null;
    const file = path.join(this.dir, row.file);
    if (!fs.existsSync(file)) {
      this.stmt.evict.run(callId);
      this.options.onChange?.(callId);
      return null;
    }
    return { path: file, contentType: servedType(row.content_type), bytes: row.bytes ?? fs.statSync(file).size };
  }

  /** Why a call's recording cannot be served from this PC, in words. */
  whyNot(callId: number): string {
    if (!this.stmt.call.get(callId)) return 'This call has no recording';
    const row = this.stmt.failure.get(callId);
    if (row?.state === 'failed') return `The recording could not be downloaded: ${row.error ?? 'unknown error'}`;
    if (row?.state === 'evicted') return 'The recording was dropped to keep within the disk budget; it is being downloaded again';
    return 'The recording is not downloaded yet';
  }

  async close(): Promise<void> {
    this.stop.abort();
    clearInterval(this.timer);
    for (const id of [...this.waiting.keys()]) this.settle(id);
    await Promise.all([this.lanes.urgent, this.lanes.background]);
  }

  private settle(callId: number): void {
    for (const resolve of this.waiting.get(callId) ?? []) resolve();
    this.waiting.delete(callId);
  }

  private cached(): CachedRecording[] {
    const since = Date.now() - PINNED_MS;
    for (const [id, at] of this.askedAt) if (at < since) this.askedAt.delete(id);
    return this.stmt.cached.all().map((c) => ({ ...c, voicemail: c.voicemail === 1, pinned: this.askedAt.has(c.callId) }));
  }

  /** The next call a lane fetches, and whether someone asked for it; null when the lane has nothing worth doing. */
  private next(lane: 'urgent' | 'background'): { call: Candidate; asked: boolean } | null {
    if (lane === 'urgent') {
      // One the other lane is fetching already settles its askers when that fetch does.
      for (let id = this.asked.shift(); id !== undefined; id = this.asked.shift()) {
        const call = this.stmt.call.get(id);
        if (call && !this.inFlight.has(id)) return { call, asked: true };
        if (!call) this.settle(id);
      }
    }
    const after = fetchableAfter(this.cached(), lane === 'urgent', this.budget);
    if (after === null) return null;
    const query = lane === 'urgent' ? this.stmt.voicemails : this.stmt.others;
    const call = query.all({ now: Date.now(), after }).find((c) => !this.inFlight.has(c.id));
    return call ? { call, asked: false } : null;
  }

  private async run(lane: 'urgent' | 'background'): Promise<void> {
    while (this.woken[lane] && !this.stop.signal.aborted) {
      this.woken[lane] = false;
      for (let next = this.next(lane); next && !this.stop.signal.aborted; next = this.next(lane)) {
        const { call, asked } = next;
        const fetching = this.fetch(call, asked);
        this.inFlight.set(call.id, fetching);
        try {
          // The vendor out of reach: the lane waits for the next wake rather than fail the whole history.
          if (!(await fetching) && !asked) break;
        } finally {
          this.inFlight.delete(call.id);
          this.settle(call.id);
        }
      }
    }
  }

  /** Fetches with retries and records the outcome; false when the vendor's server could not be reached. */
  private async fetch(call: Candidate, asked: boolean): Promise<boolean> {
    const url = call.url ?? '';
    let tries = call.tried ?? 0;
    for (let attempt = 1; ; attempt++) {
      tries += 1;
      const result = await downloadRecording(url, this.dir, call.id, this.limits, this.stop.signal);
      if (this.stop.signal.aborted) {
        if (result.ok) fs.rmSync(path.join(this.dir, result.file), { force: true });
        return true;
      }
      const base = { callId: call.id, url, fetchedMs: Date.now(), tries };
      if (result.ok) return (this.keep(call, asked, { ...base, ...result }), true);
      if (!result.retry || attempt >= TRIES) {
        this.options.log?.(`The recording of call ${call.id} (${urlForLog(url)}) could not be downloaded: ${result.error}`);
        const retryAtMs = result.retry ? base.fetchedMs + retryLater(tries) : null;
        this.stmt.save.run({ ...base, state: 'failed', file: null, bytes: null, contentType: null, error: result.error, retryAtMs });
        this.options.onChange?.(call.id);
        return !result.retry;
      }
      await sleep(retryDelay(attempt, this.options.retryUnitMs), undefined, { signal: this.stop.signal }).catch(() => undefined);
      if (this.stop.signal.aborted) return true;
    }
  }

  /** Makes room for a downloaded recording (or drops it when it is not worth its room) and records it. */
  private keep(
    call: Candidate,
    asked: boolean,
    got: { callId: number; url: string; fetchedMs: number; tries: number; file: string; bytes: number; contentType: string },
  ): void {
    const others = this.cached().filter((c) => c.callId !== call.id);
    const plan = planRoom(others, { bytes: got.bytes, startedMs: call.started_ms, voicemail: call.voicemail === 1, asked }, this.budget);
    const evicted = plan.keep ? plan.evict : [];
    const fileOf = new Map(this.stmt.cachedFiles.all().map((r) => [r.call_id, r.file]));
    this.options.db.transaction(() => {
      for (const id of evicted) this.stmt.evict.run(id);
      if (plan.keep) this.stmt.save.run({ ...got, state: 'cached', error: null, retryAtMs: null });
      else this.stmt.save.run({ ...got, state: 'evicted', file: null, error: null, retryAtMs: null });
    })();
    for (const id of evicted) fs.rmSync(path.join(this.dir, fileOf.get(id) ?? `${id}.none`), { force: true });
    if (!plan.keep) fs.rmSync(path.join(this.dir, got.file), { force: true });
    for (const id of [...evicted, call.id]) this.options.onChange?.(id);
  }
}
