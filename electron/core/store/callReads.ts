// The read models: a page of calls, one call with its events, the number of calls (deliveries: ./deliveryReads.ts).

import type { CallDetailResponse, ListCallsQuery, ListCallsResponse, StoredEventView } from '../../../shared/api';
import { recordingView, type RecordingState } from '../../../shared/callBacks/recording';
import { adChannelOf, adSourceOf } from '../../../shared/calls/adSource';
import { chooseDisplayName, realName, tidyPlace, tidyState, type DisplayName } from '../../../shared/calls/callerName';
import { callStatusAt } from '../../../shared/calls/ringWindow';
import type { Call, CallEvent, CallOutcome, FoldedCall, FollowUpState, PriorCalls, WebhookEventKind } from '../../../shared/domain';
import { parseEnvelope } from '../../../shared/marketingEdge/normalise';
import { decodeBody, decodeText } from './bodyCodec';
import type { CallSearch } from './callSearch';
import type { Db } from './db';

const PRIOR_CALL_IDS = 5;

/** What of a fold its name is chosen from; `lookedUpName` is undefined in a fold from before it existed. */
type NamedCall = Pick<FoldedCall, 'status' | 'callerName' | 'callerCity' | 'callerState' | 'callerNumber'> & { lookedUpName?: string | null };

/** The fields of a fold a call's name is chosen from, its number's contact and earlier name (see displayNames). */
interface NameRow {
  id: number;
  /** JSON: `[status, callerName, callerCity, callerState, callerNumber, lookedUpName]` of the fold. */
  fields: string;
  /** Whether the fold has lookedUpName at all. */
  looked_up: 0 | 1;
  contact_name: string | null;
  earlier_name: string | null;
}

type NameFields = [NamedCall['status'], string | null, string | null, string | null, string | null, string | null];

/** The name a call is shown by: its number's contact, the vendor's lookup or the number's earlier one, its caller ID. */
function nameOfCall(call: NamedCall, contactName: string | null, earlierName: string | null): DisplayName {
  // Read against the call's own place: a caller ID that is only the caller's city is no name.
  const place = { city: call.callerCity, state: call.callerState };
  // A fold from before lookedUpName existed: once later webhooks came, its callerName is the vendor's lookup.
  const lookedUp = call.lookedUpName === undefined ? (call.status === 'ringing' ? null : call.callerName) : call.lookedUpName;
  return chooseDisplayName({
    contactName,
    lookedUpName: realName(lookedUp, place),
    earlierName,
    callerIdName: realName(call.callerName, place),
    callerNumber: call.callerNumber,
  });
}

/** How many chosen names a read model keeps: a few MB at most. */
const NAMES_KEPT = 20_000;

type NameOf = (call: NamedCall, contactName: string | null, earlierName: string | null) => DisplayName;

/**
 * nameOfCall, keeping what it chose by everything it chose from: its placeholder checks cost ~20 µs a call,
 * and lists read the same calls again and again (the call-back list's 500 at every change).
 */
export function rememberedNames(kept = NAMES_KEPT): NameOf {
  const chosen = new Map<string, DisplayName>();
  return (call, contactName, earlierName) => {
    // undefined (a fold from before lookedUpName) reads differently from null: JSON writes it as 0 here.
    const { status, callerName, callerCity, callerState, callerNumber, lookedUpName } = call;
    const key = JSON.stringify([
      status,
      callerName,
      callerCity,
      callerState,
      callerNumber,
      lookedUpName === undefined ? 0 : lookedUpName,
      contactName,
      earlierName,
    ]);
    let name = chosen.get(key);
    if (name === undefined) {
      // Bounded: past the limit it starts again (simpler than an LRU, and a refill is one list's worth).
      if (chosen.size >= kept) chosen.clear();
      chosen.set(key, (name = nameOfCall(call, contactName, earlierName)));
    }
    return name;
  };
}

/**
 * A call with its caller's earlier calls (how many, the latest's start and outcome, the ids of the latest few,
 * the latest real name the vendor gave the number), the contact saved for its number and its line.
 */
interface CallWithPriorsRow {
  id: number;
  data: string;
  /** The start, else (a Call Start that sent no time) when the call arrived: what the ringing filter reads. */
  started_ms: number;
  caught_up: 0 | 1;
  prior_count: number;
  /** JSON: an array of ids, newest first (empty when there are none). */
  prior_ids: string;
  /** JSON: `[outcome, ring_ms, started_ms]` of the latest earlier call, or null. */
  prior_outcome: string | null;
  earlier_name: string | null;
  contact_name: string | null;
  contact_note: string | null;
  line_label: string | null;
  line_ad_name: string | null;
  /** The start of the number's next call, or null. */
  next_call_ms: number | null;
  opened_at: string | null;
  follow_up_state: FollowUpState | null;
  recording_state: RecordingState | null;
  recording_bytes: number | null;
  recording_error: string | null;
}

