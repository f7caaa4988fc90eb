// The SQLite store: deliveries as received, events as normalised, calls as folded from their events.
// Every method is synchronous (better-sqlite3); `ingestBatch` runs a whole batch in one transaction so the
// batch costs one fsync, and returns what changed so the caller can answer and alert after the commit.

import type {
  CallDetailResponse,
  DeliveryOutcome,
  DeliveryView,
  ListCallsQuery,
  ListCallsResponse,
  SignatureVerdict,
  StoredEventView,
} from '../../../shared/api';
import { foldCall } from '../../../shared/calls/fold';
import { nearestCall, nearestStart, RING_AFTER_START_MS, RING_BEFORE_START_MS, type CallFacts } from '../../../shared/calls/link';
import { callOutcome } from '../../../shared/calls/outcome';
import type { Call, CallEvent, FoldedCall, KeyedEvent, PriorCalls } from '../../../shared/domain';
import { normaliseNotification, parseEnvelope, type Envelope } from '../../../shared/marketingEdge/normalise';
import type { Db } from './db';
import { CallSearch, type SearchTuning } from './callSearch';
import { numberSuffixes } from './searchQuery';

export interface IncomingDelivery {
  receivedAt: string;
  headers: Record<string, string>;
  body: Buffer;
  signature: SignatureVerdict;
  /** Set when the delivery is refused before its body is read (signature enforced, body too large). */
  refusal?: { status: number; reason: string };
}

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

/** Setting: "1" leaves test calls out of lists and searches. */
const HIDE_TEST_CALLS_SETTING = 'hideTestCalls';
const PRIOR_CALL_IDS = 5;

