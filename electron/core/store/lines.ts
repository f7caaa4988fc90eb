// The tracking numbers ("lines") the calls came in on: the label staff gave each, and the name of its ad as
// learned from its calls (rows.ts' NOTE_LINE_SQL, written by every ingest path).

import type { LineView } from '../../../shared/api';
import { formatPhone } from '../../../shared/phone';
import { TEST_TRACKING_NUMBER } from '../../../shared/tunnel/testCall';
import type { Db } from './db';

interface LineRow {
  number: string;
  label: string | null;
  ad_name: string | null;
  last_call_ms: number | null;
}

function view(row: LineRow): LineView {
  return {
    number: row.number,
    label: row.label,
    adName: row.ad_name,
    name: row.label ?? row.ad_name ?? formatPhone(row.number) ?? row.number,
    lastCallAt: row.last_call_ms === null ? null : new Date(row.last_call_ms).toISOString(),
  };
}

export class Lines {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      // The test calls' tracking number is not a line of the office's, unless staff labelled it.
      list: db.prepare<[string], LineRow>(
        `SELECT number, label, ad_name, last_call_ms FROM lines WHERE number <> ? OR label IS NOT NULL
         ORDER BY last_call_ms IS NULL, last_call_ms DESC, number`,
      ),
      get: db.prepare<[string], LineRow>(`SELECT number, label, ad_name, last_call_ms FROM lines WHERE number = ?`),
      // Staff may label a line before its first call.
      setLabel: db.prepare<[string, string | null]>(
        `INSERT INTO lines (number, label) VALUES (?, ?) ON CONFLICT (number) DO UPDATE SET label = excluded.label`,
      ),
    };
  }

  list(): LineView[] {
    return this.stmt.list.all(TEST_TRACKING_NUMBER).map(view);
  }

  /** Labels a line (null: back to its ad's name) and returns it. */
  save(number: string, label: string | null): LineView {
    this.stmt.setLabel.run(number, label);
    return view(this.stmt.get.get(number)!);
  }
}
