// Re-process: a stored delivery's body through today's normaliser and fold, for one an older version could
// not read or apply. It adds only the events that are missing (events are unique on envelope id and
// notification index), refolds the calls the delivery touches, writes their search rows and lines as live
// ingest does, and updates the delivery's record in place. One transaction with SQLite's own fsync: it is
// durable when it returns, and, being synchronous, it never runs inside the delivery writer's batch (that
// batch opens and commits within one turn of the event loop, ../ingest/deliveryWriter.ts).

import type { DeliveryOutcome, ReprocessResult } from '../../../shared/api';
import { TEST_CALL_REMOVED } from '../../../shared/deliveries/words';
import { foldCall } from '../../../shared/calls/fold';
import { eventsBeyondBound, MAX_EVENTS_PER_CALL, MAX_NOTIFICATIONS_PER_DELIVERY, notificationsBeyondBound } from '../../../shared/calls/limits';
import type { FoldedCall } from '../../../shared/domain';
import { normaliseNotification, parseEnvelope } from '../../../shared/marketingEdge/normalise';
import { isSqliteError } from './apiIngest';
import type { CallLinks } from './callLinks';
import type { Db } from './db';
import type { DeliveryTableRow } from './deliveryReads';
import {
  callRow,
  EVENTS_OF_CALL_SQL,
  INSERT_CALL_SQL,
  INSERT_EVENT_SQL,
  INSERT_SEARCH_SQL,
  keyedEvent,
  storedEvent,
  KNOWN_NAMES_SQL,
  lineNote,
  NOTE_LINE_SQL,
  searchRow,
  storedActions,
  UPDATE_CALL_SQL,
  type CallRow,
  type EventParams,
  type KeyedEventRow,
  type KnownNames,
  type KnownNamesOf,
  type LineNote,
  type SearchParams,
} from './rows';

export interface ReprocessOutcome {
  result: ReprocessResult;
  /** The calls whose rows changed (new ones included), oldest first. */
  changed: number[];
  /** Why it was not run after all, in words (its envelope's test call was removed); nothing was written. */
  blocked: string | null;
}

/** The record's fields Re-process may rewrite. */
interface RecordUpdate {
  id: number;
  outcome: DeliveryOutcome;
  reason: string | null;
  envelopeId: string | null;
  attempt: number | null;
  notificationCount: number;
  actions: string;
}

/** RecordUpdate as written: its actions encoded as ingest stores them (./rows.ts storedActions). */
type StoredRecordUpdate = Omit<RecordUpdate, 'actions'> & { actions: string | Buffer };

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** The columns of a call Re-process compares, before and after: a call unchanged is not written. */
const CALL_ROW_SQL = `SELECT * FROM calls WHERE id = ?`;

function joinReasons(...reasons: (string | null | undefined)[]): string | null {
  return reasons.filter(Boolean).join('; ') || null;
}

/** Whether the delivery was applied (or is a retry of one applied): Re-process never marks it worse. */
function applied(row: DeliveryTableRow): boolean {
  return row.outcome === 'accepted' || row.outcome === 'duplicate';
}

/** A note the record carried whatever its outcome (its signature could not be checked): kept through Re-process. */
function keptNote(reason: string | null): string | null {
  return reason?.includes('signature not checked') ? 'signature not checked: the secret could not be read' : null;
}

export class Reprocessor {
  private readonly stmt;
  private readonly run: (row: DeliveryTableRow) => ReprocessOutcome;