interface EventOfCallRow {
  id: number;
  delivery_id: number;
  received_at: string;
  /** Written from the normalised event's kind. */
  kind: WebhookEventKind;
  action: string;
  /** As stored (./bodyCodec.ts encodeText). */
  event: string | Buffer;
  /** The notification as received; '' in newer rows, which read it back from the delivery's body. */
  raw: string;
  notification_index: number;
  body: Buffer;
  body_codec: number;
}

/** `[outcome, ring_ms, started_ms]` of a caller's latest earlier call: its start is also when they last called. */
type LatestPrior = [CallOutcome | null, number | null, number];

/** How the latest earlier call went; a Call Start alone past its ring window is not known. */
function priorOutcome(latest: LatestPrior | null, now: number): CallOutcome | null {
  if (latest === null) return null;
  const [outcome, ringMs, startedMs] = latest;
  if (outcome !== 'ringing') return outcome;
  const at = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return callStatusAt({ status: 'ringing', ringAt: at(ringMs), startedAt: at(startedMs) }, now) === 'ringing' ? 'ringing' : null;
}

/**
 * A call as the API answers it. What the pure functions of shared/calls derive (the name shown, the ad
 * source in words, the place, the status at `now`) is derived again here, so calls stored by an older
 * version read the same as new ones.
 */
function callOfRow(r: CallWithPriorsRow, now: number, nameOf: NameOf): Call {
  const { lookedUpName, ...folded } = JSON.parse(r.data) as FoldedCall;
  const latest = r.prior_outcome === null ? null : (JSON.parse(r.prior_outcome) as LatestPrior);
  const priorCalls: PriorCalls = {
    count: r.prior_count,
    lastAt: latest === null ? null : new Date(latest[2]).toISOString(),
    lastOutcome: priorOutcome(latest, now),
    recentIds: JSON.parse(r.prior_ids) as number[],
  };
  const { displayName, nameSource } = nameOf({ ...folded, lookedUpName }, r.contact_name, r.earlier_name);
  return {
    id: r.id,
    ...folded,
    // A Call Start that sent no time is timed by its arrival, as the ringing filter times it.
    status: callStatusAt({ ...folded, startedAt: folded.startedAt ?? new Date(r.started_ms).toISOString() }, now),
    callerCity: tidyPlace(folded.callerCity),
    callerState: tidyState(folded.callerState),
    adSource: adSourceOf(folded),
    adChannel: adChannelOf(folded),
    priorCalls,
    caughtUp: r.caught_up === 1,
    displayName,
    nameSource,
    contact: r.contact_name === null ? null : { name: r.contact_name, note: r.contact_note },
    lineLabel: r.line_label ?? r.line_ad_name ?? null,
    calledAgainAt: r.next_call_ms === null ? null : new Date(r.next_call_ms).toISOString(),
    openedAt: r.opened_at,
    followUpState: r.follow_up_state,
    recording: recordingView(
      r.id,
      folded.recordingUrl !== null,
      r.recording_state === null ? null : { state: r.recording_state, bytes: r.recording_bytes, error: r.recording_error },
    ),
  };
}

export class CallReads {
  private readonly stmt;
  private readonly nameOf = rememberedNames();

