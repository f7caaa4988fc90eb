// Bulk import: stores many calls whose deliveries are already known to belong together (a generated
// history, a history exported from elsewhere) in large transactions, with exactly the rows the ingest path
// writes: the raw deliveries, their normalised events, the folded call and its search row. It skips what
// only live ingest needs (linking by time window, duplicate checks), so every envelope must be new.

import { foldCall } from '../../../shared/calls/fold';
import type { KeyedEvent } from '../../../shared/domain';
import { normaliseEnvelope, type Envelope } from '../../../shared/marketingEdge/normalise';
import type { Db } from './db';
import { BUILT_THROUGH } from './followUpBuild';
import { BUILD_FLAG } from './followUps';
import {
  callRow,
  deliveryRow,
  INSERT_CALL_SQL,
  INSERT_DELIVERY_SQL,
  INSERT_EVENT_SQL,
  INSERT_SEARCH_SQL,
  lineNote,
  NOTE_LINE_SQL,
  searchRow,
  storedEvent,
  type CallRow,
  type DeliveryRow,
  type EventParams,
  type IncomingDelivery,
  type LineNote,
  type SearchColumns,
  type SearchParams,
} from './rows';

export interface ImportedDelivery extends IncomingDelivery {
  /** The envelope `parseEnvelope` reads from the body. */
  envelope: Envelope;
}

export interface EventRow {
  index: number;
  kind: string;
  action: string;
  /** As stored (rows.ts storedEvent). */
  event: string | Uint8Array;
  /** Events of an unknown action are kept but belong to no call, as in live ingest. */
  ofCall: boolean;
}

/** One call's rows. Built without the database, so worker threads can build them while one thread writes. */
export interface CallRows {
  /** Imported deliveries always have an envelope. */
  deliveries: (DeliveryRow & { envelopeId: string })[];
  /** The events of each delivery, in the deliveries' order. */
  events: EventRow[][];
  call: CallRow;
  search: SearchColumns;
  line: LineNote | null;
}

/** Normalises and folds one call's deliveries into its rows, through the same functions live ingest uses. */
export function callRows(deliveries: readonly ImportedDelivery[]): CallRows {
  const keyed: KeyedEvent[] = [];
  const events = deliveries.map((d) =>
    normaliseEnvelope(d.envelope).map((event, index): EventRow => {
      const ofCall = event.kind !== 'other';
      if (ofCall) keyed.push({ key: `${d.envelope.id}#${index}`, event });
      return {
        index,
        kind: event.kind,
        action: event.action,
        event: storedEvent(event),
        ofCall,
      };
    }),
  );
  const call = foldCall(keyed);
  const firstReceivedMs = Math.min(...deliveries.map((d) => Date.parse(d.receivedAt)));
  const row = callRow(call, firstReceivedMs);
  return {
    deliveries: deliveries.map((d, i) => {
      const actions = events[i]!.map((e) => e.action);
      const row = deliveryRow(d, { envelope: d.envelope, outcome: 'accepted', reason: null, status: 200, actions });
      return { ...row, envelopeId: d.envelope.id };
    }),
    events,
    call: row,
    // An imported history has no contacts yet, and each call is folded apart from its number's others: its own names only.
    search: searchRow(call, null),
    line: lineNote(call, row.startedMs),
  };
}

/** Rows that crossed a worker thread carry plain Uint8Arrays; SQLite must get a Buffer (a BLOB). */
function blob<T extends string | Uint8Array>(value: T): T extends string ? string : Buffer;
function blob(value: string | Uint8Array): string | Buffer {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

export class BulkImporter {
  private readonly insertCall;
  private readonly insertDelivery;
  private readonly insertEvent;
  private readonly insertSearch;
  private readonly noteLine;
  private readonly askToBuildFollowUps;
  private readonly buildFromFirstNumber;
  /** Stores the calls in one transaction and returns their ids. */
  readonly importCalls: (calls: readonly CallRows[]) => number[];

  constructor(db: Db) {
    this.insertCall = db.prepare<CallRow>(INSERT_CALL_SQL);
    this.insertDelivery = db.prepare<DeliveryRow>(INSERT_DELIVERY_SQL);
    this.insertEvent = db.prepare<EventParams>(INSERT_EVENT_SQL);
    this.insertSearch = db.prepare<SearchParams>(INSERT_SEARCH_SQL);
    this.noteLine = db.prepare<LineNote>(NOTE_LINE_SQL);
    // The call-back entries are built once, after the next start, from the whole history: per batch they would be rebuilt for every number again.
    this.askToBuildFollowUps = db.prepare<[string]>(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')`);
    // A build under way has passed numbers these calls may have.
    this.buildFromFirstNumber = db.prepare<[string]>(`DELETE FROM settings WHERE key = ?`);
    this.importCalls = db.transaction((calls: readonly CallRows[]) => {
      this.askToBuildFollowUps.run(BUILD_FLAG);
      this.buildFromFirstNumber.run(BUILT_THROUGH);
      return calls.map((c) => this.importCall(c));
    });
  }

  private importCall(rows: CallRows): number {
    const callId = Number(this.insertCall.run(rows.call).lastInsertRowid);
    rows.deliveries.forEach((delivery, i) => {
      const body = blob(delivery.body);
      const deliveryId = Number(
        this.insertDelivery.run({ ...delivery, body, headers: blob(delivery.headers), actions: blob(delivery.actions) }).lastInsertRowid,
      );
      for (const e of rows.events[i] ?? []) {
        this.insertEvent.run(deliveryId, delivery.envelopeId, e.index, e.kind, e.action, e.ofCall ? callId : null, blob(e.event));
      }
    });
    this.insertSearch.run(callId, ...rows.search);
    if (rows.line) this.noteLine.run(rows.line);
    return callId;
  }
}
