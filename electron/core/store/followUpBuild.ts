// Building the call-back entries of a history stored before they existed (migration 9's flag, or a bulk
// import) after start rather than before the store answers (./backgroundSlices.ts): the callers' numbers in
// order, a slice of them at a time, each slice reading the calls, marks and entries of its range of numbers in
// one ordered pass and keeping its progress with its rows. Live ingest recomputes its own callers meanwhile
// (./followUps.ts), so a number met again here is left as it is. The build's rewrites are not pushed as
// changes (that would send a window the whole history); its end is, once (`onBuilt`).

import type { CallOfNumber, FollowUpMark } from '../../../shared/callBacks/followUps';
import { nextSliceSize, SLICE_MS, type BackgroundTask } from './backgroundSlices';
import type { Db } from './db';
import { BUILD_FLAG, callOfRow, FollowUps, markOfRow, type FollowUpRow, type MarkRow } from './followUps';

/** The build's progress: every number up to this one (in SQLite's text order) is built. */
export const BUILT_THROUGH = 'followUpsBuiltThrough';
/** Numbers in the first slice; the next ones are sized to the budget by the pace of the last. */
const FIRST_SLICE = 32;

type Numbered<T> = T & { caller_number: string };

/** Rows of a range of numbers, grouped by number. */
function byNumber<T>(rows: Numbered<T>[]): Map<string, Numbered<T>[]> {
  const groups = new Map<string, Numbered<T>[]>();
  for (const row of rows) {
    const group = groups.get(row.caller_number);
    if (group) group.push(row);
    else groups.set(row.caller_number, [row]);
  }
  return groups;
}

export class FollowUpBuild {
  private readonly stmt;
  private readonly slice: (after: string | null, count: number) => boolean;
  private sliceSize = FIRST_SLICE;

  constructor(
    db: Db,
    private readonly followUps: FollowUps,
    private readonly onBuilt: () => void = () => {},
  ) {
    // The numbers with a missed call or a voicemail (the only ones that can have entries), in order, read
    // along calls_outcome_by_caller alone; the same index gives a range's calls in one pass.
    const numbersWhere = `outcome IN ('missed', 'voicemail') ORDER BY caller_number LIMIT ?`;
    this.stmt = {
      setting: db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck(),
      firstNumbers: db
        .prepare<[number], string>(
          `SELECT DISTINCT caller_number FROM calls INDEXED BY calls_outcome_by_caller WHERE caller_number IS NOT NULL AND ${numbersWhere}`,
        )
        .pluck(),
      nextNumbers: db
        .prepare<[string, number], string>(
          `SELECT DISTINCT caller_number FROM calls INDEXED BY calls_outcome_by_caller WHERE caller_number > ? AND ${numbersWhere}`,
        )
        .pluck(),
      calls: db.prepare<[string, string], Numbered<{ id: number; started_ms: number; outcome: string | null }>>(
        `SELECT caller_number, id, started_ms, outcome FROM calls INDEXED BY calls_outcome_by_caller WHERE caller_number BETWEEN ? AND ?`,
      ),
      marks: db.prepare<[string, string], Numbered<MarkRow>>(
        `SELECT caller_number, at_ms, call_id, state, by, note FROM follow_up_marks WHERE caller_number BETWEEN ? AND ?`,
      ),
      entries: db.prepare<[string, string], FollowUpRow>(`SELECT * FROM follow_ups WHERE caller_number BETWEEN ? AND ?`),
      progress: db.prepare<[string, string]>(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`),
      done: db.prepare<[string, string]>(`DELETE FROM settings WHERE key IN (?, ?)`),
    };
    this.slice = db.transaction((after: string | null, count: number): boolean => {
      const numbers = after === null ? this.stmt.firstNumbers.all(count) : this.stmt.nextNumbers.all(after, count);
      const [first, last] = [numbers[0], numbers[numbers.length - 1]];
      if (first === undefined || last === undefined) {
        this.stmt.done.run(BUILD_FLAG, BUILT_THROUGH);
        return false;
      }
      this.build(numbers, first, last);
      this.stmt.progress.run(BUILT_THROUGH, last);
      return true;
    });
  }

  /** Whether entries are left to build. */
  pending(): boolean {
    return this.followUps.building();
  }

  /** Builds the entries of as many numbers as fit in about `budgetMs`, in one transaction; returns whether any are left. */
  step(budgetMs = SLICE_MS): boolean {
    if (!this.pending()) return false;
    const started = performance.now();
    const count = this.sliceSize;
    const more = this.slice(this.stmt.setting.get(BUILT_THROUGH) ?? null, count);
    if (!more) {
      this.onBuilt();
      return false;
    }
    this.sliceSize = nextSliceSize(count, performance.now() - started, budgetMs);
    return true;
  }

  /** The entries of these numbers (in order, `first` to `last`), from their calls, marks and stored entries. */
  private build(numbers: readonly string[], first: string, last: string): void {
    const calls = byNumber(this.stmt.calls.all(first, last));
    const marks = byNumber(this.stmt.marks.all(first, last));
    const entries = byNumber(this.stmt.entries.all(first, last));
    for (const number of numbers) {
      const ofNumber: CallOfNumber[] = (calls.get(number) ?? []).map(callOfRow);
      const marked: FollowUpMark[] = (marks.get(number) ?? []).map(markOfRow);
      this.followUps.settle(number, ofNumber, marked, entries.get(number) ?? [], false);
    }
  }
}

/** The build as background work (./backgroundSlices.ts), until done; `onBuilt` hears its end. */
export function followUpBuildTask(db: Db, followUps: FollowUps, onBuilt: () => void): BackgroundTask {
  const build = new FollowUpBuild(db, followUps, onBuilt);
  return { name: 'Counting the call-backs of the stored history', pending: () => build.pending(), step: () => build.step() };
}

/** Builds every number's entries now, with no budget: a history generated in bulk, before anything reads it. */
export function buildFollowUpsNow(db: Db): void {
  const build = new FollowUpBuild(db, new FollowUps(db, () => new Map()));
  while (build.step(Number.POSITIVE_INFINITY));
}
