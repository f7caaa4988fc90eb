// Finding a page of calls: filters, free-text search over the FTS5 index and keyset cursors. Only ids are
// sorted here; the call store reads the page's rows afterwards.

import type { ListCallsQuery } from '../../../shared/api';
import type { Db } from './db';
import { searchExpression } from './searchQuery';

const MAX_LIMIT = 200;

/** How a page of search results is found (see `CallSearch.page`). */
export interface SearchTuning {
  /** How many of the newest matches are read from the index at first. */
  newestMatches: number;
  /** Up to this many matches, each is looked up; above, the list is scanned in order for them. */
  lookups: number;
  /** Calls looked at per step when walking the list for a term that matches more than `newestMatches`. */
  walkStep: number;
}

/** Steps a walk may take before it finishes with one query over all the term's matches. */
const MAX_WALK_STEPS = 3;

const SEARCH_TUNING: SearchTuning = { newestMatches: 4000, lookups: 1000, walkStep: 2000 };

export interface PageRow {
  id: number;
  started_ms: number;
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

function ms(iso: string): number | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export function encodeCursor(startedMs: number, id: number): string {
  return Buffer.from(`${startedMs}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { startedMs: number; id: number } | null {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? { startedMs: Number(m[1]), id: Number(m[2]) } : null;
}

export class CallSearch {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly tuning: SearchTuning = SEARCH_TUNING,
  ) {
    this.stmt = {
      newestMatches: db.prepare(`SELECT rowid AS id FROM calls_search WHERE calls_search MATCH ? ORDER BY rowid DESC LIMIT ?`),
      matchInRange: db.prepare(`SELECT rowid AS id FROM calls_search WHERE calls_search MATCH ? AND rowid BETWEEN ? AND ?`),
    };
  }

  /**
   * A page of calls, newest first; only ids are sorted, the page's rows are read afterwards. A search first
   * reads the ids of its newest matches from the index (one index query: a prefix term costs as much as all
   * its matches, however few rows are taken). When that is all of them, a handful are looked up one by one,
   * and more are found by scanning the (filtered) list in order until the page is full. A term matching more
   * than that (a common word) walks the list a step at a time, taking each step's matches from those ids
   * while the step lies above the oldest of them, and from the index for the step's id range below it.
   */
  page(query: ListCallsQuery, hideTestCalls: boolean): { rows: PageRow[]; nextCursor: string | null } {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), MAX_LIMIT);
    const where: string[] = [];
    const params: unknown[] = [];
    const from = query.from ? ms(query.from) : null;
    const to = query.to ? ms(query.to) : null;
    if (from !== null) {
      where.push(`started_ms >= ?`);
      params.push(from);
    }
    if (to !== null) {
      where.push(`started_ms < ?`);
      params.push(to);
    }
    if (query.status) {
      where.push(`outcome = ?`);
      params.push(query.status);
    }
    if (query.adSource) {
      where.push(`ad_source = ?`);
      params.push(query.adSource);
    }
    if (query.hasRecording !== undefined) {
      where.push(`has_recording = ?`);
      params.push(query.hasRecording ? 1 : 0);
    }
    if (query.hasTranscript !== undefined) {
      where.push(`has_transcript = ?`);
      params.push(query.hasTranscript ? 1 : 0);
    }
    if (hideTestCalls) where.push(`is_test = 0`);
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const match = query.q ? searchExpression(query.q) : null;

    let rows: PageRow[];
    const { newestMatches, lookups } = this.tuning;
    const newest = match ? (this.stmt.newestMatches.all(match, newestMatches) as { id: number }[]).map((r) => r.id) : [];
    if (match && newest.length >= newestMatches) {
      rows = this.walkMatches(match, newest, where, params, cursor, limit + 1);
    } else {
      if (match) {
        // The unary + keeps SQLite from looking every match up: it scans the list in order and stops when full.
        where.push(`${newest.length <= lookups ? 'id' : '+id'} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(newest));
      }
      if (cursor) {
        where.push(`(started_ms, id) < (?, ?)`);
        params.push(cursor.startedMs, cursor.id);
      }
      rows = this.db.prepare(`SELECT id, started_ms FROM calls ${whereClause(where)} ORDER BY started_ms DESC, id DESC LIMIT ?`).all(...params, limit + 1) as PageRow[];
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.started_ms, last.id) : null };
  }

  /** Up to `want` calls matching a frequent search and the filters, newest first, after `cursor`. */
  private walkMatches(
    match: string,
    newest: readonly number[],
    where: string[],
    params: unknown[],
    cursor: { startedMs: number; id: number } | null,
    want: number,
  ): PageRow[] {
    const step = this.db.prepare(
      `SELECT id, started_ms FROM calls ${whereClause([...where, `(started_ms, id) < (?, ?)`])} ORDER BY started_ms DESC, id DESC LIMIT ${this.tuning.walkStep}`,
    );
    // Every match with an id at or above the oldest of the newest matches is among them.
    const known = new Set(newest);
    const floor = newest[newest.length - 1] ?? Infinity;
    const found: PageRow[] = [];
    let after = cursor ?? { startedMs: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
    // Each step moves `after` past the calls it looked at, so the walk ends by the end of the list at the latest.
    for (let steps = 0; ; steps++) {
      if (steps === MAX_WALK_STEPS) {
        // Filters that leave few matches would make the walk cross the whole list (a common word + "missed"
        // took 13 s at a million calls): finish with one bounded query that reads every match once instead.
        const rest = this.db
          .prepare(
            `SELECT id, started_ms FROM calls ${whereClause([...where, `(started_ms, id) < (?, ?)`, `id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?)`])}
             ORDER BY started_ms DESC, id DESC LIMIT ?`,
          )
          .all(...params, after.startedMs, after.id, match, want - found.length) as PageRow[];
        return found.concat(rest);
      }
      const calls = step.all(...params, after.startedMs, after.id) as PageRow[];
      if (calls.length === 0) return found;
      let low = Infinity;
      let high = -Infinity;
      for (const c of calls) {
        low = Math.min(low, c.id);
        high = Math.max(high, c.id);
      }
      // Ids grow with arrival, so a step's calls span a narrow id range the index answers directly.
      const hits = low >= floor ? known : new Set((this.stmt.matchInRange.all(match, low, high) as { id: number }[]).map((h) => h.id));
      for (const c of calls) {
        if (!hits.has(c.id)) continue;
        found.push(c);
        if (found.length === want) return found;
      }
      const last = calls[calls.length - 1]!;
      if (calls.length < this.tuning.walkStep) return found;
      after = { startedMs: last.started_ms, id: last.id };
    }
  }
}
