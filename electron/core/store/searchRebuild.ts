// Indexing the calls again after migrations 13 and 14 changed what the search index holds, in the background
// after start (./backgroundSlices.ts): newest calls first, as a receptionist searches recent calls, a slice per
// transaction, the progress kept with each slice so a start cut short goes on where it stopped. Live ingest
// indexes new and changed calls meanwhile; a call is indexed again from its row as it is now, its search row
// replaced, so it is never found twice nor by what it said before. Each slice gives half its budget to merging
// the index's segments (./searchMerge.ts: automerge is off meanwhile), then every segment is merged into one a
// slice at a time, automerge back on (a word with a filter that matches none walks both lists in every
// segment); then the terms in many calls are remembered.

import type { Statement } from 'better-sqlite3';
import type { FoldedCall } from '../../../shared/domain';
import { nextSliceSize, SLICE_MS, type BackgroundTask } from './backgroundSlices';
import type { Db } from './db';
import { DEFAULT_AUTOMERGE, SearchMerge, setAutomerge } from './searchMerge';
import { HEAVY_TERM_CALLS } from './searchVocabulary';
import { INSERT_SEARCH_SQL, KNOWN_NAMES_SQL, searchRow, type KnownNames, type KnownNamesOf, type SearchParams } from './rows';

/** The setting migrations 13 and 14 leave: every call below this id is left to index again, until none is. */
export const SEARCH_REBUILD_FLAG = 'searchRebuildBelow';
/**
 * The setting the first forms of migration 13 left (never released): the ascending rebuild's last id done
 * ('0' before the first), then the descending one's lowest. Its value cannot say which, so the rebuild starts
 * over from the newest call: a call indexed again has its row replaced, never doubled.
 */
export const EARLIER_REBUILD_FLAG = 'searchToRebuild';
/** Calls in the first slice; the next ones are sized to the budget by the pace of the last. */
const FIRST_SLICE = 64;

interface CallToIndex {
  id: number;
  started_ms: number;
  data: string;
}

export class SearchRebuild {
  private readonly stmt;
  private readonly indexSlice: (below: number, count: number, deadline: number) => number | null;
  private readonly mergeSlice: (budgetMs: number) => boolean;
  private readonly merge: SearchMerge;
  private readonly termsSlice: (after: string, deadline: number) => string | null;
  private listTerms: Statement<[string], { term: string; doc: number }> | null = null;
  private sliceSize = FIRST_SLICE;
  /** What the last slice spent indexing its calls (the rest of it merged). */
  private indexMs = 0;
  private phase: 'index' | 'merge' | 'terms' = 'index';
  /** Whether this rebuild has turned automerge off (again, after a restart). */
  private automergeOff = false;
  /** The last term read of the vocabulary once every call is indexed ('' before the first), else null. */
  private termsAfter: string | null = null;

