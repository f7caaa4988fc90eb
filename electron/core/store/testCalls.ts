// Test calls, sent from the tunnel settings through the public URL: marked as such, hidden from lists and
// searches on request, and deleted with everything stored only for them.

import type { Db } from './db';
import type { SettingsStore } from './settingsStore';

/** Setting: "1" leaves test calls out of lists and searches. */
const HIDE_TEST_CALLS_SETTING = 'hideTestCalls';

export class TestCalls {
  private readonly stmt;
  /** Deletes the test calls with their events, search rows and the deliveries that carried only them. */
  readonly deleteTestCalls: () => number;

  constructor(
    db: Db,
    private readonly settings: SettingsStore,
  ) {
    this.stmt = {
      mark: db.prepare<[number], { id: number }>(
        `UPDATE calls SET is_test = 1 WHERE id IN (SELECT call_id FROM events WHERE delivery_id = ? AND call_id IS NOT NULL) RETURNING id`,
      ),
      ids: db.prepare<[], { id: number }>(`SELECT id FROM calls WHERE is_test = 1 ORDER BY id`),
      deleteSearch: db.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`),
      // Their envelopes, so a copy left behind (a retry, a rejected one) is never re-processed into a real call.
      rememberEnvelopes: db.prepare<[]>(
        `INSERT OR IGNORE INTO removed_test_envelopes (envelope_id) SELECT DISTINCT envelope_id FROM events
         WHERE call_id IN (SELECT id FROM calls WHERE is_test = 1) AND envelope_id IS NOT NULL`,
      ),
      deleteEvents: db.prepare<[], { delivery_id: number }>(
        `DELETE FROM events WHERE call_id IN (SELECT id FROM calls WHERE is_test = 1) RETURNING delivery_id`,
      ),
      // A test call's number is made up, but an API record could still have been linked to it.
      deleteRecords: db.prepare<[]>(`DELETE FROM api_events WHERE call_id IN (SELECT id FROM calls WHERE is_test = 1)`),
      deleteOrphan: db.prepare<[number, number]>(`DELETE FROM deliveries WHERE id = ? AND NOT EXISTS (SELECT 1 FROM events WHERE delivery_id = ?)`),
      deleteCalls: db.prepare<[]>(`DELETE FROM calls WHERE is_test = 1`),
    };
    this.deleteTestCalls = db.transaction(() => {
      const ids = this.testCallIds();
      for (const id of ids) this.stmt.deleteSearch.run(id);
      this.stmt.rememberEnvelopes.run();
      const deliveries = this.stmt.deleteEvents.all();
      for (const id of new Set(deliveries.map((d) => d.delivery_id))) this.stmt.deleteOrphan.run(id, id);
      this.stmt.deleteRecords.run();
      this.stmt.deleteCalls.run();
      return ids.length;
    });
  }

  /** Marks the calls a delivery created or changed as test calls; returns their ids. */
  markTestCalls(deliveryId: number): number[] {
    return this.stmt.mark
      .all(deliveryId)
      .map((r) => r.id)
      .sort((a, b) => a - b);
  }

  testCallIds(): number[] {
    return this.stmt.ids.all().map((r) => r.id);
  }

  testCallsHidden(): boolean {
    return this.settings.getSetting(HIDE_TEST_CALLS_SETTING) === '1';
  }

  setTestCallsHidden(hidden: boolean): void {
    this.settings.setSetting(HIDE_TEST_CALLS_SETTING, hidden ? '1' : '0');
  }
}
