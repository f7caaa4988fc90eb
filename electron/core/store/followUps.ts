// The call-back entries as stored: each number's entries are recomputed from its calls and marks by the pure
// rule (shared/callBacks/followUps.ts) in the transaction that changed them, and only the entries that differ
// are rewritten. What changed is gathered until the core takes it to push (`takeChanges`).

import type { FollowUp, FollowUpReason, FollowUpResolution, FollowUpState } from '../../../shared/domain';
import { followUpEntries, type CallBackOutcome, type CallOfNumber, type FollowUpEntry, type FollowUpMark } from '../../../shared/callBacks/followUps';
import type { Db } from './db';

/** A row of follow_ups, with the name its latest call is shown by filled in by the caller of `view`. */
export interface FollowUpRow {
  id: number;
  caller_number: string;
  state: FollowUpState;
  reason: FollowUpReason;
  calls: number;
  last_call_ms: number;
  last_call_id: number;
  call_ids: string;
  done_ms: number | null;
  done_by: string | null;
  resolution: FollowUpResolution | null;
  note: string | null;
  reached_call_id: number | null;
}

export interface MarkRow {
  at_ms: number;
  call_id: number;
  state: FollowUpState;
  by: string;
  note: string | null;
}

/** The most entries a list answers. */
export const FOLLOW_UPS_LISTED = 500;
/** The setting that asks for every number's entries to be built after start (an upgraded or bulk-imported history). */
export const BUILD_FLAG = 'followUpsToBuild';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function outcomeOf(column: string | null): CallBackOutcome {
  return column === 'answered' || column === 'missed' || column === 'voicemail' ? column : null;
}

/** A call as the rule reads it, from its row's columns. */
export function callOfRow(c: { id: number; started_ms: number; outcome: string | null }): CallOfNumber {
  return { id: c.id, startedMs: c.started_ms, outcome: outcomeOf(c.outcome) };
}

export function markOfRow(m: MarkRow): FollowUpMark {
  return { at: m.at_ms, callId: m.call_id, state: m.state, by: m.by, note: m.note };
}

function rowOf(number: string, e: FollowUpEntry): FollowUpRow {
  return {
    id: e.id,
    caller_number: number,
    state: e.state,
    reason: e.reason,
    calls: e.callIds.length,
    last_call_ms: e.lastCallMs,
    last_call_id: e.lastCallId,
    call_ids: JSON.stringify(e.callIds),
    done_ms: e.doneMs,
    done_by: e.doneBy,
    resolution: e.resolution,
    note: e.note,
    reached_call_id: e.reachedCallId,
  };
}

const sameRow = (a: FollowUpRow, b: FollowUpRow) => (Object.keys(a) as (keyof FollowUpRow)[]).every((k) => a[k] === b[k]);

/** What changed since the core last pushed: the entries (by id, as they now stand) and the calls whose state moved. */
export interface FollowUpChanges {
  entryIds: number[];
  callIds: number[];
}

export class FollowUps {
  private readonly stmt;
  private readonly changedEntries = new Set<number>();
  private readonly changedCalls = new Set<number>();

