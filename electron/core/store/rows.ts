// The rows a delivery and its call are stored as, shared by live ingest (./callIngest.ts) and the bulk
// importer (./bulkImport.ts) so an imported call is stored exactly as an ingested one.

import { createHash } from 'node:crypto';
import type { BodyKept, DeliveryOutcome, DeliveryView, SignatureVerdict } from '../../../shared/api';
import { callOutcome } from '../../../shared/calls/outcome';
import type { CallEvent, FoldedCall, FoldedStatus, KeyedEvent } from '../../../shared/domain';
import type { Envelope } from '../../../shared/marketingEdge/normalise';
import { CODEC_NONE, decodeText, encodeBody, encodeText } from './bodyCodec';
import { derivedColumns } from './derivedColumns';
import { facetColumns, facetTerms } from './searchFacets';
import { numberSuffixes, spokenWords } from './searchQuery';

export interface IncomingDelivery {
  receivedAt: string;
  headers: Record<string, string>;
  body: Buffer;
  signature: SignatureVerdict;
  /** Set when the delivery is refused before its body is parsed (signature enforced, body too large or compressed). */
  refusal?: Refusal;
  /** Something the record of this delivery must say whatever its outcome (its signature could not be checked). */
  note?: string;
}

export interface Refusal {
  status: number;
  reason: string;
  /**
   * What of the body is kept: its first bytes (a signature refusal: anyone with the URL can send these), all
   * of it (within the refused-body budget), or nothing (it was not read; `declaredSize` is what was announced).
   */
  keep: 'head' | 'whole' | 'none';
  declaredSize?: number;
}

/** The first bytes of a refused body that are kept, with its size and SHA-256. */
export const REFUSED_HEAD_BYTES = 4096;

