// What a person typed into the deliveries inspector's search, read as a delivery id, an envelope id, or calls by
// number or name; and the SQL of a page of deliveries, as cheap for a search that
// matches most calls as for one that matches a few.

import type { DeliveryKind } from '../../../shared/contract/schemas';
import { REFUSED_STATUSES } from '../../../shared/deliveries/words';
import { matchExpression, searchTerms } from './searchQuery';

/**
 * A search that matches few calls gathers their deliveries through the events' index, then sorts them; one that
 * matches many ("905" in a 905 office) walks the deliveries newest first and stops at a page, each delivery
 * asking whether its envelope reached a matching call (the matching calls are listed once): no page reads
 * every match, and no narrow search walks every delivery.
 */
export const NARROW_CALLS_MATCH = `d.envelope_id IN (SELECT e.envelope_id FROM events e
  WHERE e.call_id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH @match))`;
export const BROAD_CALLS_MATCH = `d.envelope_id IS NOT NULL AND EXISTS (SELECT 1 FROM events e WHERE e.envelope_id = d.envelope_id
  AND e.call_id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH @match))`;

/**
 * Matching more calls than this, a search walks the deliveries. Gathering costs about the matches M, walking about
 * the calls N over M (a page of 50 among them); measured at 100,000 calls (16 µs a match gathered, 4 µs a
 * delivery walked), they cost the same near M = √(16 N).
 */
export function broadSearchCalls(calls: number): number {
  return Math.max(500, Math.ceil(Math.sqrt(16 * calls)));
}

/** A delivery's own id as typed: "#123" or "123". */
const DELIVERY_ID = /^#?(\d{1,15})$/;
/** An envelope's id as typed: one token of letters, digits and dashes that holds a digit (a GUID, 32 hex). */
const ENVELOPE_ID = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_:.{}-]{3,127}$/;
/** A phone number, typed any way: digits with spaces, dashes, dots, brackets and a plus. */
const NUMBER_TYPED = /^[\d\s()+\-.]+$/;

/** What `q` asks for: a delivery id, an envelope id, calls by number or by name (any of them may be absent). */
export interface DeliverySearch {
  id: number | null;
  envelopeId: string | null;
  /** An FTS5 MATCH expression over the calls' search rows, or null. */
  callsMatch: string | null;
}

/** The digits of a number as stored (no country code): "+1 905 580 2958" and "19055802958" → "9055802958". */
export function numberDigits(typed: string): string {
  const digits = typed.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return digits.slice(1);
  // "+1 905 …" typed in part: the 1 is the country code when a separator follows it.
  if (/^\s*\+?1[\s(.-]/.test(typed) && digits.length > 3) return digits.slice(1);
  return digits;
}

/** Reads what a person typed into the inspector's search (see listDeliveriesQuery in shared/contract/schemas.ts). */
export function deliverySearch(q: string): DeliverySearch {
  const typed = q.trim();
  const byId = DELIVERY_ID.exec(typed);
  const id = byId ? Number(byId[1]) : null;
  // "#123" asks for a delivery, nothing else.
  if (typed.startsWith('#')) return { id, envelopeId: null, callsMatch: null };
  const envelopeId = ENVELOPE_ID.test(typed) ? typed : null;
  let callsMatch: string | null = null;
  if (NUMBER_TYPED.test(typed)) {
    const digits = numberDigits(typed);
    if (digits.length >= 3) callsMatch = matchExpression([{ column: 'number', digits }]);
  } else if (!envelopeId || /[a-z]{2}/i.test(typed)) {
    // Every word must match (AND), in the caller's names (the calls' search row names its caller by every name
    // it is shown by, contacts included); digits in a name or the number ("Room 12").
    const terms = searchTerms(typed).map((t) =>
      t.column === 'text' ? `name : "${t.words.replace(/"/g, '""')}"*` : `{name number} : "${t.digits}"*`,
    );
    callsMatch = terms.length ? terms.join(' AND ') : null;
  }
  return { id, envelopeId, callsMatch };
}

const REFUSED = `(${REFUSED_STATUSES.join(', ')})`;

/**
 * Each kind as a condition on the deliveries indexes of migration 11: (outcome, id), pages by id within it.
 * `drives: false` ("+" leaves the column unindexed) for a narrow search: walking a kind checking the search on
 * every row read 300,000 deliveries for one number; its few matches are gathered first, then kept by kind.
 */
function kindCondition(kind: DeliveryKind, drives: boolean): string {
  const outcome = drives ? 'd.outcome' : '+d.outcome';
  if (kind === 'refused') return `${outcome} = 'rejected' AND d.status IN ${REFUSED}`;
  if (kind === 'rejected') return `${outcome} = 'rejected' AND d.status NOT IN ${REFUSED}`;
  return `${outcome} = '${kind}'`;
}

export interface DeliveryPageFilter {
  /** Already held to 1–500. */
  limit: number;
  before?: number;
  kind?: DeliveryKind;
  q?: string;
}

/**
 * The SELECT of a page of deliveries, newest first, one more than the page (to tell whether another follows).
 * `broad`: whether a calls search matches so many calls that walking the deliveries is cheaper (see above).
 */
export function deliveryPageSql(
  filter: DeliveryPageFilter,
  broad: (match: string) => boolean,
): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: filter.limit + 1 };
  // Only a walk (no search, or a broad one) is driven by the kind's index.
  let walks = true;
  if (filter.before !== undefined) {
    where.push('d.id < @before');
    params.before = filter.before;
  }
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const search = deliverySearch(filter.q);
    const any: string[] = [];
    walks = false;
    if (search.id !== null) {
      any.push('d.id = @id');
      params.id = search.id;
    }
    if (search.envelopeId !== null) {
      any.push('d.envelope_id = @envelopeId');
      params.envelopeId = search.envelopeId;
    }
    if (search.callsMatch !== null) {
      walks = broad(search.callsMatch);
      any.push(walks ? BROAD_CALLS_MATCH : NARROW_CALLS_MATCH);
      params.match = search.callsMatch;
    }
    // Nothing searchable was typed ("--"): nothing matches.
    where.push(any.length ? `(${any.join(' OR ')})` : '0');
  }
  if (filter.kind) where.unshift(kindCondition(filter.kind, walks));
  const sql = `SELECT d.* FROM deliveries d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id DESC LIMIT @limit`;
  return { sql, params };
}