  constructor(
    db: Db,
    private readonly search: CallSearch,
    private readonly testCallsHidden: () => boolean,
    /** The clock a call's ring window is read against (tests set it). */
    private readonly now: () => number,
    /** A call's notes and call-back entry, for its detail. */
    private readonly detailOf: (id: number) => Pick<CallDetailResponse, 'notes' | 'followUp'>,
  ) {
    this.stmt = {
      // Calls by id, in the order given, each with its caller's earlier calls: one statement for a page.
      callsWithPriors: db.prepare<[string], CallWithPriorsRow>(
        `SELECT c.id, c.data, c.started_ms, c.caught_up,
           (SELECT count(*) FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms) AS prior_count,
           (SELECT json_group_array(id ORDER BY started_ms DESC, id DESC) FROM (SELECT id, started_ms FROM calls p
              WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms ORDER BY started_ms DESC, id DESC LIMIT ${PRIOR_CALL_IDS})) AS prior_ids,
           (SELECT json_array(outcome, ring_ms, started_ms) FROM calls p
              WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms ORDER BY p.started_ms DESC, p.id DESC LIMIT 1) AS prior_outcome,
           (SELECT caller_name FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms
              AND p.caller_name IS NOT NULL ORDER BY p.started_ms DESC LIMIT 1) AS earlier_name,
           (SELECT min(started_ms) FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms > c.started_ms) AS next_call_ms,
           c.opened_at, (SELECT f.state FROM follow_up_calls fc JOIN follow_ups f ON f.id = fc.follow_up_id WHERE fc.call_id = c.id) AS follow_up_state,
           k.name AS contact_name, k.note AS contact_note, l.label AS line_label, l.ad_name AS line_ad_name,
           rec.state AS recording_state, rec.bytes AS recording_bytes, rec.error AS recording_error
         FROM json_each(?) page JOIN calls c ON c.id = page.value
           LEFT JOIN contacts k ON k.number = c.caller_number LEFT JOIN lines l ON l.number = c.called_number
           LEFT JOIN recordings rec ON rec.call_id = c.id
         ORDER BY page.key`,
      ),
      eventsOfCall: db.prepare<[number], EventOfCallRow>(
        `SELECT e.id, e.delivery_id, d.received_at, e.kind, e.action, e.event, e.raw, e.notification_index, d.body, d.body_codec
         FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.call_id = ? ORDER BY d.received_at, e.id`,
      ),
      // Only what a call's name is chosen from: the call-back list names 500 entries by their latest calls.
      names: db.prepare<[string], NameRow>(
        // One json_extract of six paths: SQLite parses the fold once for it, where six ->> cost twice as much.
        `SELECT c.id, json_extract(c.data, '$.status', '$.callerName', '$.callerCity', '$.callerState', '$.callerNumber', '$.lookedUpName') AS fields,
           json_type(c.data, '$.lookedUpName') IS NOT NULL AS looked_up, k.name AS contact_name,
           (SELECT caller_name FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms
              AND p.caller_name IS NOT NULL ORDER BY p.started_ms DESC LIMIT 1) AS earlier_name
         FROM json_each(?) page JOIN calls c ON c.id = page.value LEFT JOIN contacts k ON k.number = c.caller_number`,
      ),
      // One row, kept by triggers (migration 5).
      countCalls: db.prepare<[], number>(`SELECT n FROM call_count`).pluck(),
    };
  }

  /** The calls with these ids that exist, in this order, each with its caller's earlier calls. */
  callsByIds(ids: readonly number[]): Call[] {
    const now = this.now();
    return this.stmt.callsWithPriors.all(JSON.stringify(ids)).map((r) => callOfRow(r, now, this.nameOf));
  }

  /** The name each of these calls is shown by (as callsByIds names them), without the rest of the call. */
  displayNames(ids: readonly number[]): Map<number, string> {
    return new Map(
      this.stmt.names.all(JSON.stringify(ids)).map(({ id, fields, looked_up, contact_name, earlier_name }) => {
        const [status, callerName, callerCity, callerState, callerNumber, lookedUpName] = JSON.parse(fields) as NameFields;
        const call = { status, callerName, callerCity, callerState, callerNumber, lookedUpName: looked_up ? lookedUpName : undefined };
        return [id, this.nameOf(call, contact_name, earlier_name).displayName];
      }),
    );
  }

  getCall(id: number): Call | null {
    return this.callsByIds([id])[0] ?? null;
  }

  getCallDetail(id: number): CallDetailResponse | null {
    const call = this.getCall(id);
    if (!call) return null;
    const rows = this.stmt.eventsOfCall.all(id);
    const notifications = new Map<number, unknown[]>();
    const receivedAs = (r: EventOfCallRow): string => {
      if (r.raw !== '') return r.raw;
      let sent = notifications.get(r.delivery_id);
      if (!sent) {
        const parsed = parseEnvelope(decodeBody(r.body_codec, r.body).toString('utf8'));
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
      event: JSON.parse(decodeText(r.event)) as CallEvent,
      raw: receivedAs(r),
    }));
    return { call, events, ...this.detailOf(id) };
  }

  /** A page of calls, newest first: the search finds the page's ids (./callSearch.ts), the rows are read after. */
  listCalls(query: ListCallsQuery): ListCallsResponse {
    const { rows, nextCursor } = this.search.page(query, this.testCallsHidden());
    return { calls: this.callsByIds(rows.map((r) => r.id)), nextCursor };
  }

  countCalls(): number {
    return this.stmt.countCalls.get() ?? 0;
  }
}