  constructor(
    private readonly db: Db,
    /** The name each call is shown by (the read model's), for an entry's displayName. */
    private readonly displayNames: (callIds: number[]) => Map<number, string>,
  ) {
    this.stmt = {
      callsOfNumber: db.prepare<[string], { id: number; started_ms: number; outcome: string | null }>(
        `SELECT id, started_ms, outcome FROM calls WHERE caller_number = ?`,
      ),
      marksOfNumber: db.prepare<[string], MarkRow>(`SELECT at_ms, call_id, state, by, note FROM follow_up_marks WHERE caller_number = ?`),
      entriesOfNumber: db.prepare<[string], FollowUpRow>(`SELECT * FROM follow_ups WHERE caller_number = ?`),
      // A call whose outcome is not known (a Call Start ringing) changes no entry unless it once did: the screen pop's
      // transaction does not recompute its caller's entries.
      numbersOfCalls: db
        .prepare<[string], string>(
          `SELECT DISTINCT caller_number FROM calls c WHERE id IN (SELECT value FROM json_each(?)) AND caller_number IS NOT NULL
             AND (outcome IN ('answered', 'missed', 'voicemail') OR EXISTS (SELECT 1 FROM follow_up_calls WHERE call_id = c.id)
               OR EXISTS (SELECT 1 FROM follow_ups WHERE reached_call_id = c.id))`,
        )
        .pluck(),
      deleteEntry: db.prepare<[number]>(`DELETE FROM follow_ups WHERE id = ?`),
      deleteMembers: db.prepare<[number]>(`DELETE FROM follow_up_calls WHERE follow_up_id = ?`),
      // An upsert, not INSERT OR REPLACE: REPLACE's delete fires no delete trigger, and the counts kept by triggers
      // (migration 15) would drift.
      upsertEntry: db.prepare<FollowUpRow>(
        `INSERT INTO follow_ups (id, caller_number, state, reason, calls, last_call_ms, last_call_id, call_ids, done_ms, done_by,
           resolution, note, reached_call_id)
         VALUES (@id, @caller_number, @state, @reason, @calls, @last_call_ms, @last_call_id, @call_ids, @done_ms, @done_by, @resolution, @note,
           @reached_call_id)
         ON CONFLICT (id) DO UPDATE SET caller_number = excluded.caller_number, state = excluded.state, reason = excluded.reason,
           calls = excluded.calls, last_call_ms = excluded.last_call_ms, last_call_id = excluded.last_call_id, call_ids = excluded.call_ids,
           done_ms = excluded.done_ms, done_by = excluded.done_by, resolution = excluded.resolution, note = excluded.note,
           reached_call_id = excluded.reached_call_id`,
      ),
      insertMember: db.prepare<[number, number]>(`INSERT OR REPLACE INTO follow_up_calls (call_id, follow_up_id) VALUES (?, ?)`),
      insertMark: db.prepare<[string, number, number, string, string, string | null]>(
        `INSERT INTO follow_up_marks (caller_number, call_id, at_ms, state, by, note) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      entryOfCall: db.prepare<[number], FollowUpRow>(
        `SELECT f.* FROM follow_up_calls fc JOIN follow_ups f ON f.id = fc.follow_up_id WHERE fc.call_id = ?`,
      ),
      entriesByIds: db.prepare<[string], FollowUpRow>(`SELECT f.* FROM json_each(?) j JOIN follow_ups f ON f.id = j.value ORDER BY j.key`),
      list: db.prepare<[string, number], FollowUpRow>(`SELECT * FROM follow_ups WHERE state = ? ORDER BY last_call_ms DESC, id DESC LIMIT ?`),
      // Kept by triggers (migration 15): one row, whatever the number of entries.
      openCount: db.prepare<[], number>(`SELECT n FROM follow_up_counts WHERE state = 'open'`).pluck(),
      flag: db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck(),
    };
  }

  /** Whether the entries of a stored history are still being built (./followUpBuild.ts): the list is not whole yet. */
  building(): boolean {
    return this.stmt.flag.get(BUILD_FLAG) !== undefined;
  }

  /** Recomputes the entries of the numbers of these calls; run in the transaction that stored them. */
  recomputeForCalls(callIds: readonly number[]): void {
    if (callIds.length === 0) return;
    for (const number of this.stmt.numbersOfCalls.all(JSON.stringify(callIds))) this.recompute(number);
  }

  /** Recomputes one number's entries and rewrites those that differ, as changes to push. */
  recompute(number: string): void {
    const calls = this.stmt.callsOfNumber.all(number).map(callOfRow);
    const marks = this.stmt.marksOfNumber.all(number).map(markOfRow);
    this.settle(number, calls, marks, this.stmt.entriesOfNumber.all(number), true);
  }

  /**
   * Rewrites the stored entries of `number` that differ from what its calls and marks give. `live`: they are
   * changes to push (a build's are not: a window would be sent the whole history).
   */
  settle(number: string, calls: readonly CallOfNumber[], marks: readonly FollowUpMark[], storedRows: readonly FollowUpRow[], live: boolean): void {
    const wanted = new Map(followUpEntries(calls, marks).map((e) => [e.id, rowOf(number, e)]));
    const stored = new Map(storedRows.map((r) => [r.id, r]));
    const moved = (row: FollowUpRow) => {
      if (live) for (const id of JSON.parse(row.call_ids) as number[]) this.changedCalls.add(id);
    };
    for (const [id, row] of stored) {
      if (wanted.has(id)) continue;
      this.stmt.deleteEntry.run(id);
      this.stmt.deleteMembers.run(id);
      moved(row);
    }
    for (const [id, row] of wanted) {
      const before = stored.get(id);
      if (before && sameRow(before, row)) continue;
      this.stmt.deleteMembers.run(id);
      this.stmt.upsertEntry.run(row);
      for (const callId of JSON.parse(row.call_ids) as number[]) this.stmt.insertMember.run(callId, id);
      if (before) moved(before);
      moved(row);
      if (live) this.changedEntries.add(id);
    }
  }

  /** Marks the entry holding this call; false when the call is in no entry. Recomputes in the same transaction. */
  mark(callId: number, state: FollowUpState, by: string, note: string | null, atMs: number): boolean {
    return this.db.transaction(() => {
      const entry = this.stmt.entryOfCall.get(callId);
      if (!entry) return false;
      // Never before the entry's latest call: a caller's clock ahead of ours must not leave the mark unapplied.
      this.stmt.insertMark.run(entry.caller_number, callId, Math.max(atMs, entry.last_call_ms), state, by, note);
      this.recompute(entry.caller_number);
      return true;
    })();
  }

  entryOfCall(callId: number): FollowUp | null {
    const row = this.stmt.entryOfCall.get(callId);
    return row ? this.views([row])[0]! : null;
  }

  list(state: FollowUpState): FollowUp[] {
    return this.views(this.stmt.list.all(state, FOLLOW_UPS_LISTED));
  }

  /**
   * A state's list with how many are open in all and whether they are still being built, in one read (one
   * snapshot), so the count and the list agree.
   */
  listing(state: FollowUpState): { followUps: FollowUp[]; open: number; building: boolean } {
    return this.db.transaction(() => ({ followUps: this.list(state), open: this.openCount(), building: this.building() }))();
  }

  openCount(): number {
    return this.stmt.openCount.get() ?? 0;
  }

  /** What changed since the last call (entries as they now stand), or null when nothing did. */
  takeChanges(): FollowUpChanges | null {
    if (this.changedEntries.size === 0 && this.changedCalls.size === 0) return null;
    const changes = { entryIds: [...this.changedEntries], callIds: [...this.changedCalls] };
    this.changedEntries.clear();
    this.changedCalls.clear();
    return changes;
  }

  /** A number's entries, oldest first. */
  ofNumber(number: string): FollowUp[] {
    return this.views(this.stmt.entriesOfNumber.all(number).sort((a, b) => a.last_call_ms - b.last_call_ms));
  }

  entriesByIds(ids: readonly number[]): FollowUp[] {
    return this.views(this.stmt.entriesByIds.all(JSON.stringify(ids)));
  }

  private views(rows: FollowUpRow[]): FollowUp[] {
    const names = this.displayNames(rows.map((r) => r.last_call_id));
    return rows.map((r) => ({
      id: r.id,
      callerNumber: r.caller_number,
      displayName: names.get(r.last_call_id) ?? r.caller_number,
      calls: r.calls,
      lastCallAt: iso(r.last_call_ms)!,
      lastCallId: r.last_call_id,
      callIds: JSON.parse(r.call_ids) as number[],
      reason: r.reason,
      state: r.state,
      doneAt: iso(r.done_ms),
      doneBy: r.done_by,
      resolution: r.resolution,
      note: r.note,
      reachedCallId: r.reached_call_id,
    }));
  }
}