function ms(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Row building, shared with the bulk importer so an imported call is stored exactly as an ingested one.

export const INSERT_DELIVERY_SQL = `INSERT INTO deliveries (received_at, envelope_id, attempt, outcome, reason, signature, status, notification_count, actions, headers, body)
  VALUES (@receivedAt, @envelopeId, @attempt, @outcome, @reason, @signature, @status, @notificationCount, @actions, @headers, @body)`;

export const INSERT_CALL_SQL = `INSERT INTO calls (telmetrics_id, status, outcome, caller_number, called_number, ring_ms, started_ms,
    ended_ms, has_recording, has_transcript, ad_source, data)
  VALUES (@telmetricsId, @status, @outcome, @callerNumber, @calledNumber, @ringMs, @startedMs, @endedMs, @hasRecording,
    @hasTranscript, @adSource, @data)`;

/**
 * An event row. `raw` (the notification as received) is written empty: it is read back from the delivery's
 * body when shown, which is stored anyway. Kept, it made each event row a whole 4 kB page (a third of the
 * database) and a third more to write per webhook. Rows from before keep their copy.
 */
export const INSERT_EVENT_SQL = `INSERT INTO events (delivery_id, envelope_id, notification_index, kind, action, call_id, event, raw)
  VALUES (?, ?, ?, ?, ?, ?, ?, '')`;

export const INSERT_SEARCH_SQL = `INSERT INTO calls_search (rowid, name, number, place, source, transcript) VALUES (?, ?, ?, ?, ?, ?)`;

export interface DeliveryFields {
  envelope?: Envelope;
  outcome: DeliveryOutcome;
  reason: string | null;
  status: number;
  actions?: string[];
}

export function deliveryRow(d: IncomingDelivery, fields: DeliveryFields) {
  return {
    receivedAt: d.receivedAt,
    envelopeId: fields.envelope?.id ?? null,
    attempt: fields.envelope?.attempt ?? null,
    outcome: fields.outcome,
    reason: fields.reason,
    signature: d.signature,
    status: fields.status,
    notificationCount: fields.envelope?.notifications.length ?? 0,
    actions: JSON.stringify(fields.actions ?? []),
    headers: JSON.stringify(d.headers),
    body: d.body,
  };
}

/** The calls columns of a folded call; `fallbackStartMs` orders a call whose start time is not known yet. */
export function callRow(call: FoldedCall, fallbackStartMs: number) {
  return {
    telmetricsId: call.telmetricsId,
    status: call.status,
    outcome: callOutcome(call),
    callerNumber: call.callerNumber,
    calledNumber: call.calledNumber,
    ringMs: ms(call.ringAt),
    startedMs: ms(call.startedAt) ?? fallbackStartMs,
    endedMs: ms(call.endedAt),
    hasRecording: call.recordingUrl ? 1 : 0,
    hasTranscript: call.transcript ? 1 : 0,
    adSource: call.adSource,
    data: JSON.stringify(call),
  };
}

/** The search columns of a call: name, number fragments, place, ad source, transcript. */
export function searchRow(call: FoldedCall): [string, string, string, string, string] {
  return [
    call.callerName ?? '',
    numberSuffixes(call.callerNumber),
    [call.callerCity, call.callerState].filter(Boolean).join(' '),
    call.adSource ?? '',
    call.transcript ?? '',
  ];
}

export class CallStore {
  private readonly stmt;
  readonly ingestBatch: (deliveries: IncomingDelivery[]) => DeliveryResult[];
  /** One delivery's events, in a savepoint of the batch's transaction. */
  private readonly applyEvents: (deliveryId: number, envelope: Envelope, events: CallEvent[]) => (CallChange | null)[];
  /** Calls created by the batch being written: they have no search row to replace yet. */
  private readonly createdInBatch = new Set<number>();
  private readonly search: CallSearch;

  constructor(
    private readonly db: Db,
    tuning?: SearchTuning,
  ) {
    this.search = new CallSearch(db, tuning);
    this.stmt = {
      syncNormal: db.prepare(`PRAGMA synchronous = NORMAL`),
      syncFull: db.prepare(`PRAGMA synchronous = FULL`),
      insertDelivery: db.prepare(INSERT_DELIVERY_SQL),
      markDeliveryFailed: db.prepare(`UPDATE deliveries SET outcome = 'failed', reason = ? WHERE id = ?`),
      seenEnvelope: db.prepare(
        `SELECT 1 FROM deliveries WHERE envelope_id = ? AND outcome IN ('accepted', 'failed') LIMIT 1`,
      ),
      insertEvent: db.prepare(INSERT_EVENT_SQL),
      callEvents: db.prepare(`SELECT envelope_id, notification_index, event FROM events WHERE call_id = ?`),
      callByTelmetricsId: db.prepare(`SELECT id FROM calls WHERE telmetrics_id = ?`),
      // Calls that have only a Call Start so far, ringing near the given call's start.
      startOnlyCandidates: db.prepare(
        `SELECT id, ring_ms, data FROM calls
         WHERE called_number = ? AND caller_number IS ? AND telmetrics_id IS NULL AND ring_ms IS NOT NULL
           AND started_ms BETWEEN ? AND ?`,
      ),
      // Calls known by their later events that have no Call Start yet.
      startlessCandidates: db.prepare(
        `SELECT id, started_ms, ended_ms, data FROM calls
         WHERE called_number = ? AND caller_number IS ? AND telmetrics_id IS NOT NULL AND ring_ms IS NULL
           AND started_ms BETWEEN ? AND ?`,
      ),
      insertCall: db.prepare(INSERT_CALL_SQL),
      updateCall: db.prepare(
        `UPDATE calls SET telmetrics_id = @telmetricsId, status = @status, outcome = @outcome,
           caller_number = @callerNumber, called_number = @calledNumber, ring_ms = @ringMs,
           started_ms = @startedMs, ended_ms = @endedMs, has_recording = @hasRecording,
           has_transcript = @hasTranscript, ad_source = @adSource, data = @data
         WHERE id = @id`,
      ),
      deleteSearch: db.prepare(`DELETE FROM calls_search WHERE rowid = ?`),
      insertSearch: db.prepare(INSERT_SEARCH_SQL),
      callData: db.prepare(`SELECT data FROM calls WHERE id = ?`).pluck(),
      // Calls by id, in the order given, each with its caller's earlier calls: one statement for a page.
      callsWithPriors: db.prepare(
        `SELECT c.id, c.data,
           (SELECT count(*) FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms) AS prior_count,
           (SELECT max(started_ms) FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms) AS prior_last,
           (SELECT json_group_array(id ORDER BY started_ms DESC, id DESC) FROM (SELECT id, started_ms FROM calls p
              WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms ORDER BY started_ms DESC, id DESC LIMIT ${PRIOR_CALL_IDS})) AS prior_ids
         FROM json_each(?) page JOIN calls c ON c.id = page.value ORDER BY page.key`,
      ),
      eventsOfCall: db.prepare(
        `SELECT e.id, e.delivery_id, d.received_at, e.kind, e.action, e.event, e.raw, e.notification_index, d.body
         FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.call_id = ? ORDER BY d.received_at, e.id`,
      ),
      recentDeliveries: db.prepare(`SELECT * FROM deliveries ORDER BY id DESC LIMIT ?`),
      countCalls: db.prepare(`SELECT n FROM call_count`),
      getSetting: db.prepare(`SELECT value FROM settings WHERE key = ?`),
      setSetting: db.prepare(
        `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
    };
    this.applyEvents = db.transaction((deliveryId: number, envelope: Envelope, events: CallEvent[]) =>
      events.map((event, index) => this.applyEvent(deliveryId, envelope, index, event)),
    );
    this.ingestBatch = db.transaction((deliveries: IncomingDelivery[]) => {
      this.createdInBatch.clear();
      const results = deliveries.map((d) => this.ingestOne(d));
      this.indexChangedCalls(results);
      return results;
    });
  }

  // ---- ingest -------------------------------------------------------------------------------------

  /**
   * `ingestBatch` committed without SQLite's own fsync (synchronous=NORMAL): the WAL is written but may
   * not be on disk yet. The caller must sync the WAL (./walSync.ts) before acknowledging any of the batch.
   */
  ingestBatchUnsynced(deliveries: IncomingDelivery[]): DeliveryResult[] {
    this.stmt.syncNormal.run();
    try {
      return this.ingestBatch(deliveries);
    } finally {
      this.stmt.syncFull.run();
    }
  }

  private insertDelivery(d: IncomingDelivery, fields: DeliveryFields): number {
    return Number(this.stmt.insertDelivery.run(deliveryRow(d, fields)).lastInsertRowid);
  }

  private ingestOne(d: IncomingDelivery): DeliveryResult {
    const reject = (status: number, reason: string, envelope?: Envelope): DeliveryResult => ({
      deliveryId: this.insertDelivery(d, { envelope, outcome: 'rejected', reason, status }),
      status,
      outcome: 'rejected',
      reason,
      changes: [],
    });
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
    const events = envelope.notifications.map((n) => normaliseNotification(n, envelope.sentAt));
    const actions = events.map((e) => e.action);

    if (this.stmt.seenEnvelope.get(envelope.id)) {
      const reason = `Already received (envelope ${envelope.id}); nothing changed`;
      const deliveryId = this.insertDelivery(d, { envelope, outcome: 'duplicate', reason, status: 200, actions });
      return { deliveryId, status: 200, outcome: 'duplicate', reason, changes: [] };
    }

    const deliveryId = this.insertDelivery(d, { envelope, outcome: 'accepted', reason: null, status: 200, actions });
    try {
      // A savepoint: if folding fails (a bug, not bad input), the raw delivery stays and is marked failed.
      const changes = this.applyEvents(deliveryId, envelope, events);
      const byCall = new Map<number, CallChange>();
      for (const c of changes) {
        if (!c) continue;
        const prev = byCall.get(c.callId);
        byCall.set(c.callId, { callId: c.callId, started: c.started || (prev?.started ?? false) });
      }
      return { deliveryId, status: 200, outcome: 'accepted', reason: null, changes: [...byCall.values()] };
    } catch (error) {
      const reason = `Stored but not processed: ${(error as Error).message}`;
      this.stmt.markDeliveryFailed.run(reason, deliveryId);
      return { deliveryId, status: 200, outcome: 'failed', reason, changes: [] };
    }
  }

  private applyEvent(deliveryId: number, envelope: Envelope, index: number, event: CallEvent): CallChange | null {
    let callId: number | null = null;
    let created = false;
    if (event.kind !== 'other') {
      callId = this.linkEvent(event);
      if (callId === null) {
        // A new call is the fold of this one event: written once, not inserted and then updated (which
        // rewrites every index of the calls table again).
        const call = foldCall([{ key: `${envelope.id}#${index}`, event }]);
        callId = Number(this.stmt.insertCall.run(callRow(call, Date.now())).lastInsertRowid);
        this.createdInBatch.add(callId);
        created = true;
      }
    }
    // Linked before it is written, so the event row (a few kB) is written once, with its call.
    this.stmt.insertEvent.run(deliveryId, envelope.id, index, event.kind, event.action, callId, JSON.stringify(event));
    if (callId === null) return null;
    if (!created) this.refold(callId);
    return { callId, started: event.kind === 'start' };
  }

  /** The existing call this event belongs to, if any. */
  private linkEvent(event: CallEvent): number | null {
    if (event.telmetricsId) {
      const known = this.stmt.callByTelmetricsId.get(event.telmetricsId) as { id: number } | undefined;
      if (known) return known.id;
      const startedMs = ms(event.startedAt);
      if (startedMs === null || !event.calledNumber) return null;
      const facts: CallFacts = { ...event, startedAtMs: startedMs, endedAtMs: ms(event.endedAt) };
      const rows = this.stmt.startOnlyCandidates.all(
        event.calledNumber,
        event.callerNumber,
        startedMs - RING_BEFORE_START_MS,
        startedMs + RING_AFTER_START_MS,
      ) as { id: number; ring_ms: number; data: string }[];
      const starts = rows.map((row) => ({
        id: row.id,
        facts: { ...(JSON.parse(row.data) as FoldedCall), ringAtMs: row.ring_ms },
      }));
      return nearestStart(facts, starts)?.id ?? null;
    }
    if (event.kind === 'start') {
      const ringAtMs = ms(event.ringAt);
      if (ringAtMs === null || !event.calledNumber) return null;
      const rows = this.stmt.startlessCandidates.all(
        event.calledNumber,
        event.callerNumber,
        ringAtMs - RING_AFTER_START_MS,
        ringAtMs + RING_BEFORE_START_MS,
      ) as { id: number; started_ms: number; ended_ms: number | null; data: string }[];
      const candidates = rows.map((row) => {
        const call = JSON.parse(row.data) as FoldedCall;
        return { id: row.id, facts: { ...call, startedAtMs: row.started_ms, endedAtMs: row.ended_ms } };
      });
      return nearestCall({ ...event, ringAtMs }, candidates)?.id ?? null;
    }
    return null;
  }

  private refold(callId: number): void {
    const rows = this.stmt.callEvents.all(callId) as { envelope_id: string; notification_index: number; event: string }[];
    const keyed: KeyedEvent[] = rows.map((r) => ({
      key: `${r.envelope_id}#${r.notification_index}`,
      event: JSON.parse(r.event) as CallEvent,
    }));
    const call = foldCall(keyed);
    this.stmt.updateCall.run({ id: callId, ...callRow(call, Date.now()) });
  }

  /**
   * Writes the search row of every call the batch changed, once, after all the deliveries' savepoints:
   * FTS5 flushes its pending index to disk at every SAVEPOINT, so indexing inside them wrote one index
   * segment per delivery (and merged them again) instead of one per batch.
   */
  private indexChangedCalls(results: readonly DeliveryResult[]): void {
    const changed = new Set(results.flatMap((r) => r.changes.map((c) => c.callId)));
    for (const callId of changed) {
      const data = this.stmt.callData.get(callId) as string | undefined;
      if (data === undefined) continue;
      if (!this.createdInBatch.has(callId)) this.stmt.deleteSearch.run(callId);
      this.stmt.insertSearch.run(callId, ...searchRow(JSON.parse(data) as FoldedCall));
    }
  }

  // ---- reading ------------------------------------------------------------------------------------

  /** The calls with these ids that exist, in this order, each with its caller's earlier calls. */
  private callsByIds(ids: readonly number[]): Call[] {
    const rows = this.stmt.callsWithPriors.all(JSON.stringify(ids)) as { id: number; data: string; prior_count: number; prior_last: number | null; prior_ids: string }[];
    return rows.map((r) => {
      const priorCalls: PriorCalls = {
        count: r.prior_count,
        lastAt: r.prior_last === null ? null : new Date(r.prior_last).toISOString(),
        recentIds: JSON.parse(r.prior_ids) as number[],
      };
      return { id: r.id, ...(JSON.parse(r.data) as FoldedCall), priorCalls };
    });
  }

  getCall(id: number): Call | null {
    return this.callsByIds([id])[0] ?? null;
  }

  getCallDetail(id: number): CallDetailResponse | null {
    const call = this.getCall(id);
    if (!call) return null;
    const rows = this.stmt.eventsOfCall.all(id) as {
      id: number;
      delivery_id: number;
      received_at: string;
      kind: CallEvent['kind'];
      action: string;
      event: string;
      raw: string;
      notification_index: number;
      body: Buffer;
    }[];
    const notifications = new Map<number, unknown[]>();
    const receivedAs = (r: (typeof rows)[number]): string => {
      if (r.raw !== '') return r.raw;
      let sent = notifications.get(r.delivery_id);
      if (!sent) {
        const parsed = parseEnvelope(r.body.toString('utf8'));
        sent = parsed.ok ? parsed.envelope.notifications : [];
        notifications.set(r.delivery_id, sent);
      }
      return JSON.stringify(sent[r.notification_index] ?? null);
    };
    const events: StoredEventView[] = rows.map((r) => ({
      id: r.id,
      deliveryId: r.delivery_id,
      receivedAt: r.received_at,
      kind: r.kind,
      action: r.action,
      event: JSON.parse(r.event) as CallEvent,
      raw: receivedAs(r),
    }));
    return { call, events };
  }

  /** A page of calls, newest first: the search finds the page's ids (./callSearch.ts), the rows are read after. */
  listCalls(query: ListCallsQuery): ListCallsResponse {
    const { rows, nextCursor } = this.search.page(query, this.testCallsHidden());
    return { calls: this.callsByIds(rows.map((r) => r.id)), nextCursor };
  }

  listDeliveries(limit: number): DeliveryView[] {
    const rows = this.stmt.recentDeliveries.all(Math.min(Math.max(Math.trunc(limit), 1), 500)) as {
      id: number;
      received_at: string;
      envelope_id: string | null;
      attempt: number | null;
      outcome: DeliveryOutcome;
      reason: string | null;
      signature: SignatureVerdict;
      status: number;
      notification_count: number;
      actions: string;
      headers: string;
      body: Buffer;
    }[];
    return rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      envelopeId: r.envelope_id,
      attempt: r.attempt,
      outcome: r.outcome,
      reason: r.reason,
      signature: r.signature,
      status: r.status,
      notificationCount: r.notification_count,
      actions: JSON.parse(r.actions) as string[],
      headers: JSON.parse(r.headers) as Record<string, string>,
      body: Buffer.from(r.body).toString('utf8'),
    }));
  }

  countCalls(): number {
    return (this.stmt.countCalls.get() as { n: number }).n;
  }

  getSetting(key: string): string | null {
    return (this.stmt.getSetting.get(key) as { value: string } | undefined)?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.stmt.setSetting.run(key, value);
  }

  // ---- test calls (sent from the tunnel settings through the public URL) -----------------------------

  /** Marks the calls a delivery created or changed as test calls; returns their ids. */
  markTestCalls(deliveryId: number): number[] {
    const rows = this.db
      .prepare(`UPDATE calls SET is_test = 1 WHERE id IN (SELECT call_id FROM events WHERE delivery_id = ? AND call_id IS NOT NULL) RETURNING id`)
      .all(deliveryId) as { id: number }[];
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  testCallIds(): number[] {
    return (this.db.prepare(`SELECT id FROM calls WHERE is_test = 1 ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  }

  testCallsHidden(): boolean {
    return this.getSetting(HIDE_TEST_CALLS_SETTING) === '1';
  }

  setTestCallsHidden(hidden: boolean): void {
    this.setSetting(HIDE_TEST_CALLS_SETTING, hidden ? '1' : '0');
  }

  /** Deletes the test calls with their events, search rows and the deliveries that carried only them. */
  deleteTestCalls(): number {
    return this.db.transaction(() => {
      const ids = this.testCallIds();
      for (const id of ids) this.stmt.deleteSearch.run(id);
      const deliveries = this.db
        .prepare(`DELETE FROM events WHERE call_id IN (SELECT id FROM calls WHERE is_test = 1) RETURNING delivery_id`)
        .all() as { delivery_id: number }[];
      const orphan = this.db.prepare(`DELETE FROM deliveries WHERE id = ? AND NOT EXISTS (SELECT 1 FROM events WHERE delivery_id = ?)`);
      for (const id of new Set(deliveries.map((d) => d.delivery_id))) orphan.run(id, id);
      this.db.prepare(`DELETE FROM calls WHERE is_test = 1`).run();
      return ids.length;
    })();
  }
}
