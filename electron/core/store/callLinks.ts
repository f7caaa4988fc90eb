// Which stored call an incoming event belongs to: by TelmetricsId, else by the numbers and the time
// (shared/calls/link.ts), for webhook events and API records alike. Reads only: the caller writes the event.

import { nearestCall, nearestStart, RING_AFTER_START_MS, RING_BEFORE_START_MS, type CallFacts } from '../../../shared/calls/link';
import type { CallEvent, FoldedCall } from '../../../shared/domain';
import type { Db } from './db';
import { ms } from './rows';

/** A call that has only a Call Start so far (the query asks for a ring time). */
interface StartOnlyRow {
  id: number;
  ring_ms: number;
  data: string;
}

/** A call known by its later events (or the API), with no Call Start yet. */
interface StartlessRow {
  id: number;
  started_ms: number;
  ended_ms: number | null;
  data: string;
}

/** The parameters of the calls candidates near a time: tracking number, caller (or null), the window's bounds. */
type CandidateParams = [string, string | null, number, number];

export class CallLinks {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      callByTelmetricsId: db.prepare<[string], { id: number }>(`SELECT id FROM calls WHERE telmetrics_id = ?`),
      // Calls that have only a Call Start so far, ringing near the given call's start.
      startOnlyCandidates: db.prepare<CandidateParams, StartOnlyRow>(
        `SELECT id, ring_ms, data FROM calls
         WHERE called_number = ? AND caller_number IS ? AND telmetrics_id IS NULL AND ring_ms IS NOT NULL
           AND started_ms BETWEEN ? AND ?`,
      ),
      // Calls known by their later events that have no Call Start yet.
      startlessCandidates: db.prepare<CandidateParams, StartlessRow>(
        `SELECT id, started_ms, ended_ms, data FROM calls
         WHERE called_number = ? AND caller_number IS ? AND telmetrics_id IS NOT NULL AND ring_ms IS NULL
           AND started_ms BETWEEN ? AND ?`,
      ),
    };
  }

  /** The existing call this event belongs to, if any. */
  callOf(event: CallEvent): number | null {
    if (event.telmetricsId) {
      const known = this.stmt.callByTelmetricsId.get(event.telmetricsId);
      if (known) return known.id;
      const startedMs = ms(event.startedAt);
      if (startedMs === null || !event.calledNumber) return null;
      const facts: CallFacts = { ...event, startedAtMs: startedMs, endedAtMs: ms(event.endedAt) };
      const rows = this.stmt.startOnlyCandidates.all(
        event.calledNumber,
        event.callerNumber,
        startedMs - RING_BEFORE_START_MS,
        startedMs + RING_AFTER_START_MS,
      );
      const starts = rows.map((row) => ({
        id: row.id,
        facts: { ...(JSON.parse(row.data) as FoldedCall), ringAtMs: row.ring_ms },
      }));
      return nearestStart(facts, starts)?.id ?? null;
    }
    if (event.kind === 'start') {
      const ringAtMs = ms(event.ringAt);
      if (ringAtMs === null || !event.calledNumber) return null;
      const rows = this.stmt.startlessCandidates.all(
        event.calledNumber,
        event.callerNumber,
        ringAtMs - RING_AFTER_START_MS,
        ringAtMs + RING_BEFORE_START_MS,
      );
      const candidates = rows.map((row) => {
        const call = JSON.parse(row.data) as FoldedCall;
        return { id: row.id, facts: { ...call, startedAtMs: row.started_ms, endedAtMs: row.ended_ms } };
      });
      return nearestCall({ ...event, ringAtMs }, candidates)?.id ?? null;
    }
    return null;
  }
}
