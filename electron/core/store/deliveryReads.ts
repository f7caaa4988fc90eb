// The deliveries inspector's reads: a page of deliveries (filtered by kind, found by caller, number or id,
// paged by id), one delivery, the calls each touched (through events.envelope_id, so a retry links to the
// call its first copy made), and the same for the answers catch-up kept from the vendor's calls API.

import type {
  ApiAnswerView,
  BodyKept,
  CatchUpProvider,
  DeliveryCallLink,
  DeliveryOutcome,
  DeliveryView,
  ListApiAnswersResponse,
  SignatureVerdict,
} from '../../../shared/api';
import type { DeliveryKind } from '../../../shared/contract/schemas';
import {
  apiAnswerReprocessBlocked,
  apiAnswerSummary,
  deliveryKind,
  deliveryReprocessBlocked,
  deliverySummary,
  REFUSED_STATUSES,
} from '../../../shared/deliveries/words';
import { maskedHeaders } from '../../../shared/deliveries/headers';
import type { Call } from '../../../shared/domain';
import type Database from 'better-sqlite3';
import type { ApiAnswer } from './apiIngest';
import type { Db } from './db';
import { broadSearchCalls, deliveryPageSql } from './deliverySearch';

export const DEFAULT_DELIVERY_PAGE = 50;
export const MAX_DELIVERY_PAGE = 500;

/** A row of the deliveries table. */
export interface DeliveryTableRow {
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

interface ApiAnswerRow {
  id: number;
  received_at: string;
  provider: CatchUpProvider;
  url: string;
  status: number;
  outcome: 'accepted' | 'rejected' | 'failed';
  reason: string | null;
  result_count: number;
  /** Absent in a page of answers (see answers()). */
  body?: Buffer;
  body_size: number;
}

export interface DeliveryPageQuery {
  limit?: number;
  before?: number;
  kind?: DeliveryKind;
  q?: string;
}

export interface DeliveryPage {
  deliveries: DeliveryView[];
  nextCursor: number | null;
}

const REFUSED = `(${REFUSED_STATUSES.join(', ')})`;

function headersOf(json: string): Record<string, string> {
  return JSON.parse(json) as Record<string, string>;
}

/** The URL with any credential removed: a user and password, and query parameters that name a key, token or secret. */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) {
      if (/key|token|secret|pass|auth|sig/i.test(key)) u.searchParams.set(key, '…');
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/([?&][^=&]*(?:key|token|secret|pass|auth|sig)[^=&]*=)[^&]*/gi, '$1…');
  }
}

export class DeliveryReads {
  private readonly stmt;
  /** The page statements by their SQL: a handful of shapes (kind, cursor, search), each prepared once. */
  private readonly pages = new Map<string, Database.Statement<Record<string, string | number>, unknown>>();

  constructor(
    private readonly db: Db,
    private readonly readCalls: (ids: readonly number[]) => Call[],
  ) {
    this.stmt = {
      one: db.prepare<[number], DeliveryTableRow>(`SELECT * FROM deliveries WHERE id = ?`),
      // The calls of each envelope, in the order their notifications came.
      callsOfEnvelopes: db.prepare<[string], { envelope_id: string; call_id: number }>(
        `SELECT envelope_id, call_id FROM events WHERE envelope_id IN (SELECT value FROM json_each(?)) AND call_id IS NOT NULL
         GROUP BY envelope_id, call_id ORDER BY envelope_id, min(notification_index)`,
      ),
      matchingCalls: db
        .prepare<[string, number], number>(`SELECT count(*) FROM (SELECT 1 FROM calls_search WHERE calls_search MATCH ? LIMIT ?)`)
        .pluck(),
      callCount: db.prepare<[], number>(`SELECT n FROM call_count`).pluck(),
      token: db.prepare<[], string>(`SELECT value FROM settings WHERE key = 'webhookToken'`).pluck(),
      // Removed while no copy of the envelope holds events: a later real delivery of it made a call that exists.
      removedTests: db
        .prepare<[string], string>(
          `SELECT r.envelope_id FROM removed_test_envelopes r WHERE r.envelope_id IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM events e WHERE e.envelope_id = r.envelope_id)`,
        )
        .pluck(),
      testCalls: db.prepare<[string], number>(`SELECT id FROM calls WHERE id IN (SELECT value FROM json_each(?)) AND is_test = 1`).pluck(),
      // Range scans of the index of migration 11: as cheap as the problems are few.
      problemCounts: db.prepare<[], { outcome: DeliveryOutcome; refused: 0 | 1; n: number }>(
        `SELECT outcome, status IN ${REFUSED} AS refused, count(*) AS n FROM deliveries WHERE outcome IN ('rejected', 'failed') GROUP BY 1, 2`,
      ),
      answer: db.prepare<[number], ApiAnswerRow>(
        `SELECT a.*, b.body, length(b.body) AS body_size FROM api_answers a JOIN api_bodies b ON b.id = a.body_id WHERE a.id = ?`,
      ),
      callsOfAnswers: db.prepare<[string], { answer_id: number; call_id: number }>(
        `SELECT answer_id, call_id FROM api_events WHERE answer_id IN (SELECT value FROM json_each(?))
         GROUP BY answer_id, call_id ORDER BY answer_id, min(result_index)`,
      ),
    };
  }