  constructor(
    private readonly db: Db,
    private readonly links: CallLinks,
    /** Told the calls it changed, in its transaction (the call-back entries of their numbers follow them). */
    private readonly stored: (callIds: number[]) => void,
  ) {
    this.stmt = {
      eventOf: db.prepare<[string, number], { call_id: number | null }>(
        `SELECT call_id FROM events WHERE envelope_id = ? AND notification_index = ?`,
      ),
      callsOfEnvelope: db.prepare<[string], number>(`SELECT DISTINCT call_id FROM events WHERE envelope_id = ? AND call_id IS NOT NULL`).pluck(),
      seenElsewhere: db
        .prepare<[string, number], 1>(`SELECT 1 FROM deliveries WHERE envelope_id = ? AND id <> ? AND outcome IN ('accepted', 'failed') LIMIT 1`)
        .pluck(),
      // As deliveryReads' removedTests: only while no copy of the envelope holds events.
      removedTest: db
        .prepare<[string], 1>(
          `SELECT 1 FROM removed_test_envelopes r WHERE r.envelope_id = ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.envelope_id = r.envelope_id)`,
        )
        .pluck(),
      insertEvent: db.prepare<EventParams>(INSERT_EVENT_SQL),
      insertCall: db.prepare<CallRow>(INSERT_CALL_SQL),
      updateCall: db.prepare<CallRow & { id: number }>(UPDATE_CALL_SQL),
      callRow: db.prepare<[number], Record<string, unknown>>(CALL_ROW_SQL),
      callEvents: db.prepare<[number, number], KeyedEventRow>(EVENTS_OF_CALL_SQL),
      deleteSearch: db.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`),
      insertSearch: db.prepare<SearchParams>(INSERT_SEARCH_SQL),
      knownNames: db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL),
      noteLine: db.prepare<LineNote>(NOTE_LINE_SQL),
      updateRecord: db.prepare<StoredRecordUpdate>(
        `UPDATE deliveries SET outcome = @outcome, reason = @reason, envelope_id = @envelopeId, attempt = @attempt,
           notification_count = @notificationCount, actions = @actions WHERE id = @id`,
      ),
    };
    this.run = db.transaction((row: DeliveryTableRow) => this.apply(row));
  }

  /**
   * Re-processes the delivery (its body must be kept whole: see deliveryReprocessBlocked). A fold that
   * throws today too takes the transaction back and records why: `still-failed`.
   */
  reprocess(row: DeliveryTableRow): ReprocessOutcome {
    // Its own transaction, never a savepoint of another write: it must be on disk when it answers.
    if (this.db.inTransaction) throw new Error('Re-process must not run inside another write');
    try {
      return this.run(row);
    } catch (error) {
      if (isSqliteError(error)) throw error;
      // A delivery already applied stays as it is: today's code failing on it says nothing about what it did.
      if (applied(row)) return { result: 'still-failed', changed: [], blocked: null };
      const reason = joinReasons(`Stored but not processed: ${(error as Error).message}`, keptNote(row.reason));
      this.writeRecord({ ...this.current(row), outcome: 'failed', reason });
      return { result: 'still-failed', changed: [], blocked: null };
    }
  }

  private current(row: DeliveryTableRow): RecordUpdate {
    return {
      id: row.id,
      outcome: row.outcome,
      reason: row.reason,
      envelopeId: row.envelope_id,
      attempt: row.attempt,
      notificationCount: row.notification_count,
      actions: row.actions,
    };
  }

  /** Writes the record when Re-process changed it; whether it did. */
  private update(row: DeliveryTableRow, next: RecordUpdate): boolean {
    const before = this.current(row);
    if (JSON.stringify(before) === JSON.stringify(next)) return false;
    this.writeRecord(next);
    return true;
  }

  private writeRecord(next: RecordUpdate): void {
    this.stmt.updateRecord.run({ ...next, actions: storedActions(next.actions) });
  }

  private apply(row: DeliveryTableRow): ReprocessOutcome {
    // Unreadable today: a row not applied says why now; one applied stays as it is.
    const stillRejected = (why: string): ReprocessOutcome => {
      if (!applied(row)) this.update(row, { ...this.current(row), reason: joinReasons(why, keptNote(row.reason)) });
      return { result: 'still-rejected', changed: [], blocked: null };
    };
    let text: string;
    try {
      text = utf8.decode(row.body);
    } catch {
      return stillRejected('The body is not valid UTF-8 text');
    }
    const parsed = parseEnvelope(text);
    if (!parsed.ok) return stillRejected(parsed.reason);
    const { envelope } = parsed;
    // A leftover copy of a removed test call (a retry, or one an older version rejected): never a real call.
    if (this.stmt.removedTest.get(envelope.id) === 1) return { result: 'unchanged', changed: [], blocked: TEST_CALL_REMOVED };
    const total = envelope.notifications.length;
    const events = envelope.notifications.slice(0, MAX_NOTIFICATIONS_PER_DELIVERY).map((n) => normaliseNotification(n, envelope.sentAt));
    const fallbackMs = Date.parse(row.received_at);

    // Each call's row before Re-process touched it: what `changed` is measured against.
    const before = new Map<number, string>();
    const remember = (callId: number) => {
      if (!before.has(callId)) before.set(callId, JSON.stringify(this.stmt.callRow.get(callId) ?? null));
    };
    for (const callId of this.stmt.callsOfEnvelope.all(envelope.id)) remember(callId);
    const created = new Set<number>();
    let added = 0;
    let beyond = 0;
    events.forEach((event, index) => {
      if (this.stmt.eventOf.get(envelope.id, index)) return;
      const insertEvent = (callId: number | null) =>
        this.stmt.insertEvent.run(row.id, envelope.id, index, event.kind, event.action, callId, storedEvent(event));
      if (event.kind === 'other') {
        insertEvent(null);
        added++;
        return;
      }
      const linked = this.links.callOf(event);
      if (linked === null) {
        const folded = foldCall([{ key: `${envelope.id}#${index}`, event }]);
        const callId = Number(this.stmt.insertCall.run(callRow(folded, fallbackMs)).lastInsertRowid);
        created.add(callId);
        before.set(callId, 'null');
        insertEvent(callId);
        added++;
        return;
      }
      remember(linked);
      const stored = JSON.parse(String(this.stmt.callRow.get(linked)!.data)) as FoldedCall;
      if (stored.eventCount >= MAX_EVENTS_PER_CALL) {
        beyond++;
        return;
      }
      insertEvent(linked);
      added++;
      // Folded at once: the next notification links by the call's ids, numbers and times.
      this.refold(linked);
    });
    for (const callId of before.keys()) this.refold(callId);
    const changed = [...before].filter(([id, was]) => JSON.stringify(this.stmt.callRow.get(id) ?? null) !== was).map(([id]) => id);
    changed.sort((a, b) => a - b);
    this.index(changed, created);
    this.stored(changed);

    // A copy of an envelope another delivery brought in, adding nothing, is a retry: it stays (or becomes) a duplicate.
    const retry =
      added === 0 && (row.outcome === 'duplicate' || (row.outcome !== 'accepted' && this.stmt.seenElsewhere.get(envelope.id, row.id) === 1));
    // Already accepted and nothing added or changed: its record (an older version's words included) stays whole.
    const keep = row.outcome === 'accepted' && added === 0 && changed.length === 0;
    const reason = retry
      ? row.outcome === 'duplicate'
        ? row.reason
        : joinReasons(`Already received (envelope ${envelope.id}); nothing changed`, keptNote(row.reason))
      : joinReasons(
          keptNote(row.reason),
          total > MAX_NOTIFICATIONS_PER_DELIVERY ? notificationsBeyondBound(total) : null,
          beyond > 0 ? eventsBeyondBound(beyond) : null,
        );
    const next: RecordUpdate = {
      id: row.id,
      outcome: retry ? 'duplicate' : 'accepted',
      reason,
      envelopeId: envelope.id,
      attempt: envelope.attempt,
      notificationCount: total,
      actions: JSON.stringify(events.map((e) => e.action)),
    };
    const recordChanged = this.update(row, keep ? this.current(row) : next);
    const result: ReprocessResult = added > 0 || changed.length > 0 || (recordChanged && next.outcome === 'accepted') ? 'applied' : 'unchanged';
    return { result, changed, blocked: null };
  }

  /** Folds the call from all its events again; written only when its row would change. */
  private refold(callId: number): void {
    const current = this.stmt.callRow.get(callId);
    if (!current) return;
    const call = foldCall(this.stmt.callEvents.all(callId, callId).map(keyedEvent));
    // The start a call without one was ordered by stays: a refold must not move it.
    const next = callRow(call, Number(current.started_ms));
    const same = (Object.keys(next) as (keyof CallRow)[]).every((k) => current[snake(k)] === next[k]);
    if (!same) this.stmt.updateCall.run({ id: callId, ...next });
  }

  /** The search rows and lines of the calls changed, as live ingest writes them. */
  private index(changed: readonly number[], created: ReadonlySet<number>): void {
    for (const callId of changed) {
      const row = this.stmt.callRow.get(callId);
      if (!row) continue;
      const call = JSON.parse(String(row.data)) as FoldedCall;
      const startedMs = Number(row.started_ms);
      if (!created.has(callId)) this.stmt.deleteSearch.run(callId);
      const known = call.callerNumber ? (this.stmt.knownNames.get({ number: call.callerNumber, startedMs }) ?? null) : null;
      this.stmt.insertSearch.run(callId, ...searchRow(call, known));
      const line = lineNote(call, startedMs);
      if (line) this.stmt.noteLine.run(line);
    }
  }
}

/** A CallRow field's column: telmetricsId → telmetrics_id. */
function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
