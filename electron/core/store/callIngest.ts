// Ingest: deliveries as received, events as normalised, calls as folded from their events, and the calls'
// search rows. `ingestBatch` runs a whole batch in one transaction so the batch costs one fsync, and returns
// what changed so the caller can answer and alert after the commit. Each call the batch touches is folded
// once, after all its events are in: folding it at each event was quadratic in the events of a webhook.

import type { DeliveryOutcome } from '../../../shared/api';
import { foldCall } from '../../../shared/calls/fold';
import { eventsBeyondBound, MAX_EVENTS_PER_CALL, MAX_NOTIFICATIONS_PER_DELIVERY, notificationsBeyondBound } from '../../../shared/calls/limits';
import { linkFactsMayChange } from '../../../shared/calls/link';
import type { CallEvent, FoldedCall } from '../../../shared/domain';
import { normaliseNotification, parseEnvelope, type Envelope } from '../../../shared/marketingEdge/normalise';
import type { CallLinks } from './callLinks';
import { unsyncedWrites, type Db } from './db';
import {
  callRow,
  deliveryRow,
  EVENTS_OF_CALL_SQL,
  INSERT_CALL_SQL,
  INSERT_DELIVERY_SQL,
  INSERT_EVENT_SQL,
  INSERT_SEARCH_SQL,
  keyedEvent,
  storedEvent,
  KNOWN_NAMES_SQL,
  lineNote,
  NOTE_LINE_SQL,
  searchRow,
  UPDATE_CALL_SQL,
  type CallRow,
  type DeliveryFields,
  type DeliveryRow,
  type EventParams,
  type IncomingDelivery,
  type KeyedEventRow,
  type KnownNames,
  type KnownNamesOf,
  type LineNote,
  type SearchParams,
} from './rows';

export interface CallChange {
  callId: number;
  /** A Call Start was applied to this call by this delivery: the screen pop is due. */
  started: boolean;
}

export interface DeliveryResult {
  deliveryId: number;
  status: number;
  outcome: DeliveryOutcome;
  reason: string | null;
  changes: CallChange[];
}

/** A call the batch being written has touched: its fold as last written, and how many events it has now. */
interface TouchedCall {
  folded: FoldedCall;
  events: number;
}

/** What one notification did: changed a call, changed none (an action we keep but do not fold), or was past its call's bound. */
type Applied = CallChange | null | 'beyond bound';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A delivery's reasons as one line, or null when it has none. */
function joinReasons(...reasons: (string | null | undefined)[]): string | null {
  return reasons.filter(Boolean).join('; ') || null;
}

export class CallIngest {
  private readonly stmt;
  private readonly unsynced: <T>(write: () => T) => T;
  readonly ingestBatch: (deliveries: IncomingDelivery[]) => DeliveryResult[];
  /** One delivery's events, in a savepoint of the batch's transaction. */
  private readonly applyEvents: (deliveryId: number, envelope: Envelope, events: CallEvent[]) => Applied[];
  /** Calls created by the batch being written: they have no search row to replace yet. */
  private readonly createdInBatch = new Set<number>();
  /** A rejected delivery's row, in a savepoint of the batch's transaction. */
  private readonly insertRejectedRow: (d: IncomingDelivery, fields: DeliveryFields) => number;
  /** Calls the batch being written has touched, as linking must see them. */
  private readonly touched = new Map<number, TouchedCall>();
  /** Calls with events not folded yet, and the deliveries that brought them: folded once, at the batch's end. */
  private readonly unfolded = new Map<number, Set<number>>();
  /** What the delivery being written took out of `unfolded` by folding early: put back if its savepoint is rolled back. */
  private foldedEarly: [number, Set<number>][] = [];

