// The read models: a page of calls, one call with its events, the latest deliveries, the number of calls.

import type {
  BodyKept,
  CallDetailResponse,
  DeliveryOutcome,
  DeliveryView,
  ListCallsQuery,
  ListCallsResponse,
  SignatureVerdict,
  StoredEventView,
} from '../../../shared/api';
import type { Call, CallEvent, FoldedCall, PriorCalls, WebhookEventKind } from '../../../shared/domain';
import { parseEnvelope } from '../../../shared/marketingEdge/normalise';
import type { CallSearch } from './callSearch';
import type { Db } from './db';

const PRIOR_CALL_IDS = 5;

/** A call with its caller's earlier calls: how many, the latest's start, the ids of the latest few. */
interface CallWithPriorsRow {
  id: number;
  data: string;
  caught_up: 0 | 1;
  prior_count: number;
  prior_last: number | null;
  /** JSON: an array of ids, newest first (empty when there are none). */
  prior_ids: string;
}

interface EventOfCallRow {
  id: number;
  delivery_id: number;
  received_at: string;
  /** Written from the normalised event's kind. */
  kind: WebhookEventKind;
  action: string;
  event: string;
  /** The notification as received; '' in newer rows, which read it back from the delivery's body. */
  raw: string;
  notification_index: number;
  body: Buffer;
}

/** A row of the deliveries table. */
interface DeliveryTableRow {
  id: number;
  received_at: string;
  envelope_id: string | null;
  attempt: number | null;
  /** Held to these values by the table's CHECK constraint. */
  outcome: DeliveryOutcome;
  reason: string | null;
  signature: SignatureVerdict;
  status: number;
  notification_count: number;
  actions: string;
  headers: string;
  body: Buffer;
  /** NULL in rows from before migration 6 (their body is whole) and for a body not read that declared no length. */
  body_size: number | null;
  body_sha256: string | null;
  body_kept: BodyKept;
}

export class CallReads {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly search: CallSearch,
    private readonly testCallsHidden: () => boolean,
  ) {
    this.stmt = {
      // Calls by id, in the order given, each with its caller's earlier calls: one statement for a page.
      callsWithPriors: db.prepare<[string], CallWithPriorsRow>(
        `SELECT c.id, c.data, c.caught_up,
           (SELECT count(*) FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms) AS prior_count,
           (SELECT max(started_ms) FROM calls p WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms) AS prior_last,
           (SELECT json_group_array(id ORDER BY started_ms DESC, id DESC) FROM (SELECT id, started_ms FROM calls p
              WHERE p.caller_number = c.caller_number AND p.started_ms < c.started_ms ORDER BY started_ms DESC, id DESC LIMIT ${PRIOR_CALL_IDS})) AS prior_ids
         FROM json_each(?) page JOIN calls c ON c.id = page.value ORDER BY page.key`,
      ),
      eventsOfCall: db.prepare<[number], EventOfCallRow>(
        `SELECT e.id, e.delivery_id, d.received_at, e.kind, e.action, e.event, e.raw, e.notification_index, d.body
         FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE e.call_id = ? ORDER BY d.received_at, e.id`,
      ),
      recentDeliveries: db.prepare<[number], DeliveryTableRow>(`SELECT * FROM deliveries ORDER BY id DESC LIMIT ?`),
      // One row, kept by triggers (migration 5).
      countCalls: db.prepare<[], number>(`SELECT n FROM call_count`).pluck(),
    };
  }

  /** The calls with these ids that exist, in this order, each with its caller's earlier calls. */
  callsByIds(ids: readonly number[]): Call[] {
    return this.stmt.callsWithPriors.all(JSON.stringify(ids)).map((r) => {
      const priorCalls: PriorCalls = {
        count: r.prior_count,
        lastAt: r.prior_last === null ? null : new Date(r.prior_last).toISOString(),
        recentIds: JSON.parse(r.prior_ids) as number[],
      };
      return { id: r.id, ...(JSON.parse(r.data) as FoldedCall), priorCalls, caughtUp: r.caught_up === 1 };
    });
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
    const rows = this.stmt.recentDeliveries.all(Math.min(Math.max(Math.trunc(limit), 1), 500));
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
      bodySize: r.body_size ?? (r.body_kept === 'whole' ? r.body.length : null),
      bodySha256: r.body_sha256,
      bodyKept: r.body_kept,
    }));
  }

  countCalls(): number {
    return this.stmt.countCalls.get() ?? 0;
  }
}
