// Finding a page of calls: filters, free-text search over the FTS5 index and keyset cursors. Only ids are
// sorted here; the call store reads the page's rows afterwards.

import type { Statement } from 'better-sqlite3';
import type { ListCallsQuery } from '../../../shared/api';
import { RING_WINDOW_MS } from '../../../shared/calls/ringWindow';
import type { Db } from './db';
import { filterClauses } from './searchFacets';
import { filteredMatch, searchTerms, type Vocabulary } from './searchQuery';
import { indexVocabulary } from './searchVocabulary';

const MAX_LIMIT = 200;

/** How a page of search results is found (see `CallSearch.page`). */
export interface SearchTuning {
  /** A search matching fewer calls than this looks each match up. */
  lookups: number;
  /**
   * A search matching fewer calls (estimated) than this times the calls its walk would look at reads its
   * matches all at once and scans the list for them instead. Measured at a million calls: a match read
   * costs ~0.3 µs, a call scanned for them ~0.2 µs, a call walked over ~0.7 µs (a step reads its calls
   * three times), so reading the matches pays while they are under ~1.5 times the walk.
   */
  scanRatio: number;
  /** Bounds on the calls a walk's step looks at (each next step looks at twice as many as the one before). */
  minWalkStep: number;
  maxWalkStep: number;
}

/** How many of the newest matches a page looks up first, per call it wants: more cost more than a short walk. */
const HELD_PER_CALL = 4;

const SEARCH_TUNING: SearchTuning = { lookups: 1300, scanRatio: 1.5, minWalkStep: 64, maxWalkStep: 64_000 };

/** A place in the list: calls are ordered by (started_ms, id), newest first. */
type Key = { startedMs: number; id: number };

