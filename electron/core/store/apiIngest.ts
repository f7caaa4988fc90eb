// Catch-up ingest: an answer of the vendor's calls API is kept as received, then its results are merged into
// the history in slices (at most API_SLICE results or SLICE_BUDGET_MS, one transaction each), with a
// macrotask between them so the webhook writer (./callIngest.ts) is never held up for long. The slices commit
// without SQLite's fsync and the WAL is fsynced off the thread once at the end (./walSync.ts), since SQLite's
// own fsync at each commit would wait for the disk on this thread. A record read again unchanged is not stored again, so
// re-reading the last days changes nothing.

import { createHash, webcrypto } from 'node:crypto';
import type { CallStreamEvent } from '../../../shared/api';
import { foldCall } from '../../../shared/calls/fold';
import { MAX_EVENTS_PER_CALL } from '../../../shared/calls/limits';
import { callOutcome } from '../../../shared/calls/outcome';
import type { Call, CallEvent, FoldedCall } from '../../../shared/domain';
import { normaliseApiResult, parseCallsAnswer } from '../../../shared/marketingEdge/apiCall';
import type { JsonValue } from '../../../shared/marketingEdge/json';
import { encodeBody } from './bodyCodec';
import type { CallLinks } from './callLinks';
import { unsyncedWrites, type Db } from './db';
import { WalSync } from './walSync';
import {
  callRow,
  EVENTS_OF_CALL_SQL,
  INSERT_CAUGHT_UP_CALL_SQL,
  INSERT_SEARCH_SQL,
  keyedEvent,
  storedEvent,
  KNOWN_NAMES_SQL,
  lineNote,
  NOTE_LINE_SQL,
  searchRow,
  UPDATE_CALL_SQL,
  type CallRow,
  type KeyedEventRow,
  type KnownNames,
  type KnownNamesOf,
  type LineNote,
  type SearchParams,
} from './rows';

/** Results merged per transaction at most. */
export const API_SLICE = 200;

/** A slice ends once it has held the thread this long (a call with a long history or transcript costs more). */
export const SLICE_BUDGET_MS = 15;

/** How many skipped results an answer's record names (the count is always whole). */
const SKIPS_NAMED = 5;

export interface ApiAnswer {
  provider: 'marketing-edge' | 'telmetrics';
  /** The request's URL, without secrets (they travel as headers). */
  url: string;
  status: number;
  receivedAt: number;
  body: Buffer;
}

export interface ApiIngestResult {
  /** Results in the answer. */
  fetched: number;
  /** Calls the history did not have. */
  added: number;
  /** Calls already known that the answer changed. */
  updated: number;
  /** Added calls nobody answered (voicemail included). */
  missed: number;
  /** Results without a usable id (named in the answer's record). */
  skipped: number;
  /** Each added or updated call as it now stands, for the live stream: never with an alert. */
  calls: CallStreamEvent[];
}

interface SliceResult {
  next: number;
  added: number[];
  updated: number[];
  missed: number;
  skips: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What a record says, without when it was read: the same record read again has the same key. */
function recordKey(event: CallEvent): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ ...event, sentAt: null }))
    .digest('hex');
  return `api:${event.telmetricsId}:${hash.slice(0, 24)}`;
}

/** The fold without its bookkeeping: whether an update changed anything a person sees. */
function visible(call: FoldedCall): string {
  return JSON.stringify({ ...call, eventCount: 0, lastEventAt: null });
}