  /** A page of deliveries, newest first. */
  page(query: DeliveryPageQuery): DeliveryPage {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_DELIVERY_PAGE), 1), MAX_DELIVERY_PAGE);
    const { sql, params } = deliveryPageSql({ ...query, limit }, (match) => this.broad(match));
    const rows = this.prepared(sql).all(params) as DeliveryTableRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { deliveries: this.views(page), nextCursor: more ? page[page.length - 1]!.id : null };
  }

  /** Whether the search matches more calls than broadSearchCalls (read no further than that). */
  private broad(match: string): boolean {
    const limit = broadSearchCalls(this.stmt.callCount.get() ?? 0);
    return this.stmt.matchingCalls.get(match, limit + 1)! > limit;
  }

  private prepared(sql: string): Database.Statement<Record<string, string | number>, unknown> {
    let statement = this.pages.get(sql);
    if (!statement) this.pages.set(sql, (statement = this.db.prepare<Record<string, string | number>, unknown>(sql)));
    return statement;
  }

  get(id: number): DeliveryView | null {
    const row = this.stmt.one.get(id);
    return row ? this.views([row])[0]! : null;
  }

  /** The stored row itself (re-processing reads it). */
  row(id: number): DeliveryTableRow | null {
    return this.stmt.one.get(id) ?? null;
  }

  problemCounts(): { rejected: number; refused: number; failed: number } {
    const counts = { rejected: 0, refused: 0, failed: 0 };
    for (const r of this.stmt.problemCounts.all()) {
      if (r.outcome === 'failed') counts.failed += r.n;
      else if (r.refused) counts.refused += r.n;
      else counts.rejected += r.n;
    }
    return counts;
  }

  /** Links to calls, read for a whole page at once. */
  private links(keysToCalls: Map<string | number, number[]>): Map<string | number, DeliveryCallLink[]> {
    const ids = [...new Set([...keysToCalls.values()].flat())];
    const calls = new Map(this.readCalls(ids).map((c) => [c.id, c]));
    const tests = new Set(ids.length ? this.stmt.testCalls.all(JSON.stringify(ids)) : []);
    const out = new Map<string | number, DeliveryCallLink[]>();
    for (const [key, callIds] of keysToCalls) {
      const links: DeliveryCallLink[] = [];
      for (const id of callIds) {
        const call = calls.get(id);
        if (!call) continue;
        const startedAt = call.startedAt ?? call.ringAt ?? call.endedAt ?? '';
        links.push({ callId: id, displayName: call.displayName, callerNumber: call.callerNumber, startedAt, isTest: tests.has(id) });
      }
      out.set(key, links);
    }
    return out;
  }

  private views(rows: readonly DeliveryTableRow[]): DeliveryView[] {
    const envelopes = [...new Set(rows.map((r) => r.envelope_id).filter((e): e is string => e !== null))];
    const byEnvelope = new Map<string | number, number[]>();
    if (envelopes.length) {
      for (const r of this.stmt.callsOfEnvelopes.all(JSON.stringify(envelopes))) {
        byEnvelope.set(r.envelope_id, [...(byEnvelope.get(r.envelope_id) ?? []), r.call_id]);
      }
    }
    const links = this.links(byEnvelope);
    const removedTests = new Set(envelopes.length ? this.stmt.removedTests.all(JSON.stringify(envelopes)) : []);
    const token = this.stmt.token.get() ?? null;
    return rows.map((r) => {
      const calls = (r.envelope_id !== null && links.get(r.envelope_id)) || [];
      const actions = JSON.parse(r.actions) as string[];
      const bodySize = r.body_size ?? (r.body_kept === 'whole' ? r.body.length : null);
      const facts = {
        outcome: r.outcome,
        status: r.status,
        reason: r.reason,
        actions,
        notificationCount: r.notification_count,
        callerNames: calls.map((c) => c.displayName),
        bodyKept: r.body_kept,
        bodySize,
        testCallRemoved: r.envelope_id !== null && removedTests.has(r.envelope_id),
      };
      return {
        id: r.id,
        receivedAt: r.received_at,
        envelopeId: r.envelope_id,
        attempt: r.attempt,
        outcome: r.outcome,
        kind: deliveryKind(r.outcome, r.status),
        summary: deliverySummary(facts),
        reason: r.reason,
        signature: r.signature,
        status: r.status,
        notificationCount: r.notification_count,
        actions,
        calls,
        headers: maskedHeaders(headersOf(r.headers), token),
        body: Buffer.from(r.body).toString('utf8'),
        bodySize,
        bodySha256: r.body_sha256,
        bodyKept: r.body_kept,
        reprocessBlocked: deliveryReprocessBlocked(facts),
      };
    });
  }

  /** A page of the answers catch-up kept, newest first. */
  answers(query: { limit?: number; before?: number; outcome?: ApiAnswerView['outcome'] } | undefined): ListApiAnswersResponse {
    const limit = Math.min(Math.max(Math.trunc(query?.limit ?? DEFAULT_DELIVERY_PAGE), 1), 200);
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: limit + 1 };
    if (query?.outcome) {
      where.push('a.outcome = @outcome');
      params.outcome = query.outcome;
    }
    if (query?.before !== undefined) {
      where.push('a.id < @before');
      params.before = query.before;
    }
    // The bodies stay out of a page (an answer can be megabytes): only their sizes; getApiAnswer reads one whole.
    const sql = `SELECT a.*, length(b.body) AS body_size FROM api_answers a JOIN api_bodies b ON b.id = a.body_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT @limit`;
    const rows = this.prepared(sql).all(params) as ApiAnswerRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { answers: this.answerViews(page), nextCursor: more ? page[page.length - 1]!.id : null };
  }

  /** The answer as catch-up received it, for Re-process. */
  keptAnswer(id: number): ApiAnswer | null {
    const row = this.stmt.answer.get(id);
    if (!row) return null;
    return {
      provider: row.provider as ApiAnswer['provider'],
      url: row.url,
      status: row.status,
      receivedAt: Date.parse(row.received_at),
      body: row.body!,
    };
  }

  answer(id: number): ApiAnswerView | null {
    const row = this.stmt.answer.get(id);
    return row ? this.answerViews([row])[0]! : null;
  }

  private answerViews(rows: readonly ApiAnswerRow[]): ApiAnswerView[] {
    const byAnswer = new Map<string | number, number[]>();
    if (rows.length) {
      for (const r of this.stmt.callsOfAnswers.all(JSON.stringify(rows.map((a) => a.id)))) {
        byAnswer.set(r.answer_id, [...(byAnswer.get(r.answer_id) ?? []), r.call_id]);
      }
    }
    const links = this.links(byAnswer);
    return rows.map((r) => {
      const calls = links.get(r.id) ?? [];
      const facts = {
        outcome: r.outcome,
        status: r.status,
        reason: r.reason,
        resultCount: r.result_count,
        callerNames: calls.map((c) => c.displayName),
      };
      return {
        id: r.id,
        receivedAt: r.received_at,
        provider: r.provider,
        url: withoutCredentials(r.url),
        status: r.status,
        outcome: r.outcome,
        summary: apiAnswerSummary(facts),
        reason: r.reason,
        resultCount: r.result_count,
        calls,
        body: r.body ? Buffer.from(r.body).toString('utf8') : '',
        bodyIncluded: r.body !== undefined,
        bodySize: r.body_size,
        reprocessBlocked: apiAnswerReprocessBlocked(facts),
      };
    });
  }
}