export function ms(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export const INSERT_DELIVERY_SQL = `INSERT INTO deliveries (received_at, envelope_id, attempt, outcome, reason, signature, status, notification_count, actions, headers,
    body, body_codec, body_size, body_sha256, body_kept)
  VALUES (@receivedAt, @envelopeId, @attempt, @outcome, @reason, @signature, @status, @notificationCount, @actions, @headers,
    @body, @bodyCodec, @bodySize, @bodySha256, @bodyKept)`;

const CALL_COLUMNS = `telmetrics_id, status, outcome, caller_number, called_number, ring_ms, started_ms, ended_ms, has_recording,
    has_transcript, ad_source, ad_channel, caller_name, data`;
const CALL_VALUES = `@telmetricsId, @status, @outcome, @callerNumber, @calledNumber, @ringMs, @startedMs, @endedMs, @hasRecording,
    @hasTranscript, @adSource, @adChannel, @callerName, @data`;

export const INSERT_CALL_SQL = `INSERT INTO calls (${CALL_COLUMNS}) VALUES (${CALL_VALUES})`;

/** A call first learned of from the vendor's calls API: `caught_up` is set once, here, and never changed by a refold. */
export const INSERT_CAUGHT_UP_CALL_SQL = `INSERT INTO calls (${CALL_COLUMNS}, caught_up) VALUES (${CALL_VALUES}, 1)`;

export const UPDATE_CALL_SQL = `UPDATE calls SET telmetrics_id = @telmetricsId, status = @status, outcome = @outcome,
    caller_number = @callerNumber, called_number = @calledNumber, ring_ms = @ringMs, started_ms = @startedMs, ended_ms = @endedMs,
    has_recording = @hasRecording, has_transcript = @hasTranscript, ad_source = @adSource, ad_channel = @adChannel,
    caller_name = @callerName, data = @data
  WHERE id = @id`;

/** Every event of a call (the id twice): its webhook events and its API records, each with the key the fold orders by. */
export const EVENTS_OF_CALL_SQL = `SELECT envelope_id || '#' || notification_index AS key, event FROM events WHERE call_id = ?
  UNION ALL SELECT record_key, event FROM api_events WHERE call_id = ?`;

export interface KeyedEventRow {
  key: string;
  /** JSON: the normalised event, as stored (./bodyCodec.ts encodeText). */
  event: string | Buffer;
}

export function keyedEvent(row: KeyedEventRow): KeyedEvent {
  return { key: row.key, event: JSON.parse(decodeText(row.event)) as CallEvent };
}

/** Action lists already encoded: a delivery's is one of a few, so each is compressed once, not at every webhook. */
const encodedActions = new Map<string, string | Buffer>();
/** Bounds the lists remembered: past it, a list is encoded each time, as before. */
const ACTION_LISTS_KEPT = 256;

/** A delivery's actions (JSON) as its row stores them: compressed (./bodyCodec.ts encodeText), for ingest and Re-process alike. */
export function storedActions(text: string): string | Buffer {
  const known = encodedActions.get(text);
  if (known !== undefined) return known;
  const stored = encodeText(text);
  if (encodedActions.size < ACTION_LISTS_KEPT) encodedActions.set(text, stored);
  return stored;
}

/** A normalised event as its row stores it: JSON, compressed (./bodyCodec.ts). */
export function storedEvent(event: CallEvent): string | Buffer {
  return encodeText(JSON.stringify(event));
}

/**
 * An event row. `raw` (the notification as received) is written empty: it is read back from the delivery's
 * body when shown, which is stored anyway. Kept, it made each event row a whole 4 kB page (a third of the
 * database) and a third more to write per webhook. Rows from before keep their copy.
 */
export const INSERT_EVENT_SQL = `INSERT INTO events (delivery_id, envelope_id, notification_index, kind, action, call_id, event, raw)
  VALUES (?, ?, ?, ?, ?, ?, ?, '')`;

export const INSERT_SEARCH_SQL = `INSERT INTO calls_search (rowid, name, number, place, source, transcript, facets) VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** The parameters of INSERT_DELIVERY_SQL: the delivery as the window sees it, with its lists as JSON and the body as stored. */
export interface DeliveryRow extends Omit<DeliveryView, 'id' | 'actions' | 'headers' | 'body' | 'kind' | 'summary' | 'calls' | 'reprocessBlocked'> {
  /** JSON: the actions of the notifications, in order, as stored (./bodyCodec.ts encodeText). */
  actions: string | Buffer;
  /** JSON: the request's headers, as stored (./bodyCodec.ts encodeText). */
  headers: string | Buffer;
  /** The body kept, compressed by `bodyCodec` (./bodyCodec.ts). */
  body: Buffer;
  bodyCodec: number;
}

/** The parameters of INSERT_CALL_SQL. */
export interface CallRow {
  telmetricsId: string | null;
  status: FoldedStatus;
  outcome: ReturnType<typeof callOutcome>;
  callerNumber: string | null;
  calledNumber: string | null;
  ringMs: number | null;
  startedMs: number;
  endedMs: number | null;
  hasRecording: 0 | 1;
  hasTranscript: 0 | 1;
  adSource: string | null;
  adChannel: string | null;
  /** The call's own best real name (./derivedColumns.ts): what later calls of the number are named by. */
  callerName: string | null;
  /** JSON: the folded call. */
  data: string;
}

/** The parameters of INSERT_EVENT_SQL: delivery id, envelope id, notification index, kind, action, call id, event (storedEvent). */
export type EventParams = [number, string, number, string, string, number | null, string | Buffer];

/** The search columns of a call: name, number fragments, place, ad source, transcript, its filters' terms (./searchFacets.ts). */
export type SearchColumns = [string, string, string, string, string, string];

/** The parameters of INSERT_SEARCH_SQL: the call's id, then its search columns. */
export type SearchParams = [number, ...SearchColumns];

export interface DeliveryFields {
  envelope?: Envelope;
  outcome: DeliveryOutcome;
  reason: string | null;
  status: number;
  actions?: string[];
}

type StoredBody = Pick<DeliveryRow, 'body' | 'bodyCodec' | 'bodySize' | 'bodySha256' | 'bodyKept'>;

/**
 * The body as stored: whole and compressed when accepted; when rejected, what the refusal keeps, as received, with
 * the whole body's hash. Rejected bodies stay uncompressed: the refused-body budget (./refusedBodies.ts) counts
 * their bytes as received, and it bounds them to a few MiB in all.
 */
function storedBody(d: IncomingDelivery, outcome: DeliveryOutcome): StoredBody {
  if (outcome !== 'rejected') {
    const { codec, bytes } = encodeBody(d.body);
    return { body: bytes, bodyCodec: codec, bodySize: d.body.length, bodySha256: null, bodyKept: 'whole' };
  }
  const asReceived = { bodyCodec: CODEC_NONE };
  const keep = d.refusal?.keep ?? 'whole';
  if (keep === 'none') return { ...asReceived, body: Buffer.alloc(0), bodySize: d.refusal?.declaredSize ?? null, bodySha256: null, bodyKept: 'none' };
  const body = keep === 'head' ? d.body.subarray(0, REFUSED_HEAD_BYTES) : d.body;
  const bodyKept: BodyKept = body.length === d.body.length ? 'whole' : 'head';
  return { ...asReceived, body, bodySize: d.body.length, bodySha256: createHash('sha256').update(d.body).digest('hex'), bodyKept };
}

export function deliveryRow(d: IncomingDelivery, fields: DeliveryFields): DeliveryRow {
  return {
    receivedAt: d.receivedAt,
    envelopeId: fields.envelope?.id ?? null,
    attempt: fields.envelope?.attempt ?? null,
    outcome: fields.outcome,
    reason: fields.reason,
    signature: d.signature,
    status: fields.status,
    notificationCount: fields.envelope?.notifications.length ?? 0,
    actions: storedActions(JSON.stringify(fields.actions ?? [])),
    headers: encodeText(JSON.stringify(d.headers)),
    ...storedBody(d, fields.outcome),
  };
}

/** The calls columns of a folded call; `fallbackStartMs` orders a call whose start time is not known yet. */
export function callRow(call: FoldedCall, fallbackStartMs: number): CallRow {
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
    ...derivedColumns(call),
    data: JSON.stringify(call),
  };
}

/** The search columns of a call; `known`: the names it is shown by besides its own, so searching them finds it too. */
export function searchRow(call: FoldedCall, known: KnownNames | null): SearchColumns {
  const derived = derivedColumns(call);
  const names = new Set([known?.contactName, known?.earlierName, derived.callerName, call.callerName].filter((n): n is string => Boolean(n)));
  return [
    [...names].join(' '),
    numberSuffixes(call.callerNumber),
    [call.callerCity, call.callerState].filter(Boolean).join(' '),
    derived.adSource ?? '',
    spokenWords(call.transcript ?? ''),
    facetTerms(facetColumns(call, derived)),
  ];
}

/**
 * Notes a call on its tracking number (./lines.ts): its ad's name when the call knows it (a Call Start usually
 * does not: a known name is never blanked, and an older call's never replaces a newer one's), and the latest call.
 */
export const NOTE_LINE_SQL = `INSERT INTO lines (number, ad_name, last_call_ms) VALUES (@number, @adName, @startedMs)
  ON CONFLICT (number) DO UPDATE SET
    ad_name = iif(excluded.ad_name IS NOT NULL AND (lines.ad_name IS NULL OR excluded.last_call_ms >= coalesce(lines.last_call_ms, 0)),
      excluded.ad_name, lines.ad_name),
    last_call_ms = max(coalesce(lines.last_call_ms, excluded.last_call_ms), excluded.last_call_ms)`;

/** The parameters of NOTE_LINE_SQL. */
export interface LineNote {
  number: string;
  adName: string | null;
  startedMs: number;
}

/** What a call tells its line, or null when it names no tracking number. */
export function lineNote(call: FoldedCall, startedMs: number): LineNote | null {
  return call.calledNumber ? { number: call.calledNumber, adName: call.adName, startedMs } : null;
}

/** The names a call of a number is shown by besides its own (as ./callReads.ts reads them), for its search row. */
export interface KnownNames {
  /** The name staff saved for the number. */
  contactName: string | null;
  /** The latest real name the number had on an earlier call. */
  earlierName: string | null;
}

/** The parameters of KNOWN_NAMES_SQL: the caller's number and the call's start. */
export interface KnownNamesOf {
  number: string;
  startedMs: number;
}

export const KNOWN_NAMES_SQL = `SELECT (SELECT name FROM contacts WHERE number = @number) AS contactName,
    (SELECT caller_name FROM calls p WHERE p.caller_number = @number AND p.started_ms < @startedMs AND p.caller_name IS NOT NULL
      ORDER BY p.started_ms DESC LIMIT 1) AS earlierName`;
