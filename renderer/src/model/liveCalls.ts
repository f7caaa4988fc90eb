// Live updates into a loaded, filtered, newest-first list: decide whether a streamed call belongs to the
// list and where, without asking the server again.

import type { ListCallsQuery } from '../../../shared/api';
import { callOutcome } from '../../../shared/calls/outcome';
import type { Call } from '../../../shared/domain';

const NUMBER_LIKE = /^[\d()+\-.]+$/;

function startMs(call: Call): number {
  const t = call.startedAt ? Date.parse(call.startedAt) : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Newest first, then highest id: the server's order. */
export function compareCalls(a: Call, b: Call): number {
  return startMs(b) - startMs(a) || b.id - a.id;
}

function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The search the server does (word prefixes; digits anywhere in the caller's number), for one call. */
export function textMatches(call: Call, q: string): boolean {
  const haystack = words([call.callerName, call.callerCity, call.callerState, call.adSource, call.transcript].filter(Boolean).join(' '));
  const number = call.callerNumber ?? '';
  return q
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => {
      const digits = term.replace(/\D/g, '');
      if (NUMBER_LIKE.test(term) && digits) return number.includes(digits);
      const wanted = words(term);
      return wanted.length === 0 || wanted.every((w) => haystack.some((h) => h.startsWith(w)));
    });
}

export function callMatches(call: Call, query: ListCallsQuery): boolean {
  const t = startMs(call);
  if (query.from && t < Date.parse(query.from)) return false;
  if (query.to && t >= Date.parse(query.to)) return false;
  if (query.status && callOutcome(call) !== query.status) return false;
  if (query.adSource && call.adSource !== query.adSource) return false;
  if (query.hasRecording !== undefined && Boolean(call.recordingUrl) !== query.hasRecording) return false;
  if (query.hasTranscript !== undefined && Boolean(call.transcript) !== query.hasTranscript) return false;
  return query.q ? textMatches(call, query.q) : true;
}

/**
 * The list after a streamed call: a known call is updated (and re-sorted if its start moved); a new one
 * that matches is inserted in order, unless it sorts past the loaded rows while more pages remain (it will
 * come with those pages). A known call that stops matching stays, so rows never vanish under the cursor.
 */
export function mergeLiveCall(rows: readonly Call[], call: Call, query: ListCallsQuery, complete: boolean): Call[] {
  const index = rows.findIndex((r) => r.id === call.id);
  if (index === -1 && !callMatches(call, query)) return rows as Call[];
  const rest = index === -1 ? [...rows] : rows.filter((r) => r.id !== call.id);
  let at = rest.findIndex((r) => compareCalls(call, r) < 0);
  if (at === -1) {
    if (!complete && index === -1) return rows as Call[];
    at = rest.length;
  }
  rest.splice(at, 0, call);
  return rest;
}

/** Several streamed calls, in the order they came, merged into the list one after the other. */
export function foldLiveCalls(rows: readonly Call[], calls: readonly Call[], query: ListCallsQuery, complete: boolean): Call[] {
  return calls.reduce<Call[]>((list, call) => mergeLiveCall(list, call, query, complete), rows as Call[]);
}

/**
 * The calls streamed lately, so a page that was on its way while they came can be brought up to date: the
 * server may have read the page before it stored them. A page takes milliseconds and a busy office gets a
 * call a minute, so the newest `capacity` changes are far more than any page can miss (and a few hundred
 * calls, transcripts included, are little to keep).
 */
export class LiveCallLog {
  private calls: Call[] = [];
  /** How many calls were ever added: the position of the next one. */
  private added = 0;

  constructor(private readonly capacity = 200) {}

  add(call: Call): void {
    this.calls.push(call);
    this.added++;
    if (this.calls.length > this.capacity * 2) this.calls = this.calls.slice(-this.capacity);
  }

  /** Where the log is now: pass it to `since` when the page arrives. */
  mark(): number {
    return this.added;
  }

  /** The calls added after `mark`, oldest first (at most the newest `capacity`). */
  since(mark: number): Call[] {
    const count = Math.min(this.added - mark, this.capacity, this.calls.length);
    return count > 0 ? this.calls.slice(-count) : [];
  }
}