  constructor(
    private readonly db: Db,
    private readonly links: CallLinks,
    /** Told the calls a batch changed, in its transaction (the call-back entries of their numbers follow them). */
    private readonly stored: (callIds: number[]) => void = () => {},
  ) {
    this.unsynced = unsyncedWrites(db);
    this.stmt = {
      insertDelivery: db.prepare<DeliveryRow>(INSERT_DELIVERY_SQL),
      markDeliveryFailed: db.prepare<[string, number]>(`UPDATE deliveries SET outcome = 'failed', reason = ? WHERE id = ?`),
      noteDelivery: db.prepare<[string, number]>(`UPDATE deliveries SET reason = ? WHERE id = ?`),
      seenEnvelope: db.prepare<[string], 1>(`SELECT 1 FROM deliveries WHERE envelope_id = ? AND outcome IN ('accepted', 'failed') LIMIT 1`).pluck(),
      insertEvent: db.prepare<EventParams>(INSERT_EVENT_SQL),
      callEvents: db.prepare<[number, number], KeyedEventRow>(EVENTS_OF_CALL_SQL),
      insertCall: db.prepare<CallRow>(INSERT_CALL_SQL),
      updateCall: db.prepare<CallRow & { id: number }>(UPDATE_CALL_SQL),
      deleteSearch: db.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`),
      insertSearch: db.prepare<SearchParams>(INSERT_SEARCH_SQL),
      callData: db.prepare<[number], string>(`SELECT data FROM calls WHERE id = ?`).pluck(),
      indexed: db.prepare<[number], { data: string; started_ms: number }>(`SELECT data, started_ms FROM calls WHERE id = ?`),
      knownNames: db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL),
      noteLine: db.prepare<LineNote>(NOTE_LINE_SQL),
    };
    this.applyEvents = db.transaction((deliveryId: number, envelope: Envelope, events: CallEvent[]) =>
      events.map((event, index) => this.applyEvent(deliveryId, envelope, index, event)),
    );
    this.insertRejectedRow = db.transaction((d: IncomingDelivery, fields: DeliveryFields) => this.insertDelivery(d, fields));
    this.ingestBatch = db.transaction((deliveries: IncomingDelivery[]) => {
      this.createdInBatch.clear();
      this.touched.clear();
      this.unfolded.clear();
      const results = deliveries.map((d) => this.ingestOne(d));
      this.foldTouchedCalls(results);
      this.indexChangedCalls(results);
      this.stored([...new Set(results.flatMap((r) => r.changes.map((c) => c.callId)))]);
      return results;
    });
  }

  /**
   * `ingestBatch` committed without SQLite's own fsync (synchronous=NORMAL): the WAL is written but may
   * not be on disk yet. The caller must sync the WAL (./walSync.ts) before acknowledging any of the batch.
   */
  ingestBatchUnsynced(deliveries: IncomingDelivery[]): DeliveryResult[] {
    return this.unsynced(() => this.ingestBatch(deliveries));
  }

  private insertDelivery(d: IncomingDelivery, fields: DeliveryFields): number {
    return Number(this.stmt.insertDelivery.run(deliveryRow(d, fields)).lastInsertRowid);
  }

  /**
   * A rejected delivery never fails the batch: if its body cannot be written (a full disk), its record is
   * kept without it; if not even that, it is answered all the same. Only a rollback of the whole batch,
   * which SQLite does itself on some errors, fails the batch, as it would have failed anyway.
   */
  private insertRejected(d: IncomingDelivery, fields: DeliveryFields): number {
    try {
      return this.insertRejectedRow(d, fields);
    } catch (error) {
      if (!this.db.inTransaction) throw error;
      const reason = `${fields.reason ?? 'Rejected'} (the body could not be stored: ${(error as Error).message})`;
      const unread = { ...d, refusal: { status: fields.status, reason, keep: 'none' as const, declaredSize: d.body.length } };
      try {
        return this.insertRejectedRow(unread, { ...fields, reason });
      } catch (again) {
        if (!this.db.inTransaction) throw again;
        console.error('Could not keep the record of a rejected delivery:', again);
        return 0;
      }
    }
  }

  private ingestOne(d: IncomingDelivery): DeliveryResult {
    const reject = (status: number, refusal: string, envelope?: Envelope): DeliveryResult => {
      const reason = joinReasons(refusal, d.note)!;
      return {
        deliveryId: this.insertRejected(d, { envelope, outcome: 'rejected', reason, status }),
        status,
        outcome: 'rejected',
        reason,
        changes: [],
      };
    };
    if (d.refusal) return reject(d.refusal.status, d.refusal.reason);

    let text: string;
    try {
      text = utf8.decode(d.body);
    } catch {
      return reject(400, 'The body is not valid UTF-8 text');
    }
    const parsed = parseEnvelope(text);
    if (!parsed.ok) return reject(400, parsed.reason);
    const { envelope } = parsed;
    const total = envelope.notifications.length;
    const events = envelope.notifications.slice(0, MAX_NOTIFICATIONS_PER_DELIVERY).map((n) => normaliseNotification(n, envelope.sentAt));
    const actions = events.map((e) => e.action);
    const boundReason = joinReasons(d.note, total > MAX_NOTIFICATIONS_PER_DELIVERY ? notificationsBeyondBound(total) : null);

    if (this.stmt.seenEnvelope.get(envelope.id)) {
      const reason = joinReasons(`Already received (envelope ${envelope.id}); nothing changed`, d.note)!;
      const deliveryId = this.insertDelivery(d, { envelope, outcome: 'duplicate', reason, status: 200, actions });
      return { deliveryId, status: 200, outcome: 'duplicate', reason, changes: [] };
    }

    const deliveryId = this.insertDelivery(d, { envelope, outcome: 'accepted', reason: boundReason, status: 200, actions });
    this.foldedEarly = [];
    try {
      // A savepoint: if folding fails (a bug, not bad input), the raw delivery stays and is marked failed.
      const applied = this.applyEvents(deliveryId, envelope, events);
      const byCall = new Map<number, CallChange>();
      let beyond = 0;
      for (const c of applied) {
        if (c === 'beyond bound') beyond++;
        else if (c) byCall.set(c.callId, { callId: c.callId, started: c.started || (byCall.get(c.callId)?.started ?? false) });
      }
      let reason = boundReason;
      if (beyond > 0) {
        reason = joinReasons(boundReason, eventsBeyondBound(beyond))!;
        this.stmt.noteDelivery.run(reason, deliveryId);
      }
      return { deliveryId, status: 200, outcome: 'accepted', reason, changes: [...byCall.values()] };
    } catch (error) {
      // The savepoint took this delivery's events back: what the batch knows of its calls is read again.
      this.touched.clear();
      for (const [callId, deliveries] of this.foldedEarly) this.unfolded.set(callId, new Set([...deliveries, ...(this.unfolded.get(callId) ?? [])]));
      for (const deliveries of this.unfolded.values()) deliveries.delete(deliveryId);
      const reason = `Stored but not processed: ${(error as Error).message}`;
      this.stmt.markDeliveryFailed.run(reason, deliveryId);
      return { deliveryId, status: 200, outcome: 'failed', reason, changes: [] };
    }
  }

  private applyEvent(deliveryId: number, envelope: Envelope, index: number, event: CallEvent): Applied {
    // Linked before it is written, so the event row (a few kB) is written once, with its call.
    const insertEvent = (callId: number | null) =>
      this.stmt.insertEvent.run(deliveryId, envelope.id, index, event.kind, event.action, callId, storedEvent(event));
    if (event.kind === 'other') {
      insertEvent(null);
      return null;
    }
    const change = (callId: number): CallChange => ({ callId, started: event.kind === 'start' });
    const linked = this.links.callOf(event);
    if (linked === null) {
      // A new call is the fold of this one event: written once, not inserted and then updated (which
      // rewrites every index of the calls table again).
      const folded = foldCall([{ key: `${envelope.id}#${index}`, event }]);
      const callId = Number(this.stmt.insertCall.run(callRow(folded, Date.now())).lastInsertRowid);
      this.createdInBatch.add(callId);
      this.touched.set(callId, { folded, events: 1 });
      insertEvent(callId);
      return change(callId);
    }
    const call = this.touchedCall(linked);
    if (call.events >= MAX_EVENTS_PER_CALL) return 'beyond bound';
    insertEvent(linked);
    call.events++;
    const waiting = this.unfolded.get(linked) ?? new Set<number>();
    // Later events of the batch are linked by the call's ids, numbers and times: those must be current.
    if (linkFactsMayChange(call.folded, event)) {
      call.folded = this.refold(linked);
      this.unfolded.delete(linked);
      this.foldedEarly.push([linked, waiting]);
    } else this.unfolded.set(linked, waiting.add(deliveryId));
    return change(linked);
  }