/** The answer's results; throws, saying why, for anything that is not a calls answer. */
function resultsOf(answer: ApiAnswer): JsonValue[] {
  if (answer.status < 200 || answer.status > 299) throw new Error(`Not a calls answer: the API answered HTTP ${answer.status}`);
  let text: string;
  try {
    text = utf8.decode(answer.body);
  } catch (error) {
    throw new Error('Not a calls answer: the body is not valid UTF-8 text', { cause: error });
  }
  return parseCallsAnswer(text).results;
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ApiIngest {
  private readonly stmt;
  /** Merges results from `offset` on until the slice is full or its time is up; `next` says where the next slice starts. */
  private readonly applySlice: (answerId: number, results: readonly JsonValue[], offset: number, receivedAt: string) => SliceResult;
  private readonly keepAnswer: (answer: ApiAnswer, sha256: string) => number;
  private readonly walPath: string;
  /** Commits without SQLite's own fsync: `ingestAnswer` syncs the WAL once, off the thread, before it returns. */
  private readonly unsynced: <T>(write: () => T) => T;

  constructor(
    db: Db,
    private readonly links: CallLinks,
    private readonly readCalls: (ids: readonly number[]) => Call[],
    /** Told the calls a slice added or changed, in its transaction (the call-back entries of their numbers follow them). */
    private readonly stored: (callIds: number[]) => void = () => {},
  ) {
    this.walPath = `${db.name}-wal`;
    this.unsynced = unsyncedWrites(db);
    this.stmt = {
      // Compressed (./bodyCodec.ts), with its size as received for the inspector's list.
      insertBody: db.prepare<[string, Buffer, number, number]>(
        `INSERT INTO api_bodies (sha256, body, codec, size) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
      ),
      bodyId: db.prepare<[string], number>(`SELECT id FROM api_bodies WHERE sha256 = ?`).pluck(),
      insertAnswer: db.prepare<[string, string, string, number, number]>(
        `INSERT INTO api_answers (received_at, provider, url, status, outcome, body_id) VALUES (?, ?, ?, ?, 'accepted', ?)`,
      ),
      closeAnswer: db.prepare<[string, string | null, number, number]>(
        `UPDATE api_answers SET outcome = ?, reason = ?, result_count = ? WHERE id = ?`,
      ),
      hasRecord: db.prepare<[string], 1>(`SELECT 1 FROM api_events WHERE record_key = ?`).pluck(),
      insertRecord: db.prepare<[number, number, string, number, string | Buffer]>(
        `INSERT INTO api_events (answer_id, result_index, record_key, call_id, event) VALUES (?, ?, ?, ?, ?)`,
      ),
      insertCall: db.prepare<CallRow>(INSERT_CAUGHT_UP_CALL_SQL),
      callData: db.prepare<[number], string>(`SELECT data FROM calls WHERE id = ?`).pluck(),
      callEvents: db.prepare<[number, number], KeyedEventRow>(EVENTS_OF_CALL_SQL),
      updateCall: db.prepare<CallRow & { id: number }>(UPDATE_CALL_SQL),
      deleteSearch: db.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`),
      insertSearch: db.prepare<SearchParams>(INSERT_SEARCH_SQL),
      knownNames: db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL),
      noteLine: db.prepare<LineNote>(NOTE_LINE_SQL),
    };
    this.keepAnswer = db.transaction((answer: ApiAnswer, sha256: string) => {
      const { codec, bytes } = encodeBody(answer.body);
      this.stmt.insertBody.run(sha256, bytes, codec, answer.body.length);
      const bodyId = this.stmt.bodyId.get(sha256)!;
      const at = new Date(answer.receivedAt).toISOString();
      return Number(this.stmt.insertAnswer.run(at, answer.provider, answer.url, answer.status, bodyId).lastInsertRowid);
    });
    this.applySlice = db.transaction((answerId: number, results: readonly JsonValue[], offset: number, receivedAt: string) => {
      const slice: SliceResult = { next: offset, added: [], updated: [], missed: 0, skips: [] };
      const started = performance.now();
      const end = Math.min(results.length, offset + API_SLICE);
      while (slice.next < end && (slice.next === offset || performance.now() - started < SLICE_BUDGET_MS)) {
        this.applyResult(answerId, slice.next, results[slice.next]!, receivedAt, slice);
        slice.next++;
      }
      this.stored([...slice.added, ...slice.updated]);
      return slice;
    });
  }

  /** See CallStore.ingestApiAnswer. */
  async ingestAnswer(answer: ApiAnswer): Promise<ApiIngestResult> {
    const wal = new WalSync(this.walPath);
    try {
      return await this.mergeAnswer(answer);
    } finally {
      try {
        await wal.sync();
      } finally {
        wal.close();
      }
    }
  }

  /**
   * Merges a kept answer again through today's normaliser and fold (Re-process): records already stored are
   * skipped, so one already applied changes nothing. Its record is updated in place; durable when it returns.
   */
  async reprocessAnswer(answerId: number, answer: ApiAnswer): Promise<ApiIngestResult> {
    const wal = new WalSync(this.walPath);
    try {
      return await this.mergeKept(answerId, answer, false);
    } finally {
      try {
        await wal.sync();
      } finally {
        wal.close();
      }
    }
  }

  private async mergeAnswer(answer: ApiAnswer): Promise<ApiIngestResult> {
    // Hashed off the thread: a page of 10,000 results is 10-15 MB.
    const sha256 = Buffer.from(await webcrypto.subtle.digest('SHA-256', answer.body)).toString('hex');
    const answerId = this.unsynced(() => this.keepAnswer(answer, sha256));
    return this.mergeKept(answerId, answer, true);
  }

  /** `firstFiling`: the answer was just kept as accepted (see the database failing, below). */
  private async mergeKept(answerId: number, answer: ApiAnswer, firstFiling: boolean): Promise<ApiIngestResult> {
    await nextMacrotask();
    let results: JsonValue[];
    try {
      results = resultsOf(answer);
    } catch (error) {
      this.unsynced(() => this.stmt.closeAnswer.run('rejected', (error as Error).message, 0, answerId));
      throw error;
    }

    const receivedAt = new Date(answer.receivedAt).toISOString();
    const changed = new Map<number, CallStreamEvent>();
    const added = new Set<number>();
    const updated = new Set<number>();
    const skips: string[] = [];
    let missed = 0;
    for (let offset = 0; offset < results.length;) {
      await nextMacrotask();
      let slice: SliceResult;
      try {
        slice = this.unsynced(() => this.applySlice(answerId, results, offset, receivedAt));
        offset = slice.next;
      } catch (error) {
        if (isSqliteError(error)) {
          // The database itself failed (full, busy, I/O): no verdict on a re-processed answer, whose record stays
          // as it was; one just filed would read accepted with calls missing, so it is marked failed if it can be.
          if (firstFiling) this.markUnwritten(answerId, offset, results.length, error);
          throw error;
        }
        const reason = `Stored but not processed from result ${offset}: ${(error as Error).message}`;
        this.unsynced(() => this.stmt.closeAnswer.run('failed', reason, results.length, answerId));
        throw new Error(reason, { cause: error });
      }
      for (const id of slice.added) added.add(id);
      for (const id of slice.updated) if (!added.has(id)) updated.add(id);
      missed += slice.missed;
      skips.push(...slice.skips);
      for (const call of this.readCalls([...new Set([...slice.added, ...slice.updated])])) {
        changed.delete(call.id);
        changed.set(call.id, { call, alert: null, fromCatchUp: true });
      }
    }
    const skipped = skips.length;
    const reason = skipped === 0 ? null : `${skipped} result${skipped === 1 ? '' : 's'} skipped: ${skips.slice(0, SKIPS_NAMED).join('; ')}`;
    this.unsynced(() => this.stmt.closeAnswer.run('accepted', reason, results.length, answerId));
    return { fetched: results.length, added: added.size, updated: updated.size, missed, skipped, calls: [...changed.values()] };
  }

  /** Best effort: the database that just failed may refuse this too, and the answer then stays as it was. */
  private markUnwritten(answerId: number, offset: number, resultCount: number, error: unknown): void {
    const { code, message } = error as { code: string; message: string };
    const reason = `Stored but not processed from result ${offset}: the database could not be written (${code}: ${message})`;
    try {
      this.unsynced(() => this.stmt.closeAnswer.run('failed', reason, resultCount, answerId));
    } catch {
      // Re-process is then not offered in words, but the error reaches the caller (catch-up reports it).
    }
  }

  private applyResult(answerId: number, index: number, result: JsonValue, receivedAt: string, slice: SliceResult): void {
    const record = normaliseApiResult(result, receivedAt);
    if (!record.ok) {
      slice.skips.push(`result ${index}: ${record.reason}`);
      return;
    }
    const { event } = record;
    const key = recordKey(event);
    if (this.stmt.hasRecord.get(key)) return;
    const eventJson = storedEvent(event);
    const linked = this.links.callOf(event);
    if (linked === null) {
      const folded = foldCall([{ key, event }]);
      const row = callRow(folded, Date.parse(receivedAt));
      const callId = Number(this.stmt.insertCall.run(row).lastInsertRowid);
      this.stmt.insertRecord.run(answerId, index, key, callId, eventJson);
      this.index(callId, folded, row.startedMs);
      slice.added.push(callId);
      const outcome = callOutcome(folded);
      if (outcome === 'missed' || outcome === 'voicemail') slice.missed++;
      return;
    }
    const before = JSON.parse(this.stmt.callData.get(linked)!) as FoldedCall;
    if (before.eventCount >= MAX_EVENTS_PER_CALL) {
      slice.skips.push(`result ${index}: call ${event.telmetricsId} already has ${MAX_EVENTS_PER_CALL} events`);
      return;
    }
    this.stmt.insertRecord.run(answerId, index, key, linked, eventJson);
    const after = foldCall(this.stmt.callEvents.all(linked, linked).map(keyedEvent));
    const row = callRow(after, Date.parse(receivedAt));
    this.stmt.updateCall.run({ id: linked, ...row });
    if (visible(after) === visible(before)) return;
    this.stmt.deleteSearch.run(linked);
    this.index(linked, after, row.startedMs);
    slice.updated.push(linked);
  }

  /** The call's search row (with the names it is shown by) and what it tells its line. */
  private index(callId: number, call: FoldedCall, startedMs: number): void {
    const known = call.callerNumber ? (this.stmt.knownNames.get({ number: call.callerNumber, startedMs }) ?? null) : null;
    this.stmt.insertSearch.run(callId, ...searchRow(call, known));
    const line = lineNote(call, startedMs);
    if (line) this.stmt.noteLine.run(line);
  }
}

/** An error of SQLite itself (better-sqlite3 sets `code` to SQLITE_…), not of the answer. */
export function isSqliteError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_');
}
