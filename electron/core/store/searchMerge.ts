// Merging the search index's segments a bounded step at a time. FTS5 writes a segment per commit and merges
// them inside later commits: automerge merges (64 × levels) pages whenever 64 new ones have been written,
// crisismerge a whole level at once when it holds 16. At a million calls re-indexed in ~55,000 slices that
// put hundreds of milliseconds into a slice, so while the calls are indexed again automerge is off and
// these steps ('merge', N pages: https://sqlite.org/fts5.html#the_merge_command) do that work instead.
// FTS5 stops a step only between terms, so one term's list (a filter term is in most calls) is merged whole.

import type { Db } from './db';
import { nextSliceSize } from './backgroundSlices';

/** FTS5's own automerge setting, which the index goes back to once it is merged. */
export const DEFAULT_AUTOMERGE = 4;
/** Pages the first step writes; the next ones are sized to the budget by the pace of the last. */
const FIRST_STEP_PAGES = 16;
/**
 * Pages a step writes at most: a page costs from ~0.05 ms (a short list) to several (a filter term's), so a
 * pace taken on cheap pages must not size a step that reaches expensive ones.
 */
export const MAX_STEP_PAGES = 128;

/** The index's automerge setting as stored (FTS5's default when it was never set). */
export function automergeOf(db: Db): number {
  const stored = db.prepare<[], number>(`SELECT v FROM calls_search_config WHERE k = 'automerge'`).pluck().get();
  return stored ?? DEFAULT_AUTOMERGE;
}

/** Sets the index's automerge (0: off); stored with the index, so every connection and a restart see it. */
export function setAutomerge(db: Db, segments: number): void {
  db.prepare(`INSERT INTO calls_search (calls_search, rank) VALUES ('automerge', CAST(? AS INTEGER))`).run(segments);
}

/** An SQLite varint at `at` in `data`: its value and the bytes it took. */
function varint(data: Buffer, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = data[at + i]!;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) return [value, i + 1];
  }
  return [value * 256 + data[at + 8]!, 9];
}

/**
 * The segments on each level of the index and the pages they hold, from its structure record (%_data row 10,
 * as fts5_index.c's fts5StructureDecode reads it): a term's list is read from every segment.
 */
export function indexLevels(db: Db): { levels: number[]; pages: number } {
  const data = db.prepare<[], Buffer>(`SELECT block FROM calls_search_data WHERE id = 10`).pluck().get();
  if (!data) return { levels: [], pages: 0 };
  // A 4-byte cookie, then "\xFF\x00\x00\x01" in the form that holds each segment's origins and tombstones.
  const v2 = data.readUInt32BE(4) === 0xff000001;
  let at = v2 ? 8 : 4;
  const read = () => {
    const [value, size] = varint(data, at);
    at += size;
    return value;
  };
  const levelCount = read();
  read(); // segments in all
  read(); // write counter
  const levels: number[] = [];
  let pages = 0;
  for (let l = 0; l < levelCount; l++) {
    read(); // segments being merged into the next level
    const segments = read();
    levels.push(segments);
    for (let s = 0; s < segments; s++) {
      read(); // segment id
      const first = read();
      pages += read() - first + 1;
      if (v2) for (let k = 0; k < 5; k++) read(); // origins, tombstone pages and entries, entries
    }
  }
  return { levels, pages };
}

/** Pages the next step writes: as many as the last one's pace fits in the budget, never past the cap. */
export function nextMergePages(pages: number, elapsedMs: number, budgetMs: number): number {
  return Math.min(MAX_STEP_PAGES, nextSliceSize(pages, elapsedMs, budgetMs));
}

export class SearchMerge {
  private readonly merge;
  private readonly changes;
  private pages = FIRST_STEP_PAGES;
  /** Whether a merge of every segment into one was started (by this object: a restart starts it again). */
  private towardsOne = false;

  constructor(private readonly db: Db) {
    this.merge = db.prepare<[number]>(`INSERT INTO calls_search (calls_search, rank) VALUES ('merge', CAST(? AS INTEGER))`);
    this.changes = db.prepare<[], number>(`SELECT total_changes()`).pluck();
  }

  /**
   * Merges about `budgetMs` of pages, in the caller's transaction: segments of a level holding at least four
   * (FTS5's usermerge), or the merge already under way. Returns whether it merged anything (false: nothing
   * left to merge).
   */
  step(budgetMs: number): boolean {
    return this.run(this.pages, budgetMs);
  }

  /**
   * Like `step`, but towards one segment: the first step puts every segment on one level and starts their merge
   * ('merge' with a negative count), the next ones go on with it. Returns whether it merged anything.
   */
  stepToOne(budgetMs: number): boolean {
    const merged = this.run(this.towardsOne ? this.pages : -this.pages, budgetMs);
    this.towardsOne = true;
    return merged;
  }

  private run(pages: number, budgetMs: number): boolean {
    const before = this.changes.get()!;
    const started = performance.now();
    this.merge.run(pages);
    // FTS5 writes at least the structure and a page when a merge did any work: fewer changes, it did none.
    const merged = this.changes.get()! - before >= 2;
    if (merged) this.pages = nextMergePages(Math.abs(pages), performance.now() - started, budgetMs);
    return merged;
  }
}