  private touchedCall(callId: number): TouchedCall {
    let call = this.touched.get(callId);
    if (!call) {
      const data = this.stmt.callData.get(callId);
      if (data === undefined) throw new Error(`Call ${callId} was linked but is not stored`);
      const folded = JSON.parse(data) as FoldedCall;
      call = { folded, events: folded.eventCount };
      this.touched.set(callId, call);
    }
    return call;
  }

  /**
   * Folds each call the batch added events to, once. A fold that fails (a bug, not bad input) leaves the
   * call as it was and marks the deliveries that brought its events failed; their events stay stored.
   */
  private foldTouchedCalls(results: DeliveryResult[]): void {
    for (const [callId, deliveryIds] of this.unfolded) {
      if (deliveryIds.size === 0) continue;
      try {
        this.refold(callId);
      } catch (error) {
        const reason = `Stored but not processed: ${(error as Error).message}`;
        for (const result of results) {
          if (!deliveryIds.has(result.deliveryId)) continue;
          this.stmt.markDeliveryFailed.run(reason, result.deliveryId);
          Object.assign(result, { outcome: 'failed', reason, changes: result.changes.filter((c) => c.callId !== callId) });
        }
      }
    }
  }

  private refold(callId: number): FoldedCall {
    const call = foldCall(this.stmt.callEvents.all(callId, callId).map(keyedEvent));
    this.stmt.updateCall.run({ id: callId, ...callRow(call, Date.now()) });
    return call;
  }

  /**
   * Writes the search row of every call the batch changed, once, after all the deliveries' savepoints:
   * FTS5 flushes its pending index to disk at every SAVEPOINT, so indexing inside them wrote one index
   * segment per delivery (and merged them again) instead of one per batch. Each also notes its line.
   */
  private indexChangedCalls(results: readonly DeliveryResult[]): void {
    const changed = new Set(results.flatMap((r) => r.changes.map((c) => c.callId)));
    for (const callId of changed) {
      const row = this.stmt.indexed.get(callId);
      if (row === undefined) continue;
      const call = JSON.parse(row.data) as FoldedCall;
      if (!this.createdInBatch.has(callId)) this.stmt.deleteSearch.run(callId);
      const known = call.callerNumber ? (this.stmt.knownNames.get({ number: call.callerNumber, startedMs: row.started_ms }) ?? null) : null;
      this.stmt.insertSearch.run(callId, ...searchRow(call, known));
      const line = lineNote(call, row.started_ms);
      if (line) this.stmt.noteLine.run(line);
    }
  }
}