/** Before the newest call: where a page without a cursor starts. */
const TOP: Key = { startedMs: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
/** After the oldest call. */
const BOTTOM: Key = { startedMs: Number.MIN_SAFE_INTEGER, id: 0 };

/** A value bound to a search's statement: a filter's value, a bound of the list, a MATCH expression, a limit. */
type Param = string | number;

/** The calls a page is taken from: those meeting the conditions, below `after` and at or above `floor`. */
interface List {
  where: readonly string[];
  params: readonly Param[];
  /** Some condition reads a column other than the id and the start. */
  readsRow: boolean;
  after: Key;
  floor: Key;
}

function before(a: Key, b: Key): boolean {
  return a.startedMs < b.startedMs || (a.startedMs === b.startedMs && a.id < b.id);
}

export interface PageRow {
  id: number;
  started_ms: number;
}

/** The ids a set of calls spans; null when the set is empty. */
interface IdSpan {
  low: number | null;
  high: number | null;
}

/** How many of the newest matches there are (up to a number), the ids they span, and (JSON) the ids. */
interface NewestMatches extends IdSpan {
  n: number;
  ids: string;
}

/** Statements whose text depends on which filters are set, prepared once per combination. */
class StatementCache<Row> {
  private readonly prepared = new Map<string, Statement<Param[], Row>>();

  constructor(private readonly db: Db) {}

  get(sql: string): Statement<Param[], Row> {
    let s = this.prepared.get(sql);
    if (!s) {
      s = this.db.prepare<Param[], Row>(sql);
      this.prepared.set(sql, s);
    }
    return s;
  }
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
  private readonly vocabulary: Vocabulary;
  private readonly pages: StatementCache<PageRow>;
  private readonly spans: StatementCache<IdSpan>;

  constructor(
    db: Db,
    private readonly tuning: SearchTuning = SEARCH_TUNING,
    /** The clock the ringing filter reads: a Call Start is ringing only within its ring window. */
    private readonly now: () => number = Date.now,
  ) {
    this.pages = new StatementCache(db);
    this.spans = new StatementCache(db);
    this.vocabulary = indexVocabulary(db);
    this.stmt = {
      // Whether any call between two places in the list has an id below a bound; read along calls_by_start.
      olderAbove: db
        .prepare<[number, number, number, number, number], number>(
          `SELECT 1 FROM calls INDEXED BY calls_by_start WHERE (started_ms, id) < (?, ?) AND (started_ms, id) >= (?, ?) AND id < ? LIMIT 1`,
        )
        .pluck(),
      // How many of the newest matches there are, up to a number, the ids they span, and the ids: fewer than the
      // number, they are every match, which a lookup then need not ask the index for again.
      newest: db.prepare<[string, number], NewestMatches>(
        `SELECT count(*) AS n, min(rowid) AS low, max(rowid) AS high, json_group_array(rowid) AS ids
         FROM (SELECT rowid FROM calls_search WHERE calls_search MATCH ? ORDER BY rowid DESC LIMIT ?)`,
      ),
    };
  }

  /** The FTS5 expression for what was typed among the filter's calls, its words written as the index terms they stand for. */
  private matchFor(query: ListCallsQuery): string | null {
    return query.q ? filteredMatch(searchTerms(query.q), filterClauses(query), this.vocabulary) : null;
  }

  /**
   * A page of calls, newest first; only ids are sorted, the page's rows are read afterwards. How a search
   * finds its page depends on how many calls it matches: few (under `lookups`) are each looked up. Else it
   * walks the (filtered) list a step at a time, taking each step's matches from the index within the step's
   * id range (ids grow with arrival, so a step's calls span a narrow one), with steps sized by how densely
   * the newest matches lie; matches too sparse for that are read from the index at once, and the list is
   * scanned in order for them until the page is full.
   */
  page(query: ListCallsQuery, hideTestCalls: boolean): { rows: PageRow[]; nextCursor: string | null } {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), MAX_LIMIT);
    const where: string[] = [];
    const params: Param[] = [];
    if (query.status) {
      where.push(`outcome = ?`);
      params.push(query.status);
    }
    if (query.status === 'ringing') {
      // As shared/calls/ringWindow.ts' callStatusAt reads it: by the ring time, else the start.
      where.push(`coalesce(ring_ms, started_ms) >= ?`);
      params.push(this.now() - RING_WINDOW_MS);
    }
    if (query.adSource) {
      where.push(`ad_source = ?`);
      params.push(query.adSource);
    }
    if (query.adChannel) {
      where.push(`ad_channel = ?`);
      params.push(query.adChannel);
    }
    if (query.hasRecording !== undefined) {
      where.push(`has_recording = ?`);
      params.push(query.hasRecording ? 1 : 0);
    }
    if (query.hasTranscript !== undefined) {
      where.push(`has_transcript = ?`);
      params.push(query.hasTranscript ? 1 : 0);
    }
    const readsRow = where.length > 0;
    // Test calls are few and indexed: leaving them out this way reads no call row.
    if (hideTestCalls) where.push(`id NOT IN (SELECT id FROM calls WHERE is_test = 1)`);
    // The dates and the cursor become one range of (started_ms, id): one lower and one upper bound, the
    // ones SQLite then walks the index between (given two of a kind, it may pick the looser).
    const from = query.from ? ms(query.from) : null;
    const to = query.to ? ms(query.to) : null;
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const upTo = to === null ? TOP : { startedMs: to, id: 0 };
    const list: List = {
      where,
      params,
      readsRow,
      after: cursor && before(cursor, upTo) ? cursor : upTo,
      floor: from === null ? BOTTOM : { startedMs: from, id: 0 },
    };
    // The filters as index terms too: the index then intersects them with the words (./searchFacets.ts).
    const match = this.matchFor(query);
    const rows = match ? this.searchPage(list, match, limit + 1) : this.between(list, list.after, list.floor, null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.started_ms, last.id) : null };
  }

  /** Up to `want` calls of the list matching the search, newest first. */
  private searchPage(list: List, match: string, want: number): PageRow[] {
    const { lookups, scanRatio, minWalkStep, maxWalkStep } = this.tuning;
    // An aggregate: one row, whose span is null when nothing matches.
    const newest = this.stmt.newest.get(match, Math.max(lookups, 1));
    if (!newest || newest.low === null || newest.high === null || newest.n < lookups) return newest?.n ? this.lookUp(list, newest.ids, want) : [];
    // The newest matches by id, read already (every match from the least of them up), hold the page unless a call
    // below that id lies above the page's last call: ids grow with arrival, starts nearly so. Else the walk below.
    const newestIds = (JSON.parse(newest.ids) as number[]).sort((a, b) => b - a).slice(0, HELD_PER_CALL * want);
    const held = this.lookUp(list, JSON.stringify(newestIds), want);
    const last = held[want - 1];
    if (last && !this.stmt.olderAbove.get(list.after.startedMs, list.after.id, last.started_ms, last.id, newestIds.at(-1)!)) return held;
    // How densely the newest matches lie among the calls says how far a walk goes for a page, and roughly
    // how many matches there are in all.
    const density = newest.n / (newest.high - newest.low + 1);
    const walk = want / density;
    if (density * newest.high < scanRatio * walk) return this.between(list, list.after, list.floor, { match, ids: null }, want);
    const next = `SELECT started_ms, id FROM calls ${this.range(list.where, list.floor)} ORDER BY started_ms DESC, id DESC`;
    const found: PageRow[] = [];
    let after = list.after;
    for (let size = Math.ceil(walk * 1.25); ; size *= 2) {
      // The step: the next `size` calls of the list (or the rest of it), down to the last one, `edge`.
      const stepParams = [...this.rangeParams(list.params, after, list.floor), Math.min(Math.max(size, minWalkStep), maxWalkStep)];
      const edge = this.pages.get(`${next} LIMIT 1 OFFSET ? - 1`).get(...stepParams);
      const ids = this.spans.get(`SELECT min(id) AS low, max(id) AS high FROM (${next} LIMIT ?)`).get(...stepParams);
      const until = edge ? { startedMs: edge.started_ms, id: edge.id } : list.floor;
      if (ids && ids.low !== null && ids.high !== null) {
        found.push(...this.between(list, after, until, { match, ids: [ids.low, ids.high] }, want - found.length));
      }
      // Each step moves `after` past the calls it looked at, so the walk ends by the end of the list at the latest.
      if (found.length >= want || !edge) return found;
      after = until;
    }
  }

  /** The list's conditions, its calls below a key and, unless `floor` is BOTTOM, at or above `floor`. */
  private range(where: readonly string[], floor: Key): string {
    return whereClause([...where, `(started_ms, id) < (?, ?)`, ...(floor === BOTTOM ? [] : [`(started_ms, id) >= (?, ?)`])]);
  }

  /** The parameters of `range`: the conditions', then the bounds. */
  private rangeParams(params: readonly Param[], after: Key, floor: Key): Param[] {
    return [...params, after.startedMs, after.id, ...(floor === BOTTOM ? [] : [floor.startedMs, floor.id])];
  }

  /**
   * Up to `want` calls of the list from `after` down to `until` (included), newest first; with `search`,
   * those among its matches (with ids from `ids[0]` to `ids[1]`), read from the index at once.
   */
  private between(list: List, after: Key, until: Key, search: { match: string; ids: [number, number] | null } | null, want: number): PageRow[] {
    const conditions = [...list.where];
    const params = [...list.params];
    if (search) {
      // The unary + keeps SQLite from looking every match up: it scans the list in order and stops when full.
      // FTS5 takes a rowid bound only as an integer (a JavaScript number is bound as a real).
      const ids = search.ids ? ` AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)` : '';
      conditions.push(`+id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?${ids})`);
      params.push(search.match, ...(search.ids ?? []));
    }
    return this.pages
      .get(`SELECT id, started_ms FROM calls ${this.range(conditions, until)} ORDER BY started_ms DESC, id DESC LIMIT ?`)
      .all(...this.rangeParams(params, after, until), want);
  }

  /** Up to `want` calls of the list among a search's few matches (`ids`, JSON), newest first: each is looked up. */
  private lookUp(list: List, ids: string, want: number): PageRow[] {
    // CROSS JOIN: the matches drive (else SQLite may walk a filter's calls for them). Unless a filter needs the row,
    // a match's start is read from the narrow index: by itself SQLite looks the match up by rowid, reading its whole row.
    const by = list.readsRow ? '' : 'INDEXED BY calls_start_by_id';
    return this.pages
      .get(
        `SELECT id, started_ms FROM (SELECT value AS match_id FROM json_each(?)) CROSS JOIN calls ${by} ON calls.id = match_id
       ${this.range(list.where, list.floor)}
       ORDER BY started_ms DESC, id DESC LIMIT ?`,
      )
      .all(...this.rangeParams([ids, ...list.params], list.after, list.floor), want);
  }
}