  constructor(private readonly db: Db) {
    this.stmt = {
      flag: db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck(),
      progress: db.prepare<[string, string]>(`UPDATE settings SET value = ? WHERE key = ?`),
      done: db.prepare<[string]>(`DELETE FROM settings WHERE key = ?`),
      calls: db.prepare<[number, number], CallToIndex>(`SELECT id, started_ms, data FROM calls WHERE id < ? ORDER BY id DESC LIMIT ?`),
      known: db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL),
      remove: db.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`),
      insert: db.prepare<SearchParams>(INSERT_SEARCH_SQL),
      heavy: db.prepare<[string]>(`INSERT OR IGNORE INTO search_heavy_terms (term) VALUES (?)`),
    };
    if (this.stmt.flag.get(EARLIER_REBUILD_FLAG) !== undefined) this.startOver();
    this.merge = new SearchMerge(db);
    this.indexSlice = db.transaction((below: number, count: number, deadline: number): number | null => {
      // Off until the index is merged (./searchMerge.ts): this slice and the next leave their segments to the merge steps.
      if (!this.automergeOff) setAutomerge(db, 0);
      this.automergeOff = true;
      // Read newest first, written oldest first: FTS5 writes its pending rows out whenever a rowid comes
      // below the last one written, so descending ids would write a segment per call.
      const started = performance.now();
      const rows = this.stmt.calls.all(below, count).reverse();
      for (const row of rows) this.index(row);
      this.indexMs = performance.now() - started;
      const lowest = rows[0]?.id;
      if (lowest === undefined) return null;
      this.stmt.progress.run(String(lowest), SEARCH_REBUILD_FLAG);
      // The rest of the slice merges, the slice's own segment among them, as automerge would have in its commit.
      const left = deadline - performance.now();
      if (left > 0) this.merge.step(left);
      return lowest;
    });
    this.mergeSlice = db.transaction((budgetMs: number): boolean => {
      const merged = this.merge.stepToOne(budgetMs);
      // One segment: new ones are merged in their commits again.
      if (!merged) setAutomerge(db, DEFAULT_AUTOMERGE);
      return merged;
    });
    this.termsSlice = db.transaction((after: string, deadline: number): string | null => {
      // One read of the vocabulary per slice, the budget looked at after each term (the heavy ones written
      // after it: nothing else may run on the connection while it reads).
      const heavy: string[] = [];
      let last: string | null = null;
      for (const t of this.listTerms!.iterate(after)) {
        if (t.doc >= HEAVY_TERM_CALLS) heavy.push(t.term);
        last = t.term;
        if (performance.now() >= deadline) break;
      }
      for (const term of heavy) this.stmt.heavy.run(term);
      if (last === null) this.stmt.done.run(SEARCH_REBUILD_FLAG);
      return last;
    });
  }

  /** Leaves every call to index again, in place of an earlier rebuild's progress. */
  private startOver(): void {
    this.db.transaction(() => {
      this.db
        .prepare<[string]>(`INSERT OR REPLACE INTO settings (key, value) SELECT ?, max(id) + 1 FROM calls HAVING max(id) IS NOT NULL`)
        .run(SEARCH_REBUILD_FLAG);
      this.stmt.done.run(EARLIER_REBUILD_FLAG);
    })();
  }

  /** Whether calls are left to index again (or the terms in many calls to remember). */
  pending(): boolean {
    return this.stmt.flag.get(SEARCH_REBUILD_FLAG) !== undefined;
  }

  /** Indexes calls (or reads terms) for about `budgetMs`, in one transaction; returns whether any are left. */
  step(budgetMs = SLICE_MS): boolean {
    if (this.db.inTransaction) throw new Error('The search rebuild must not run inside another write');
    const below = this.stmt.flag.get(SEARCH_REBUILD_FLAG);
    if (below === undefined) return false;
    const started = performance.now();
    if (this.phase === 'index') {
      const count = this.sliceSize;
      // Half the budget indexes, the rest merges.
      if (this.indexSlice(Number(below), count, started + budgetMs) !== null) {
        this.sliceSize = nextSliceSize(count, this.indexMs, budgetMs / 2);
        return true;
      }
      this.phase = 'merge';
    }
    if (this.phase === 'merge') {
      // Every call is indexed: the segments the slices left are merged into one, a step a slice.
      if (this.mergeSlice(budgetMs)) return true;
      this.phase = 'terms';
    }
    if (this.termsAfter === null) {
      // The vocabulary is read once, in slices (a table of this connection only).
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.calls_search_terms USING fts5vocab(main, calls_search, row)`);
      this.listTerms = this.db.prepare(`SELECT term, doc FROM temp.calls_search_terms WHERE term > ?`);
      this.termsAfter = '';
    }
    this.termsAfter = this.termsSlice(this.termsAfter, started + budgetMs);
    return this.termsAfter !== null;
  }

  /** Indexes one call again as it is stored now, replacing any row live ingest wrote for it. */
  private index(row: CallToIndex): void {
    const call = JSON.parse(row.data) as FoldedCall;
    const names = call.callerNumber ? (this.stmt.known.get({ number: call.callerNumber, startedMs: row.started_ms }) ?? null) : null;
    this.stmt.remove.run(row.id);
    this.stmt.insert.run(row.id, ...searchRow(call, names));
  }
}

/** The re-index after migrations 13 and 14 as background work (./backgroundSlices.ts), until done. */
export function searchRebuildTask(db: Db): BackgroundTask {
  const rebuild = new SearchRebuild(db);
  return { name: 'Indexing the stored calls for search', pending: () => rebuild.pending(), step: () => rebuild.step() };
}
