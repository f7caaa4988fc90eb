// Notes staff add to a call (kept exactly as typed, with who and when) and when a call was first opened.

import type { CallNote } from '../../../shared/domain';
import type { Db } from './db';

export class CallNotes {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      insert: db.prepare<[number, string, string, string]>(`INSERT INTO call_notes (call_id, at, by, text) VALUES (?, ?, ?, ?)`),
      ofCall: db.prepare<[number], CallNote>(`SELECT id, at, by, text FROM call_notes WHERE call_id = ? ORDER BY id`),
      // The first opening is kept: a second window opening it later does not move it.
      markOpened: db.prepare<[string, number]>(`UPDATE calls SET opened_at = coalesce(opened_at, ?) WHERE id = ?`),
    };
  }

  add(callId: number, at: string, by: string, text: string): void {
    this.stmt.insert.run(callId, at, by, text);
  }

  /** Oldest first. */
  ofCall(callId: number): CallNote[] {
    return this.stmt.ofCall.all(callId);
  }

  /** False when there is no such call. */
  markOpened(callId: number, at: string): boolean {
    return this.stmt.markOpened.run(at, callId).changes > 0;
  }
}
